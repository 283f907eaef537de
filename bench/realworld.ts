// npm run bench -- realworld [-- [--repos DIR] [--only owner/name,...] [--runs N]]
//
// Scans real application repositories (bench/realworld/repos.json, each at its pinned commit) with the
// shipped CLI and the recommended preset, matches every finding with its hand-written label
// (bench/realworld/labels*.tsv) and prints, per check and per split (tuned / held-out / held-out-2 / held-out-3 / all): true, false,
// debatable and unlabelled findings and the precision, at every severity and at `error` (what fails the
// gate), every TRUE finding no longer reported, and the recall against the known problems
// (bench/realworld/known-problems.tsv). With --runs N, each scan runs N times and the median and
// min–max wall times are printed next to the floor (a Node process that lists the files, reads each once
// and runs one keyword regex) and the load average. Reports are kept in .bench/realworld/ for labelling.
// Exits non-zero only when the bench itself fails (a scan that crashes, a malformed data file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const DATA = join(process.cwd(), 'bench', 'realworld');
const OUT = join(process.cwd(), '.bench', 'realworld');
const CLI = join(process.cwd(), 'dist', 'cli.js');
const POLICY_NAMES = ['security-policy.yml', 'security-policy.yaml', '.github/security-policy.yml', '.github/security-policy.yaml'];

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const reposDir = resolve(option('--repos') ?? join(process.cwd(), '..', 'bench-repos'));
const only = option('--only')?.split(',');
const runs = Math.max(1, Number(option('--runs') ?? 1));

/**
 * `held-out-2`: a fresh held-out set, chosen and labelled after `held-out` had been seen by the engineers tuning the checks.
 * `held-out-3`: a third one, listed before any scan of it, so that `held-out-2` can be spent on fixing false alarms.
 */
const SPLITS = ['tuned', 'held-out', 'held-out-2', 'held-out-3'] as const;
type Split = (typeof SPLITS)[number];
type Verdict = 'TRUE' | 'FALSE' | 'DEBATABLE';
interface Repo {
  repo: string;
  commit: string;
  stack: string;
  split: Split;
}
interface Label {
  repo: string;
  rule: string;
  path: string;
  line: number;
  fingerprint: string;
  severity: string;
  verdict: Verdict;
  reason: string;
  matched: boolean;
}
interface Finding {
  repo: string;
  ruleId: string;
  check: string;
  severity: string;
  fingerprint: string;
  path: string;
  line: number;
  message: string;
  label?: Label;
}
interface KnownProblem {
  repo: string;
  rule: string;
  /** '' when the problem is repository-wide (a header sent nowhere): any finding of the rule counts. */
  path: string;
  /** Words the finding's message must contain (a header's name), '' for none. */
  words: string;
}

/** `path:line`, `path` or `-` (a finding without a location) into its parts; line 0 when absent. */
function parseWhere(where: string): { path: string; line: number } {
  const m = /^(.*):(\d+)$/.exec(where);
  return m ? { path: m[1] as string, line: Number(m[2]) } : { path: where === '-' ? '' : where, line: 0 };
}

function readTsv(file: string, columns: number): string[][] {
  if (!existsSync(file)) return [];
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  return rows.slice(1).map((row, i) => {
    const cells = row.split('\t');
    if (cells.length < columns) throw new Error(`${file}:${i + 2}: ${cells.length} columns, expected ${columns}`);
    return cells;
  });
}

/** labels.tsv, plus labels-<anything>.tsv (one per line of work, so that parallel labelling merges cleanly). */
function readLabels(): Label[] {
  const files = readdirSync(DATA).filter((f) => /^labels(-[\w.-]+)?\.tsv$/.test(f)).sort();
  return files.flatMap((file) =>
    readTsv(join(DATA, file), 7).map(([repo, rule, where, fingerprint, severity, verdict, reason], i) => {
      if (verdict !== 'TRUE' && verdict !== 'FALSE' && verdict !== 'DEBATABLE') throw new Error(`${file}:${i + 2}: verdict ${verdict}`);
      return { repo, rule, ...parseWhere(where as string), fingerprint, severity, verdict, reason, matched: false } as Label;
    }),
  );
}

