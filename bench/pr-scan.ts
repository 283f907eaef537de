// npm run bench -- pr-scan [-- --sizes 100,400]
// Full scan and 200-file pull request scan of generated monorepos of several sizes, with every check of
// the recommended preset, run as shipped (node dist/cli.js) in a child process: wall time, MB/s, files/s
// and peak RSS. The pull request scan should cost what the pull request changes, whatever the tree's size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateTree } from './_corpus.js';

const MB = 1024 * 1024;
const args = process.argv.slice(2);
const sizesAt = args.indexOf('--sizes');
const sizes = (sizesAt >= 0 ? (args[sizesAt + 1] ?? '') : '100,400').split(',').map(Number).filter((n) => n > 0);
const CLI = join(process.cwd(), 'dist', 'cli.js');

function git(root: string, ...a: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A generated monorepo committed on `main`, and a branch `pr` that changes 200 of its source files. */
function ensureRepo(megabytes: number): { root: string; files: number; bytes: number } {
  const root = join(process.cwd(), '.bench', 'pr-scan', `tree-${megabytes}mb`);
  const meta = `${root}.json`;
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as { root: string; files: number; bytes: number };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  let files = 0;
  let bytes = 0;
  const sources: string[] = [];
  for (const file of generateTree(megabytes, megabytes * MB, () => undefined)) {
    const abs = join(root, file.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, file.content);
    files++;
    bytes += file.content.length;
    if (/\.(?:ts|tsx|py)$/.test(file.path) && !file.path.includes('test')) sources.push(file.path);
  }
  writeFileSync(join(root, '.env.example'), 'DATABASE_URL=\n');
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
  const info = { root, files, bytes };
  writeFileSync(meta, JSON.stringify(info));
  return info;
}

/** One scan in a child process: wall seconds and peak RSS (KiB) as /usr/bin/time reports them. */
function measure(root: string, extra: string[]): { seconds: number; rssKb: number; scanned: number } {
  const out = join(root, '..', 'report.json');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'scan', root, '-f', 'json', '-o', out, ...extra], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, rss] = last.split(' ').map(Number);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { stats: { scanned: number } };
  return { seconds: seconds ?? NaN, rssKb: rss ?? NaN, scanned: report.stats.scanned };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

console.log(`Node ${process.version}; ${CLI} (run npm run bundle first)`);
for (const size of sizes) {
  const started = Date.now();
  const repo = ensureRepo(size);
  console.log(`\n--- ${repo.files} files, ${(repo.bytes / MB).toFixed(0)} MB (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const [name, extra] of [
    ['full scan', []],
    ['200-file PR', ['--base', 'main', '--head', 'pr']],
  ] as const) {
    const runs = [0, 1, 2].map(() => measure(repo.root, [...extra]));
    const s = median(runs.map((r) => r.seconds));
    const rss = Math.max(...runs.map((r) => r.rssKb));
    const scanned = runs[0]?.scanned ?? 0;
    console.log(
      `${name.padEnd(12)} ${s.toFixed(2)} s  ${(repo.bytes / MB / s).toFixed(1)} MB/s of tree  ${(repo.files / s).toFixed(0)} files/s  files read: ${scanned}  peak RSS ${(rss / 1024).toFixed(0)} MB`,
    );
  }
}
