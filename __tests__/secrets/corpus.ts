// The labelled corpus: realistic files under __tests__/fixtures/secrets-corpus with inline labels.
//   ⟦gen→rule⟧ / ⟦gen:arg→rule⟧  a true case: replaced by a generated credential that `rule` must report
//                               on this line (for multi-line blocks: the line where the block starts), at
//                               the rule's own severity under the default `checks.secrets.report` table.
//   ⟦gen→rule!warning⟧          the same, capped at a warning by the default table (a key in test code).
//   ⟦gen→rule?⟧                 a candidate the default table keeps quiet (a fixture password in a test):
//                               found, counted, listed only with --all-candidates.
//   ⟦fp:why⟧                    a hard false case: stripped; nothing may be found on this line.
// Any finding on a line without a true label counts as a false positive. TypeScript files are stored with a
// `.fixture` suffix (so that the type checker and the test runner leave them alone) and scanned without it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GENERATORS } from './corpus-generators.js';
import { FakeRandom } from './fakes.js';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'secrets-corpus');

/** What the default report table does with a finding: the rule's severity, a cap, or quiet. */
export type Outcome = 'reported' | 'warning' | 'notice' | 'quiet';

export interface Expected {
  path: string;
  line: number;
  rule: string;
  secret: string;
  outcome: Outcome;
}

export interface CorpusFile {
  path: string;
  text: string;
  expected: Expected[];
  /** Lines labelled as hard false cases, with why. */
  falseCases: { line: number; why: string }[];
}

const LABEL = /⟦([^⟧]*)⟧/g;

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Expands the labels of one corpus file: the text the detector sees, and what it must find. */
export function expand(path: string, raw: string): CorpusFile {
  const r = new FakeRandom(seedOf(path));
  const expected: Expected[] = [];
  const falseCases: { line: number; why: string }[] = [];
  let text = '';
  let line = 1;
  let last = 0;
  for (const m of raw.matchAll(LABEL)) {
    const before = raw.slice(last, m.index);
    text += before;
    line += before.split('\n').length - 1;
    last = m.index + m[0].length;
    const label = m[1] as string;
    if (label.startsWith('fp:')) {
      falseCases.push({ line, why: label.slice(3) });
      continue;
    }
    const [gen, target] = label.split('→');
    const [name, arg] = (gen ?? '').split(':');
    const generate = GENERATORS[name ?? ''];
    const parsed = /^([a-z0-9-]+)(\?|!warning|!notice)?$/.exec(target ?? '');
    if (!generate || !parsed) throw new Error(`${path}:${line}: bad label ⟦${label}⟧`);
    const outcome: Outcome = parsed[2] === '?' ? 'quiet' : parsed[2] === '!warning' ? 'warning' : parsed[2] === '!notice' ? 'notice' : 'reported';
    const secret = generate(r, arg);
    expected.push({ path, line, rule: `secrets/${parsed[1]}`, secret, outcome });
    text += secret;
    line += secret.split('\n').length - 1;
  }
  text += raw.slice(last);
  return { path, text, expected, falseCases };
}

export function loadCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const path = relative(CORPUS_DIR, abs).split('\\').join('/').replace(/\.fixture$/, '');
        files.push(expand(path, readFileSync(abs, 'utf8')));
      }
    }
  };
  walk(CORPUS_DIR);
  return files;
}
