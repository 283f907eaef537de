import { PatchParser, type AddedBlock } from '../../src/checks/secrets/scopes/patch.js';

/** The added blocks of a whole `git log -p` / `git diff` text. */
export function addedBlocks(text: string): AddedBlock[] {
  const blocks: AddedBlock[] = [];
  const parser = new PatchParser((b) => blocks.push(b));
  for (const line of text.split('\n')) parser.push(line);
  parser.end();
  return blocks;
}
