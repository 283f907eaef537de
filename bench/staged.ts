// npm run bench -- staged [-- [--repo PATH] [--tree MB] [--files N] [--runs N]]
//
// The pre-commit hook's cost: `security-gate scan --staged` run as shipped (node dist/cli.js, so run
// `npm run bundle` first) in a child process, with N source files changed and staged (default 10), in:
// - a clone of this repository (or of --repo);
// - a generated application monorepo (the corpus generator of the other benchmarks, --tree MB, default
//   20: ~1,000 files), committed once under .bench/staged/, with an .env.example that lists what its code
//   reads, as a maintained project's does.
// Beside it, for scale: the CLI's start-up alone (`--version`) and the full scan of the same checkout.
// Prints the median and min–max of --runs runs (default 7) of wall time, and of CPU time (user + system,
// from /usr/bin/time), which the load of other processes on the machine colours less.
// Goal (issue 19): a 10-file commit under 300 ms.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readEnv } from '../src/checks/env/readers/index.js';
import { generateTree } from './_corpus.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const source = resolve(option('--repo') ?? process.cwd());
const treeMb = Math.max(1, Number(option('--tree') ?? 20));
const changed = Math.max(1, Number(option('--files') ?? 10));
const runs = Math.max(5, Number(option('--runs') ?? 7));
const CLI = join(process.cwd(), 'dist', 'cli.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function git(root: string, ...a: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `changed` source files of a checkout, spread over the tree (the same ones on every run), edited and staged. */
function stage(root: string): string[] {
  const code = git(root, 'ls-files', '-z').split('\0').filter((p) => /\.(ts|tsx|js|mjs|py|go|rb)$/.test(p) && !p.includes('fixtures/') && !p.startsWith('dist/'));
  if (code.length < changed) throw new Error(`${root} has ${code.length} source files, fewer than --files ${changed}`);
  const step = Math.floor(code.length / changed);
  const paths = Array.from({ length: changed }, (_, i) => code[i * step] as string);
  for (const path of paths) appendFileSync(join(root, path), `\n// edited for the staged benchmark: ${basename(path)}\n`);
  git(root, 'add', '--', ...paths);
  return paths;
}

function cloned(): string {
  const root = join(process.cwd(), '.bench', 'staged', 'repo');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  git(root, 'clone', '-q', '--no-hardlinks', source, '.');
  return root;
}

/** The generated monorepo, committed once; each benchmark run starts again from its commit. */
function generated(): string {
  const root = join(process.cwd(), '.bench', 'staged', `tree-${treeMb}mb`);
  if (existsSync(join(root, '.git'))) {
    git(root, 'reset', '-q', '--hard');
    return root;
  }
  mkdirSync(root, { recursive: true });
  const names = new Set<string>();
  for (const file of generateTree(treeMb, treeMb * 1024 * 1024, () => undefined)) {
    if (basename(file.path) === '.env.example') continue;
    mkdirSync(join(root, dirname(file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
    for (const read of readEnv(file.path, file.content, []).reads) names.add(read.name);
  }
  writeFileSync(join(root, '.env.example'), `${[...names].sort().map((n) => `${n}=`).join('\n')}\n`);
  writeFileSync(join(root, '.gitignore'), '.env\n.env.local\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'tree');
  return root;
}

interface Run {
  wall: number;
  cpu: number;
  report?: { stats: { scanned: number; files: number }; verdict: string; findings: unknown[] };
}

function once(root: string, cliArgs: string[]): Run {
  const command = TIME ? [TIME, '-f', '%U %S', process.execPath, CLI, ...cliArgs] : [process.execPath, CLI, ...cliArgs];
  const started = performance.now();
  const r = spawnSync(command[0] as string, command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`security-gate ${cliArgs.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const [user, system] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  const report = cliArgs.includes('json') ? JSON.parse(r.stdout) : undefined;
  return { wall, cpu: TIME ? ((user ?? NaN) + (system ?? NaN)) * 1000 : NaN, report };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return `${median.toFixed(0)} ms (min–max ${(sorted[0] as number).toFixed(0)}–${(sorted[sorted.length - 1] as number).toFixed(0)})`;
}

function series(label: string, root: string, cliArgs: string[], n: number): Run[] {
  once(root, cliArgs); // warm the page cache and git's index stat data
  const results = Array.from({ length: n }, () => once(root, cliArgs));
  console.log(`${label.padEnd(34)} wall ${stats(results.map((r) => r.wall))}   cpu ${TIME ? stats(results.map((r) => r.cpu)) : 'n/a'}`);
  return results;
}

if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run bundle first');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
for (const [name, root] of [[`a clone of ${source}`, cloned()], [`a generated ${treeMb} MB monorepo`, generated()]] as const) {
  const paths = stage(root);
  const files = git(root, 'ls-files').split('\n').filter(Boolean).length;
  console.log(`\n${name} (${root}): ${files} tracked files, ${paths.length} staged source files; ${runs} runs each; load average ${load()}`);
  series('node dist/cli.js --version', root, ['--version'], runs);
  const staged = series(`scan --staged (${paths.length} files)`, root, ['scan', '--staged', '--format', 'json'], runs);
  const report = staged[0]?.report;
  if (report) console.log(`  staged scan: ${report.stats.files} files listed, ${report.stats.scanned} read, ${report.findings.length} findings, ${report.verdict}`);
  series('scan (full, the same checkout)', root, ['scan', '--format', 'json'], 5);
}
