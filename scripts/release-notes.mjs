// Prints the notes of one version from CHANGELOG.md (its section, without the heading), for the GitHub
// release: `node scripts/release-notes.mjs [VERSION]` (default: package.json's version). Exits 1 when the
// changelog has no section for the version, or an empty one, so that a release cannot go out without notes.
import { readFileSync } from 'node:fs';

const version = (process.argv[2] ?? JSON.parse(readFileSync('package.json', 'utf8')).version).replace(/^v/, '');
const lines = readFileSync('CHANGELOG.md', 'utf8').split('\n');
const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
if (start === -1) {
  console.error(`CHANGELOG.md has no section "## [${version}]"`);
  process.exit(1);
}
let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
if (end === -1) end = lines.length;
const notes = lines.slice(start + 1, end).join('\n').trim();
if (!notes) {
  console.error(`CHANGELOG.md's section for ${version} is empty`);
  process.exit(1);
}
process.stdout.write(`${notes}\n`);
