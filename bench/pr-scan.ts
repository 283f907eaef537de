// npm run bench -- pr-scan [-- [--trees 100,1024] [--repo PATH [--repo-base REF]] [--runs N]]
//
// Every check of the recommended preset, run as shipped (node dist/cli.js) in a child process, on:
// - generated monorepos (deterministic seed, from the corpus generator): 100 MB (~4,900 files) and
//   1 GB with small source files (~100,000 files), each with a 200-file pull request on a branch;
// - a real checkout given with --repo (e.g. a clone of outline/outline), with a pull request from
//   --repo-base (default HEAD~20) to HEAD.
// For each: the full scan with worker threads (auto) and with one thread, and the pull-request scan:
// wall time, MB/s, files/s, files read and peak RSS. Goals (issue 8): the 1 GB full scan under 512 MB
// of RSS, at least 1.6x faster with both cores than with one, and the 200-file PR in under 2 s whatever
// the tree's size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readEnv } from '../src/checks/env/readers/index.js';
import { generateTree } from './_corpus.js';

const MB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const trees = (option('--trees') ?? '100,1024').split(',').map(Number).filter((n) => n > 0);
const repo = option('--repo');
const repoBase = option('--repo-base') ?? 'HEAD~20';
const runs = Math.max(1, Number(option('--runs') ?? 3));
const CLI = join(process.cwd(), 'dist', 'cli.js');
const GENERATOR_VERSION = 2;

