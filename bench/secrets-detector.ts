// The secrets detector on real source: the first ~8 MB (sorted by path) of text files under node_modules
// (JavaScript, TypeScript, JSON, Markdown, YAML). Compares the ways of doing the keyword prefilter, then
// times detector.scan over the same files. `npm run bench secrets-detector -- <dir> [MB]` scans another tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDetector } from '../src/checks/secrets/detector.js';
import { buildKeywordIndex, scanKeywords } from '../src/checks/secrets/prefilter.js';
import { SECRET_RULES } from '../src/checks/secrets/rules/index.js';

const root = process.argv[2] ?? 'node_modules';
const budget = Number(process.argv[3] ?? 8) * 1024 * 1024;
const TEXT = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|toml|py|go|rb|properties|xml|env)$/;

function collect(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) collect(path, out);
    else if (st.isFile() && TEXT.test(name) && st.size < 2 * 1024 * 1024) out.push(path);
  }
}

const paths: string[] = [];
collect(root, paths);
const files: { path: string; text: string }[] = [];
let bytes = 0;
for (const path of paths) {
  if (bytes >= budget) break;
  const text = readFileSync(path, 'utf8');
  files.push({ path: relative(root, path), text });
  bytes += text.length;
}
const mb = bytes / (1024 * 1024);
console.log(`${files.length} files, ${mb.toFixed(1)} MB of text from ${root}`);

/**
 * Best of five runs, in CPU time of this process (user + system): on a shared machine, wall-clock time
 * counts the time spent waiting for a CPU, CPU time does not.
 */
function time(label: string, run: () => number): void {
  run(); // warm up
  const rounds = 5;
  let best = Infinity;
  let result = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  console.log(`${label.padEnd(52)} ${(mb / (best / 1000)).toFixed(1).padStart(7)} MB/s   (${result} hits/matches, best of ${rounds}, CPU time)`);
}

const keywords = SECRET_RULES.map((r) => r.keywords);
const words = [...new Set(keywords.flat())];
const index = buildKeywordIndex(keywords);

const only = process.env.ONLY_DETECTOR === '1';
if (!only) time('prefilter: Aho-Corasick, compact alphabet (shipped)', () => files.reduce((n, f) => n + scanKeywords(index, f.text, () => {}), 0));

const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = new RegExp([...words].sort((a, b) => b.length - a.length).map(esc).join('|'), 'gi');
if (!only) time('prefilter: one /alt/gi regex', () => {
  let hits = 0;
  for (const f of files) {
    alternation.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = alternation.exec(f.text)) !== null) {
      hits++;
      alternation.lastIndex = m.index + 1;
    }
  }
  return hits;
});

const lowerRe = new RegExp(alternation.source, 'g');
if (!only) time('prefilter: toLowerCase + /alt/g regex', () => {
  let hits = 0;
  for (const f of files) {
    const lower = f.text.toLowerCase();
    lowerRe.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = lowerRe.exec(lower)) !== null) {
      hits++;
      lowerRe.lastIndex = m.index + 1;
    }
  }
  return hits;
});

if (!only) time('prefilter: indexOf per keyword (lower-cased)', () => {
  let hits = 0;
  for (const f of files) {
    const lower = f.text.toLowerCase();
    for (const w of words) for (let i = lower.indexOf(w); i !== -1; i = lower.indexOf(w, i + 1)) hits++;
  }
  return hits;
});

if (!only) time('floor: one keyword regex (/token/gi)', () => files.reduce((n, f) => n + (f.text.match(/token/gi)?.length ?? 0), 0));

const detector = createDetector(SECRET_RULES);
time(`detector.scan, ${SECRET_RULES.length} rules`, () => files.reduce((n, f) => n + detector.scan(f.text, f.path).length, 0));

const byRule = new Map<string, number>();
for (const f of files) for (const m of detector.scan(f.text, f.path)) byRule.set(m.rule.id, (byRule.get(m.rule.id) ?? 0) + 1);
console.log('matches by rule:', Object.fromEntries(byRule));
if (process.env.SHOW) for (const f of files) for (const m of detector.scan(f.text, f.path)) console.log(f.path, m.rule.id, JSON.stringify(f.text.slice(Math.max(0, m.start - 60), m.end + 20)));