function readKnownProblems(): KnownProblem[] {
  return readTsv(join(DATA, 'known-problems.tsv'), 5).map(([repo, rule, where, words]) => ({ repo, rule, path: parseWhere(where as string).path, words }) as KnownProblem);
}

function git(dir: string, ...a: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', a, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ok: r.status === 0, out: r.stdout.trim() };
}

/** The checkout at its pinned commit, or the reason it cannot be scanned. */
function prepare(repo: Repo): { dir: string } | { skip: string } {
  const dir = join(reposDir, repo.repo.replace('/', '+'));
  const how = `clone it to ${dir} and check out ${repo.commit} (recipe: bench/README.md, realworld)`;
  if (!existsSync(join(dir, '.git'))) return { skip: `no checkout: ${how}` };
  if (git(dir, 'rev-parse', 'HEAD').out === repo.commit) return { dir };
  if (!git(dir, 'checkout', '-q', '--detach', repo.commit).ok) return { skip: `commit ${repo.commit} is not in ${dir}: ${how}` };
  return { dir };
}

interface Scan {
  seconds: number;
  findings: Finding[];
  files: number;
  bytes: number;
}

function scanOnce(repo: Repo, dir: string): Scan {
  const report = join(OUT, `${repo.repo.replace('/', '+')}.json`);
  const policy = POLICY_NAMES.some((n) => existsSync(join(dir, n))) ? ['--policy', recommendedPolicy()] : [];
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--output', report, ...policy], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  // Exit 1 is a failed gate, the usual outcome; anything else is the bench's problem.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${repo.repo}: the scan exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    stats: { scanned: number; bytes: number };
    findings: { ruleId: string; check: string; severity: string; fingerprint: string; message: string; location?: { path?: string; line?: number } }[];
  };
  const findings = json.findings.map((f) => ({
    repo: repo.repo,
    ruleId: f.ruleId,
    check: f.check,
    severity: f.severity,
    fingerprint: f.fingerprint,
    path: f.location?.path ?? '',
    line: f.location?.line ?? 0,
    message: f.message,
  }));
  return { seconds, findings, files: json.stats.scanned, bytes: json.stats.bytes };
}

/** A repository that has its own policy is scanned with the recommended preset all the same. */
function recommendedPolicy(): string {
  const file = join(OUT, 'recommended.yml');
  writeFileSync(file, 'version: 1\n'); // no `extends`: the recommended preset alone
  return file;
}