function git(root: string, ...a: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Tree {
  root: string;
  files: number;
  bytes: number;
  version: number;
}

/**
 * A generated monorepo committed on `main`, and a branch `pr` that changes 200 of its source files. The
 * root .env.example lists every variable the generated code reads, as a maintained project's does, so
 * that the scan does the work of a healthy repository instead of reporting thousands of missing names.
 */
function ensureTree(megabytes: number): Tree {
  const root = join(process.cwd(), '.bench', 'pr-scan', `tree-${megabytes}mb`);
  const meta = `${root}.json`;
  if (existsSync(meta)) {
    const tree = JSON.parse(readFileSync(meta, 'utf8')) as Tree;
    if (tree.version === GENERATOR_VERSION && existsSync(root)) return tree;
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  let files = 0;
  let bytes = 0;
  const sources: string[] = [];
  const names = new Set<string>();
  const dirs = new Set<string>();
  // Above 500 MB, source files are smaller, for a tree of many files (~100 per MB).
  const sourceScale = megabytes > 500 ? 0.42 : 1;
  for (const file of generateTree(megabytes, megabytes * MB, () => undefined, { sourceScale })) {
    if (basename(file.path) === '.env.example') continue;
    const abs = join(root, file.path);
    const dir = dirname(abs);
    if (!dirs.has(dir)) mkdirSync(dir, { recursive: true });
    dirs.add(dir);
    writeFileSync(abs, file.content);
    files++;
    bytes += file.content.length;
    for (const read of readEnv(file.path, file.content, []).reads) names.add(read.name);
    if (/\.(?:ts|tsx|py)$/.test(file.path) && !file.path.includes('test')) sources.push(file.path);
  }
  names.add('PR_TIMEOUT');
  writeFileSync(join(root, '.env.example'), [...names].sort().map((n) => `${n}=`).join('\n') + '\n');
  writeFileSync(join(root, '.gitignore'), '.env\n.env.local\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'tree');
  git(root, 'checkout', '-q', '-b', 'pr');
  for (const path of sources.slice(0, 200)) {
    const abs = join(root, path);
    const line = path.endsWith('.py') ? '\nimport os\nTIMEOUT = os.getenv("PR_TIMEOUT", "30")\n' : '\nexport const prTimeout = process.env.PR_TIMEOUT ?? "30";\n';
    writeFileSync(abs, readFileSync(abs, 'utf8') + line);
  }
  git(root, 'commit', '-q', '-am', 'a 200-file change');
  const tree: Tree = { root, files: files + 2, bytes, version: GENERATOR_VERSION };
  writeFileSync(meta, JSON.stringify(tree));
  return tree;
}

interface Run {
  seconds: number;
  rssKb: number;
  scanned: number;
  bytes: number;
  threads: number;
  findings: string;
}

/** One scan in a child process: wall seconds and peak RSS (KiB) as /usr/bin/time reports them. */
function measure(root: string, extra: string[]): Run {
  const out = join(dirname(root), `${basename(root)}-report.json`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'scan', root, '-f', 'json', '-o', out, ...extra], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, rss] = last.split(' ').map(Number);
  if (!existsSync(out) || !(seconds! >= 0)) throw new Error(`scan failed: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { stats: { scanned: number; bytes: number; threads: number }; findings: { ruleId: string; fingerprint: string }[] };
  rmSync(out);
  return {
    seconds: seconds ?? NaN,
    rssKb: rss ?? NaN,
    scanned: report.stats.scanned,
    bytes: report.stats.bytes,
    threads: report.stats.threads,
    findings: report.findings.map((f) => f.fingerprint).sort().join('\n'),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function line(name: string, files: number, bytes: number, results: Run[]): Run {
  const s = median(results.map((r) => r.seconds));
  const rss = Math.max(...results.map((r) => r.rssKb));
  const first = results[0] as Run;
  const count = first.findings ? first.findings.split('\n').length : 0;
  console.log(
    `${name.padEnd(22)} ${s.toFixed(2).padStart(6)} s  ${(bytes / MB / s).toFixed(1).padStart(6)} MB/s  ${(files / s).toFixed(0).padStart(6)} files/s  read ${String(first.scanned).padStart(6)} files (${(first.bytes / MB).toFixed(0)} MB)  threads ${first.threads}  peak RSS ${(rss / 1024).toFixed(0)} MB  findings ${count}`,
  );
  return { ...first, seconds: s, rssKb: rss };
}

/** The physical floor: list the files as git does, read each, run one keyword regex over it (this process). */
function floor(root: string): { seconds: number; hits: number } {
  const started = performance.now();
  const paths = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  const keyword = /key|token|secret|passw/gi;
  let hits = 0;
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue; // a symlink to a directory, a submodule
    }
    keyword.lastIndex = 0;
    while (keyword.exec(text)) hits++;
  }
  return { seconds: (performance.now() - started) / 1000, hits };
}

const SECRETS_ONLY = join(process.cwd(), '.bench', 'pr-scan', 'secrets-only.yml');

function bench(label: string, root: string, files: number, bytes: number, prArgs: string[]): void {
  console.log(`\n--- ${label}`);
  const auto = line('full scan (threads)', files, bytes, Array.from({ length: runs }, () => measure(root, [])));
  const one = line('full scan (1 thread)', files, bytes, Array.from({ length: runs }, () => measure(root, ['--threads', '1'])));
  console.log(`  => threads: ${(one.seconds / auto.seconds).toFixed(2)}x faster than one thread (goal: >= 1.6x), findings ${auto.findings === one.findings ? 'identical' : 'DIFFERENT'}`);
  line('pull request', files, bytes, Array.from({ length: runs }, () => measure(root, prArgs)));
  writeFileSync(SECRETS_ONLY, 'version: 1\nextends: []\nchecks:\n  secrets: {}\n');
  const secrets = line('secrets only (threads)', files, bytes, Array.from({ length: runs }, () => measure(root, ['-p', SECRETS_ONLY])));
  const floors = Array.from({ length: runs }, () => floor(root));
  const floorSeconds = median(floors.map((f) => f.seconds));
  console.log(`floor (list + read + /key|token|secret|passw/gi, one thread, in process): ${floorSeconds.toFixed(2)} s  ${(bytes / MB / floorSeconds).toFixed(1)} MB/s  (${floors[0]?.hits} keyword hits)`);
  console.log(`  => secrets scan (a whole CLI run: start, policy, report) is ${(secrets.seconds / floorSeconds).toFixed(2)}x the floor`);
}

console.log(`Node ${process.version}; ${CLI} (run npm run bundle first)`);
for (const size of trees) {
  const started = Date.now();
  const tree = ensureTree(size);
  bench(`generated ${tree.files} files, ${(tree.bytes / MB).toFixed(0)} MB (ready in ${((Date.now() - started) / 1000).toFixed(1)} s); PR: 200 files`, tree.root, tree.files, tree.bytes, ['--base', 'main', '--head', 'pr']);
}
if (repo) {
  const root = resolve(repo);
  const files = git(root, 'ls-files').split('\n').filter(Boolean).length;
  const changed = git(root, 'diff', '--name-only', `${repoBase}...HEAD`).split('\n').filter(Boolean).length;
  const bytes = git(root, 'ls-tree', '-r', '-l', 'HEAD')
    .split('\n')
    .reduce((n, row) => n + (Number(row.split(/\s+/)[3]) || 0), 0);
  bench(`${root}: ${files} files, ${(bytes / MB).toFixed(0)} MB; PR: ${repoBase}...HEAD, ${changed} files changed`, root, files, bytes, ['--base', repoBase]);
} else {
  console.log('\n(a real checkout: npm run bench -- pr-scan -- --repo PATH [--repo-base REF])');
}
