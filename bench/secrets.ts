// npm run bench -- secrets [-- [checkout] [--no-1gb] [--no-secretlint] [--runs N] [--profile]]
//
// The secrets scan (through the engine, only the secrets check, full scope) of a generated ~3,000-file,
// ~65 MB repository and of a generated 1 GB tree (both under .bench/secrets/, generated once from a
// seed and reused), or of a checkout given as an argument. In the same run: the floor (a bare loop that
// lists the same files, reads them and runs one keyword regex over them) and secretlint 13 with its
// recommended preset (its own CLI, on the same directory). Reports MB/s, wall time and the ratios the
// issues set as goals: secrets within 2.5x of the floor, secretlint at least 5x slower than secrets, and
// worker threads (one per core, up to 4) at least 1.6x faster than one thread, with identical findings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import secretsCheck from '../src/checks/secrets/index.js';
import { SECRET_RULES } from '../src/checks/secrets/catalogue.js';
import type { Check } from '../src/core/check.js';
import { scan } from '../src/core/engine.js';
import type { Report } from '../src/core/report.js';
import { loadPolicyText } from '../src/policy/load.js';
import { Git } from '../src/sources/git.js';
import { listFiles } from '../src/sources/list.js';
import { setWorkerScript } from '../src/workers/pool.js';
import { isPoolWorker, runPoolWorker } from '../src/workers/worker.js';
import { secretSamples, type Sample } from '../__tests__/helpers/secret-samples.js';
import { generateTree, type GeneratedFile } from './_corpus.js';
import type { Random } from './_random.js';

const GENERATOR_VERSION = 5;
const MB = 1024 * 1024;

interface Options {
  checkout?: string;
  large: boolean;
  secretlint: boolean;
  runs: number;
  profile: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { large: true, secretlint: true, runs: 3, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--no-1gb') options.large = false;
    else if (arg === '--no-secretlint') options.secretlint = false;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i]));
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.checkout = resolve(arg);
  }
  return options;
}

// ---- generated trees ---------------------------------------------------------------------------------

interface TreeSpec {
  name: string;
  seed: number;
  bytes: number;
  /** How many times each sample is planted. */
  copies: number;
}

interface TreeInfo {
  version: number;
  files: number;
  bytes: number;
  planted: { path: string; name: string }[];
}