/** The floor: a Node process that lists the files as the CLI does, reads each once, runs one regex. */
function floorOnce(dir: string): number {
  const script = `
    const { execFileSync } = require('node:child_process');
    const { readFileSync } = require('node:fs');
    const paths = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: process.argv[1], maxBuffer: 1 << 30 }).toString().split('\\0').filter(Boolean);
    const keyword = /key|token|secret|passw/gi;
    let hits = 0;
    for (const p of paths) {
      let text;
      try { text = readFileSync(process.argv[1] + '/' + p, 'utf8'); } catch { continue; }
      keyword.lastIndex = 0;
      while (keyword.exec(text)) hits++;
    }
    if (hits < 0) console.log(hits);`;
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-e', script, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`floor failed in ${dir}: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

/**
 * Labels to findings, one to one: the same rule, fingerprint and place; then the same fingerprint at
 * another line (the fingerprint hashes the rule, the path and what was found, not the line, so this is
 * a shifted line, never another finding); then the same place with a changed fingerprint.
 */
function match(findings: Finding[], labels: Label[]): void {
  const passes: ((f: Finding, l: Label) => boolean)[] = [
    (f, l) => f.fingerprint === l.fingerprint && f.path === l.path && f.line === l.line,
    (f, l) => f.fingerprint === l.fingerprint,
    (f, l) => f.path === l.path && f.line === l.line,
  ];
  for (const same of passes) {
    for (const f of findings) {
      if (f.label) continue;
      let best: Label | undefined;
      for (const l of labels) {
        if (l.matched || l.repo !== f.repo || l.rule !== f.ruleId || !same(f, l)) continue;
        if (!best || Math.abs(l.line - f.line) < Math.abs(best.line - f.line)) best = l;
      }
      if (best) {
        best.matched = true;
        f.label = best;
      }
    }
  }
}

interface Tally {
  TRUE: number;
  FALSE: number;
  DEBATABLE: number;
  unlabelled: number;
}
const empty = (): Tally => ({ TRUE: 0, FALSE: 0, DEBATABLE: 0, unlabelled: 0 });
const precision = (t: Tally) => (t.TRUE + t.FALSE ? (t.TRUE / (t.TRUE + t.FALSE)).toFixed(2) : '—');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The splits of the repositories in this run, in the order of SPLITS (a run with --only may hold one). */
function presentSplits(splitOf: Map<string, Split>): Split[] {
  const present = new Set(splitOf.values());
  return SPLITS.filter((s) => present.has(s));
}

function table(findings: Finding[], splitOf: Map<string, Split>): void {
  const checks = [...new Set(findings.map((f) => f.check))].sort();
  const groups: [string, (f: Finding) => boolean][] = [
    ...checks.map((c): [string, (f: Finding) => boolean] => [c, (f) => f.check === c]),
    ['all checks', () => true],
  ];
  const splits: [string, (f: Finding) => boolean][] = [
    ...presentSplits(splitOf).map((split): [string, (f: Finding) => boolean] => [split, (f) => splitOf.get(f.repo) === split]),
    ['all', () => true],
  ];
  const cell = (t: Tally) => `${t.TRUE}/${t.FALSE}/${t.DEBATABLE}/${t.unlabelled} ${precision(t)}`.padEnd(22);
  console.log('\nper check: true/false/debatable/unlabelled precision (precision = true / (true + false))');
  console.log(`${'check'.padEnd(12)} ${'split'.padEnd(10)} ${'every severity'.padEnd(22)} ${'error (fails the gate)'.padEnd(22)}`);
  for (const [name, inGroup] of groups) {
    for (const [split, inSplit] of splits) {
      const all = empty();
      const errors = empty();
      for (const f of findings) {
        if (!inGroup(f) || !inSplit(f)) continue;
        const key = f.label?.verdict ?? 'unlabelled';
        all[key]++;
        if (f.severity === 'error') errors[key]++;
      }
      console.log(`${name.padEnd(12)} ${split.padEnd(10)} ${cell(all)} ${cell(errors)}`);
    }
  }
}

function recall(findings: Finding[], labels: Label[], known: KnownProblem[], splitOf: Map<string, Split>): void {
  // A known problem counts as found once a finding of its rule is reported in its file (anywhere in the
  // repository when it has none) and names what the problem names (a header).
  const found = new Set(
    known.filter((k) => findings.some((f) => f.repo === k.repo && f.ruleId === k.rule && (!k.path || f.path === k.path) && f.message.includes(k.words))),
  );
  const checkOf = (rule: string) => rule.split('/')[0] as string;
  const checks = [...new Set([...labels.filter((l) => l.verdict === 'TRUE').map((l) => checkOf(l.rule)), ...known.map((k) => checkOf(k.rule))])].sort();
  console.log('\nrecall = (TRUE findings still reported + known problems now found) / (TRUE labelled + known problems)');
  for (const check of [...checks, 'all checks']) {
    for (const split of [...presentSplits(splitOf), 'all']) {
      const keep = (repo: string, rule: string) => (split === 'all' || splitOf.get(repo) === split) && (check === 'all checks' || checkOf(rule) === check);
      const truths = labels.filter((l) => l.verdict === 'TRUE' && keep(l.repo, l.rule));
      const problems = known.filter((k) => keep(k.repo, k.rule));
      const reported = truths.filter((l) => l.matched).length;
      const nowFound = problems.filter((k) => found.has(k)).length;
      const total = truths.length + problems.length;
      const value = total ? ((reported + nowFound) / total).toFixed(2) : '—';
      console.log(`${check.padEnd(12)} ${split.padEnd(10)} ${`${reported + nowFound}/${total}`.padStart(7)} = ${value.padEnd(4)}  (TRUE findings ${reported}/${truths.length}, known problems found ${nowFound}/${problems.length})`);
    }
  }
}

const allRepos = JSON.parse(readFileSync(join(DATA, 'repos.json'), 'utf8')) as Repo[];
for (const r of allRepos) if (!SPLITS.includes(r.split)) throw new Error(`repos.json: ${r.repo}: split ${r.split}, expected one of ${SPLITS.join(', ')}`);
const repos = allRepos.filter((r) => !only || only.includes(r.repo));
const labels = readLabels().filter((l) => !only || only.includes(l.repo));
const known = readKnownProblems().filter((k) => !only || only.includes(k.repo));
const splitOf = new Map(repos.map((r) => [r.repo, r.split]));
mkdirSync(OUT, { recursive: true });
console.log(`Node ${process.version}; ${CLI} (run npm run bundle first); checkouts in ${reposDir}; ${runs} run(s) per scan`);

const findings: Finding[] = [];
const scanned = new Set<string>();
for (const repo of repos) {
  const ready = prepare(repo);
  if ('skip' in ready) {
    console.log(`SKIP ${repo.repo}: ${ready.skip}`);
    continue;
  }
  const load = loadavg()[0]?.toFixed(2);
  const scans = Array.from({ length: runs }, () => scanOnce(repo, ready.dir));
  const first = scans[0] as Scan;
  const identical = scans.every((s) => s.findings.map((f) => f.fingerprint).join() === first.findings.map((f) => f.fingerprint).join());
  let timing = `${first.seconds.toFixed(2)} s`;
  if (runs > 1) {
    const s = scans.map((x) => x.seconds);
    const floors = Array.from({ length: runs }, () => floorOnce(ready.dir));
    const f = median(floors);
    timing = `scan ${median(s).toFixed(2)} s (${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)}), floor ${f.toFixed(2)} s (${Math.min(...floors).toFixed(2)}–${Math.max(...floors).toFixed(2)}), ${(median(s) / f).toFixed(1)}x the floor, load ${load}→${loadavg()[0]?.toFixed(2)}${identical ? '' : ', FINDINGS DIFFER BETWEEN RUNS'}`;
  }
  console.log(`${repo.repo.padEnd(38)} ${repo.split.padEnd(10)} ${String(first.files).padStart(5)} files ${(first.bytes / 2 ** 20).toFixed(0).padStart(3)} MB  ${String(first.findings.length).padStart(4)} findings  ${timing}`);
  findings.push(...first.findings);
  scanned.add(repo.repo);
}

const relevant = labels.filter((l) => scanned.has(l.repo));
match(findings, relevant);
table(findings, splitOf);

const lost = relevant.filter((l) => !l.matched);
const lostTrue = lost.filter((l) => l.verdict === 'TRUE');
console.log(`\nlabelled findings no longer reported: ${lost.length} (TRUE ${lostTrue.length}, FALSE ${lost.filter((l) => l.verdict === 'FALSE').length}, DEBATABLE ${lost.filter((l) => l.verdict === 'DEBATABLE').length})`);
for (const l of lostTrue) console.log(`  LOST TRUE ${l.repo} ${l.rule} ${l.path}:${l.line} (${l.reason})`);
const unlabelled = findings.filter((f) => !f.label);
if (unlabelled.length) {
  console.log(`\nunlabelled findings: ${unlabelled.length} (the reports are in ${OUT}); first 20:`);
  for (const f of unlabelled.slice(0, 20)) console.log(`  ${f.repo} ${f.ruleId} ${f.path}:${f.line} ${f.fingerprint}`);
}
recall(findings, relevant, known.filter((k) => scanned.has(k.repo)), splitOf);