/** Writes the tree once; later runs reuse it (a marker file records what was generated). */
function ensureTree(spec: TreeSpec): { root: string; info: TreeInfo } {
  const root = resolve('.bench/secrets', spec.name);
  const marker = `${root}.json`;
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as TreeInfo;
    if (info.version === GENERATOR_VERSION && existsSync(root)) return { root, info };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const samples: { sample: Sample; copy: number }[] = [];
  for (let copy = 0; copy < spec.copies; copy++) for (const sample of secretSamples(spec.seed * 1000 + copy)) samples.push({ sample, copy });
  // Spread the planted files over the whole tree.
  const approxFiles = Math.round(spec.bytes / 21_000);
  const plantAt = new Map<number, { sample: Sample; copy: number }>();
  samples.forEach((s, i) => plantAt.set(Math.floor(((i + 0.5) * approxFiles) / samples.length) + 1, s));
  const planted: { path: string; name: string }[] = [];
  const plant = (_r: Random, index: number): GeneratedFile | undefined => {
    const at = plantAt.get(index);
    if (!at) return undefined;
    const path = at.copy ? at.sample.path.replace(/^([^/]+\/)?/, (m) => `${m}copy${at.copy}/`) : at.sample.path;
    return { path, content: at.sample.text };
  };
  let files = 0;
  let bytes = 0;
  const dirs = new Set<string>();
  for (const file of generateTree(spec.seed, spec.bytes, plant)) {
    const abs = join(root, file.path);
    const dir = dirname(abs);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(abs, file.content);
    const at = plantAt.get(files + 1);
    if (at) planted.push({ path: file.path, name: at.sample.name });
    files++;
    bytes += Buffer.byteLength(file.content);
  }
  // A repository of its own, so that the scan lists it with git (untracked files) like any checkout.
  spawnSync('git', ['init', '-q'], { cwd: root });
  const info: TreeInfo = { version: GENERATOR_VERSION, files, bytes, planted };
  writeFileSync(marker, JSON.stringify(info, null, 1));
  console.log(`generated ${spec.name}: ${files} files, ${(bytes / MB).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { root, info };
}

// ---- measurements ------------------------------------------------------------------------------------

interface Timing {
  ms: number;
  bytes: number;
  files: number;
}

/** The floor: list the files as the engine does, read each, decode, run one keyword regex over it. */
async function floor(root: string): Promise<Timing & { hits: number }> {
  const started = performance.now();
  const git = await Git.open(root);
  const listing = await listFiles(root, git);
  const paths = listing.entries.filter((e) => e.kind === 'file').map((e) => e.path);
  const keyword = /key|token|secret|passw/gi;
  let bytes = 0;
  let hits = 0;
  // Synchronous reads: the fastest way to read many small files from the page cache.
  for (const path of paths) {
    const buffer = readFileSync(join(root, path));
    bytes += buffer.length;
    const text = buffer.toString('utf8');
    keyword.lastIndex = 0;
    while (keyword.exec(text)) hits++;
  }
  return { ms: performance.now() - started, bytes, files: paths.length, hits };
}

const POLICY = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n';
const CHECKS = [secretsCheck as Check<never>];

async function secretsScan(root: string, threads = 1): Promise<Timing & { report: Report }> {
  const loaded = await loadPolicyText('security-policy.yml', POLICY, { root, checks: CHECKS });
  const started = performance.now();
  const report = await scan({ root, loaded, checks: CHECKS, scope: { kind: 'full' }, threads });
  return { ms: performance.now() - started, bytes: report.stats.bytes, files: report.stats.scanned, report };
}

function secretlint(root: string): Timing & { findings: number; error?: string } {
  // The bench's own install (bench/package.json): secretlint needs Node 22 and is no dependency of the project.
  const bin = resolve('bench/node_modules/secretlint/bin/secretlint.js');
  if (!existsSync(bin)) return { ms: 0, bytes: 0, files: 0, findings: 0, error: 'not installed: run `npm ci --prefix bench` (Node 22 or later), or pass --no-secretlint' };
  const out = join(root, '..', 'secretlint-output.txt');
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [bin, '**/*', '--format', 'unix', '--output', out, '--no-color', '--no-terminalLink', '--secretlintrcJSON', JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] })],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * MB },
  );
  const ms = performance.now() - started;
  // Exit 1 means "found something"; anything else is a failure to run.
  if (run.status !== 0 && run.status !== 1) return { ms, bytes: 0, files: 0, findings: 0, error: (run.stderr || run.stdout || `exit ${run.status}`).slice(0, 500) };
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const findings = text.split('\n').filter((l) => /:\d+:\d+:/.test(l)).length;
  return { ms, bytes: 0, files: 0, findings };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function mbps(bytes: number, ms: number): string {
  return `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
}

async function profileScan(root: string, name: string): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await secretsScan(root);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const file = resolve('.bench/secrets', `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  // Self time by function, from the samples.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const total = profile.samples?.length ?? 0;
  for (const id of profile.samples ?? []) {
    const node = byId.get(id);
    if (!node) continue;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  console.log(`\nCPU profile of the secrets scan (${file}), self time:`);
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}

async function measure(label: string, root: string, options: Options, planted?: TreeInfo['planted']): Promise<void> {
  console.log(`\n--- ${label}: ${root}`);
  // Warm the page cache so that every contender reads from memory.
  await floor(root);
  const floors: number[] = [];
  const scans: number[] = [];
  const parallel: number[] = [];
  const threads = Math.min(availableParallelism(), 4);
  let parallelReport: Report | undefined;
  let last: (Timing & { report: Report }) | undefined;
  let floorInfo: (Timing & { hits: number }) | undefined;
  for (let i = 0; i < options.runs; i++) {
    floorInfo = await floor(root);
    floors.push(floorInfo.ms);
    globalThis.gc?.();
    last = await secretsScan(root);
    scans.push(last.ms);
    globalThis.gc?.();
    if (threads > 1) {
      const p = await secretsScan(root, threads);
      parallel.push(p.ms);
      parallelReport = p.report;
      globalThis.gc?.();
    }
  }
  if (!last || !floorInfo) return;
  const floorMs = median(floors);
  const scanMs = median(scans);
  const bytes = floorInfo.bytes;
  const report = last.report;
  const secretFindings = report.findings.filter((f) => f.check === 'secrets');
  console.log(`files: ${floorInfo.files} listed, ${report.stats.scanned} scanned; ${(bytes / MB).toFixed(1)} MB; rules: ${SECRET_RULES.length}`);
  console.log(`floor (list + read + /key|token|secret|passw/gi): ${(floorMs / 1000).toFixed(2)} s  ${mbps(bytes, floorMs)}  (${floorInfo.hits} keyword hits)`);
  console.log(`secrets scan (engine, secrets check only):        ${(scanMs / 1000).toFixed(2)} s  ${mbps(bytes, scanMs)}  runs: ${scans.map((m) => (m / 1000).toFixed(2)).join(', ')} s`);
  console.log(`  => ${(scanMs / floorMs).toFixed(2)}x the floor (goal: <= 2.5x)`);
  const parallelMs = parallel.length ? median(parallel) : undefined;
  if (parallelMs !== undefined && parallelReport) {
    const same = JSON.stringify(parallelReport.findings) === JSON.stringify(report.findings);
    console.log(`secrets scan, ${threads} worker threads:                 ${(parallelMs / 1000).toFixed(2)} s  ${mbps(bytes, parallelMs)}  runs: ${parallel.map((m) => (m / 1000).toFixed(2)).join(', ')} s`);
    console.log(`  => ${(scanMs / parallelMs).toFixed(2)}x the speed of one thread (goal: >= 1.6x); findings ${same ? 'identical' : 'DIFFERENT'}`);
  }
  console.log(`findings: ${secretFindings.length}${report.checks.find((c) => c.id === 'secrets')?.error ? ` (check error: ${report.checks.find((c) => c.id === 'secrets')?.error})` : ''}`);
  if (planted) {
    const plantedPaths = new Set(planted.map((p) => p.path));
    const foundPaths = new Set(secretFindings.map((f) => f.location?.path));
    const missed = planted.filter((p) => !foundPaths.has(p.path));
    const outside = secretFindings.filter((f) => !plantedPaths.has(f.location?.path ?? ''));
    console.log(`planted: ${planted.length - missed.length}/${planted.length} found; findings outside planted files: ${outside.length}`);
    if (missed.length) console.log(`  missed: ${[...new Set(missed.map((m) => m.name))].join(', ')}`);
    if (outside.length) {
      const byRule = new Map<string, number>();
      for (const f of outside) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      console.log(`  outside by rule: ${[...byRule].map(([id, n]) => `${id} ${n}`).join(', ')}`);
      console.log(`  e.g.: ${[...new Set(outside.map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.line}`))].slice(0, 8).join('; ')}`);
    }
  }
  if (options.secretlint) {
    const sl = secretlint(root);
    if (sl.error) console.log(`secretlint: could not run: ${sl.error}`);
    else {
      console.log(`secretlint 13 (preset-recommend, CLI, Node ${process.versions.node}): ${(sl.ms / 1000).toFixed(2)} s  ${mbps(bytes, sl.ms)}  (${sl.findings} findings)`);
      console.log(`  => secrets is ${(sl.ms / scanMs).toFixed(1)}x faster than secretlint in one thread${parallelMs ? `, ${(sl.ms / parallelMs).toFixed(1)}x with ${threads}` : ''} (goal: >= 5x)`);
    }
  }
  if (options.profile) await profileScan(root, label.replace(/\W+/g, '-'));
}

// The bundle is its own worker script (as dist/cli.js is).
if (isPoolWorker()) runPoolWorker();
else {
  setWorkerScript(new URL(import.meta.url));
  const options = parseArgs(process.argv.slice(2));
  console.log(`Node ${process.version}, ${SECRET_RULES.length} secret rules`);
  if (options.checkout) {
    await measure('checkout', options.checkout, options);
  } else {
    const small = ensureTree({ name: 'repo-65mb', seed: 1, bytes: 65 * MB, copies: 1 });
    await measure(`generated ${small.info.files} files, ${(small.info.bytes / MB).toFixed(0)} MB`, small.root, options, small.info.planted);
    if (options.large) {
      const large = ensureTree({ name: 'tree-1gb', seed: 2, bytes: 1024 * MB, copies: 3 });
      await measure(`generated ${large.info.files} files, ${(large.info.bytes / MB).toFixed(0)} MB`, large.root, { ...options, runs: 1 }, large.info.planted);
    }
  }
}
