/**
 * An in-memory tree for the engine, and a CheckTester in the spirit of ESLint's RuleTester: one check run on
 * a virtual tree (path → content), with `valid` cases (no finding) and `invalid` cases (these findings, in
 * report order: rule, place, message), without git and without writing a file.
 *
 * The seams are the engine's own: a `ScanSource` (what `scan --staged` uses to read git's index) lists and
 * reads the tree, a `PolicyOrigin` serves the policy file, its local `extends` and baselines. The root is a
 * directory that does not exist, so the engine finds no git work tree there (ctx.git is undefined) and a
 * check that went to the disk behind the store's back would find nothing.
 *
 * What the tree stands for: a repository whose first commit holds the files, as `makeRepo` builds it.
 * `.gitignore` files are honoured (an ignored file is neither committed nor listed). What it does not
 * stand for: history (secrets in commits, a PR's base read with git: use a real repository for those),
 * files on disk that the listing leaves out (env's look at ignored files), audit reports read from disk.
 *
 * `CHECK_TESTER_VERIFY=1` runs every scanTree a second time on a real git repository built from the same
 * tree and fails when the two reports differ: the way to prove that a test moved onto the tester still
 * tests what it did.
 */
import { expect, describe, it } from 'vitest';
import ignore, { type Ignore } from 'ignore';
import { CHECKS } from '../../src/checks/index.js';
import type { Check, ScanScope } from '../../src/core/check.js';
import { scan } from '../../src/core/engine.js';
import { compareFindings, type Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import type { Severity } from '../../src/core/severity.js';
import { withPolicyRules } from '../../src/core/status.js';
import { loadPolicy, loadPolicyText, type LoadedPolicy } from '../../src/policy/load.js';
import { MAX_POLICY_FILE_BYTES, OriginError, type PolicyOrigin } from '../../src/policy/origin.js';
import type { ScanSource } from '../../src/sources/git-source.js';
import type { FileEntry } from '../../src/sources/list.js';
import { decodeText, hasBinaryExtension, type ReadResult } from '../../src/sources/read.js';
import { SourceFile } from '../../src/sources/source-file.js';
import { Redactor } from '../../src/util/redact.js';
import { makeRepo, scanDir, summarise, type FileSpec } from './repo.js';

/** A file's content, a symlink, or a file that is on disk but not committed (`git status`: untracked). */
export type TreeEntry = FileSpec | { content: string | Buffer; untracked: true };
export type Tree = Readonly<Record<string, TreeEntry>>;

/** Never created: nothing under it can be found on disk, and git finds no work tree there. */
export const VIRTUAL_ROOT = '/nonexistent/security-gate-check-tester';

interface Listed {
  entry: FileEntry;
  content?: Buffer;
}

const isUntracked = (e: TreeEntry): e is { content: string | Buffer; untracked: true } => typeof e === 'object' && !Buffer.isBuffer(e) && 'untracked' in e;
const isSymlink = (e: TreeEntry): e is { symlink: string } => typeof e === 'object' && !Buffer.isBuffer(e) && 'symlink' in e;

function bytesOf(e: TreeEntry): Buffer | undefined {
  if (isSymlink(e)) return undefined;
  const content = isUntracked(e) ? e.content : e;
  return Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
}

/** Like git: a path is ignored by the last matching pattern of the .gitignore files above it (or at its level). */
function gitignored(tree: Tree): (path: string) => boolean {
  const rules: { base: string; ig: Ignore }[] = [];
  for (const [path, e] of Object.entries(tree)) {
    if (path !== '.gitignore' && !path.endsWith('/.gitignore')) continue;
    const bytes = bytesOf(e);
    if (bytes) rules.push({ base: path.slice(0, -'.gitignore'.length).replace(/\/$/, ''), ig: ignore().add(bytes.toString('utf8')) });
  }
  rules.sort((a, b) => a.base.split('/').length - b.base.split('/').length);
  if (!rules.length) return () => false;
  return (path) => {
    // A file is ignored when it, or a directory above it, is.
    const parts = path.split('/');
    let ignored = false;
    for (let depth = 1; depth <= parts.length && !ignored; depth++) {
      const sub = parts.slice(0, depth).join('/');
      const isDir = depth < parts.length;
      for (const { base, ig } of rules) {
        if (base && !sub.startsWith(`${base}/`)) continue;
        const local = base ? sub.slice(base.length + 1) : sub;
        const result = ig.test(isDir ? `${local}/` : local);
        if (result.ignored) ignored = true;
        else if (result.unignored) ignored = false;
      }
    }
    return ignored;
  };
}

function listTree(tree: Tree): Map<string, Listed> {
  const ignored = gitignored(tree);
  const listed = new Map<string, Listed>();
  for (const path of Object.keys(tree).sort()) {
    const e = tree[path] as TreeEntry;
    if (ignored(path) || path.split('/').includes('.git')) continue;
    const tracked = !isUntracked(e);
    if (isSymlink(e)) listed.set(path, { entry: { path, kind: 'symlink', size: 0, tracked } });
    else {
      const content = bytesOf(e) as Buffer;
      listed.set(path, { entry: { path, kind: 'file', size: content.length, tracked }, content });
    }
  }
  return listed;
}

/** The tree as a scan source: listing, reads (as readSource decides binary, size and encoding), changed paths. */
export function treeSource(tree: Tree, changed?: Iterable<string>): ScanSource {
  const listed = listTree(tree);
  const entries = [...listed.values()].map((l) => l.entry);
  return {
    list: async () => ({ entries, source: 'git', unreadableDirs: 0, submodules: { scanned: [], notScanned: [] } }),
    changed: async () => (changed ? new Set(changed) : undefined),
    async read(path, limits): Promise<ReadResult> {
      const found = listed.get(path);
      if (!found) return { skipped: 'missing' };
      if (found.entry.kind === 'symlink') return { skipped: 'symlink' };
      if (hasBinaryExtension(path)) return { skipped: 'binary' };
      const content = found.content as Buffer;
      if (content.length > limits.maxFileSize) return { skipped: 'too-large' };
      const decoded = decodeText(content);
      if (!decoded) return { skipped: 'binary' };
      return { file: new SourceFile(path, decoded.text, content.length, decoded.encoding) };
    },
    close: () => {},
  };
}

/** The tree as the policy's origin: the policy file, the files it extends, baselines. */
export function treeOrigin(tree: Tree): PolicyOrigin {
  return {
    label: 'the working tree',
    async read(path) {
      const normal = path.replace(/^\.\//, '');
      if (normal.split('/').includes('..') || normal.startsWith('/')) throw new OriginError('refused', `${path} is outside the repository`);
      const e = tree[normal];
      if (e === undefined) throw new OriginError('missing', `${path} does not exist`);
      if (isSymlink(e)) throw new OriginError('refused', `${path} is a symbolic link that leads nowhere in the repository`);
      const bytes = bytesOf(e) as Buffer;
      if (bytes.length > MAX_POLICY_FILE_BYTES) throw new OriginError('refused', `${path} is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB`);
      return bytes.toString('utf8');
    },
  };
}

export interface TreeScanOptions {
  /** The policy file's text (`security-policy.yml`, not part of the tree); default: the tree's own, or the defaults. */
  policy?: string;
  checks?: readonly Check<never>[];
  /** Run only these checks (the others stay known to the policy, disabled). */
  only?: readonly string[];
  /** Default: a full scan; `changed` alone makes it a pull request's. */
  scope?: ScanScope;
  /** The paths a pull request changes: checks that judge only changed files read only these. */
  changed?: readonly string[];
  now?: Date;
  redactor?: Redactor;
  /** Check the report against the same scan on a real git repository (also: CHECK_TESTER_VERIFY=1). */
  verify?: boolean;
}

export async function loadTreePolicy(tree: Tree, options: Pick<TreeScanOptions, 'policy' | 'checks' | 'only'> = {}): Promise<LoadedPolicy> {
  const checks = options.checks ?? CHECKS;
  const origin = treeOrigin(tree);
  const loaded =
    options.policy !== undefined
      ? await loadPolicyText('security-policy.yml', options.policy, { root: VIRTUAL_ROOT, checks, origin })
      : await loadPolicy({ root: VIRTUAL_ROOT, checks, origin });
  if (options.only) {
    for (const [id, section] of Object.entries(loaded.policy.checks)) {
      if (!options.only.includes(id)) loaded.policy.checks[id] = { ...section, enabled: false };
    }
  }
  return loaded;
}

/** `scanDir(makeRepo(tree), options)`, in memory. */
export async function scanTree(tree: Tree, options: TreeScanOptions = {}): Promise<Report> {
  return scanTreeWith(tree, await loadTreePolicy(tree, options), options);
}

/** scanTree with a policy already loaded (loadTreePolicy). */
export async function scanTreeWith(tree: Tree, loaded: LoadedPolicy, options: TreeScanOptions = {}): Promise<Report> {
  const checks = options.checks ?? CHECKS;
  const scope = options.scope ?? (options.changed ? { kind: 'pr' as const, base: 'base', head: 'HEAD' } : undefined);
  const report = await scan({
    root: VIRTUAL_ROOT,
    loaded,
    checks,
    scope,
    now: options.now,
    redactor: options.redactor ?? new Redactor(),
    source: treeSource(tree, options.changed),
  });
  if ((options.verify ?? process.env.CHECK_TESTER_VERIFY === '1') && !options.changed && scope?.kind !== 'pr') {
    const files: Record<string, FileSpec> = {};
    for (const [path, e] of Object.entries(tree)) if (!isUntracked(e)) files[path] = e;
    const root = makeRepo(files);
    const { writeFiles } = await import('./repo.js');
    for (const [path, e] of Object.entries(tree)) if (isUntracked(e)) writeFiles(root, { [path]: e.content });
    const real = await scanDir(root, { ...options, only: options.only ? [...options.only] : undefined, redactor: new Redactor() });
    const [memory, disk] = [comparable(report, VIRTUAL_ROOT), comparable(real, root)];
    const diff = differences(memory, disk);
    if (diff.length) console.error(`in memory → on git:\n${diff.join('\n')}`);
    expect(diff, 'the in-memory scan differs from the same scan of a git repository (in memory → on git)').toEqual([]);
  }
  return report;
}

/** `path: in memory → on git` for each leaf that differs. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return [`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}

/** What must not depend on where the files came from: everything but fingerprints, timings, sizes and the root. */
function comparable(report: Report, root: string): unknown {
  const strip = (f: Finding) => {
    const { fingerprint: _f, ...rest } = f;
    return rest;
  };
  // Findings at the same place and of the same rule are ordered by fingerprint, which is keyed with the
  // repository's root commit (a new one for every makeRepo): their order is compared as a set.
  const sorted = (list: Finding[]) => list.map(strip).sort((a, b) => compareFindings({ ...a, fingerprint: '' }, { ...b, fingerprint: '' }) || (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const text = JSON.stringify({
    findings: sorted(report.findings),
    suppressed: sorted(report.suppressed),
    verdict: report.verdict,
    counts: report.counts,
    checks: report.checks.map(({ durationMs: _d, ...c }) => c),
    checklist: report.checklist,
    anchors: report.anchors,
    notes: report.notes,
    scanned: report.stats.scanned,
    // Not `other`: on disk the store counts a probe of a path that is not listed (a check looking for
    // package.json) as a missing file; through a ScanSource it counts listed paths only.
    skipped: { ...report.stats.skipped, other: undefined },
  });
  return JSON.parse(text.split(root).join('<root>'));
}

// ---------------------------------------------------------------------------------------------------------
// CheckTester

/** One expected finding: its rule, and as much of its place and message as the case cares about. */
export interface ExpectedFinding {
  ruleId: string;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A substring of the message, or a pattern it matches. */
  message?: string | RegExp;
  severity?: Severity;
}

export interface TesterCase {
  /** The test's name (default: the first file and what is expected). */
  name?: string;
  files: Tree;
  /** The check's section of the policy, replacing the tester's default settings. */
  settings?: Record<string, unknown>;
  /** The whole policy file instead (takes precedence over `settings`). */
  policy?: string;
  changed?: readonly string[];
  scope?: ScanScope;
  now?: Date;
  /** Run the case also on a real git repository and compare (see CHECK_TESTER_VERIFY). */
  verify?: boolean;
}

export interface InvalidCase extends TesterCase {
  /** Every finding of the scan, in report order: a rule id alone, `rule path:line`, or an object. */
  errors: readonly (string | ExpectedFinding)[];
}

/** A message pattern that matches this text and nothing longer (`message` alone matches a substring). */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export class CheckTesterError extends Error {
  override name = 'CheckTesterError';
}

const describeFinding = (f: Finding) =>
  `${f.ruleId} ${f.location?.path ?? '-'}${f.location?.line ? `:${f.location.line}` : ''}${f.location?.column ? `:${f.location.column}` : ''} [${f.severity}] ${JSON.stringify(f.message)}`;

function parseExpected(e: string | ExpectedFinding): ExpectedFinding {
  if (typeof e !== 'string') return e;
  const m = /^(\S+)(?: (.+?)(?::(\d+))?(?::(\d+))?)?$/.exec(e);
  if (!m) throw new CheckTesterError(`cannot read the expected finding "${e}"`);
  return { ruleId: m[1] as string, ...(m[2] ? { path: m[2] } : {}), ...(m[3] ? { line: Number(m[3]) } : {}), ...(m[4] ? { column: Number(m[4]) } : {}) };
}

/** What differs between one finding and what was expected of it ([] when it matches). */
function mismatches(actual: Finding, expected: ExpectedFinding): string[] {
  const out: string[] = [];
  const loc = actual.location ?? { path: undefined };
  if (actual.ruleId !== expected.ruleId) out.push(`rule ${actual.ruleId}, expected ${expected.ruleId}`);
  if (expected.path !== undefined && loc.path !== expected.path) out.push(`path ${loc.path}, expected ${expected.path}`);
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
    if (expected[key] !== undefined && (loc as Record<string, unknown>)[key] !== expected[key]) out.push(`${key} ${(loc as Record<string, unknown>)[key]}, expected ${expected[key]}`);
  }
  if (expected.severity !== undefined && actual.severity !== expected.severity) out.push(`severity ${actual.severity}, expected ${expected.severity}`);
  const m = expected.message;
  if (m !== undefined && !(typeof m === 'string' ? actual.message.includes(m) : m.test(actual.message))) out.push(`message ${JSON.stringify(actual.message)} does not ${typeof m === 'string' ? 'contain' : 'match'} ${String(typeof m === 'string' ? JSON.stringify(m) : m)}`);
  return out;
}

export interface CheckTesterOptions {
  /** The check's section used when a case gives none (default `{}`: the check's defaults). */
  settings?: Record<string, unknown>;
  /** Presets the policy extends (default none, so that only the check's own defaults apply). */
  extends?: readonly string[];
  checks?: readonly Check<never>[];
}

/**
 * Runs one check (the others disabled) on in-memory trees. `run()` registers a test per case; `valid()` and
 * `invalid()` run one case and throw a CheckTesterError saying what differs, for tests of their own.
 */
export class CheckTester {
  readonly check: Check<never>;
  private readonly checks: readonly Check<never>[];

  constructor(
    readonly checkId: string,
    private readonly options: CheckTesterOptions = {},
  ) {
    this.checks = options.checks ?? CHECKS;
    const check = this.checks.find((c) => c.meta.id === checkId);
    if (!check) throw new CheckTesterError(`no check "${checkId}" (known: ${this.checks.map((c) => c.meta.id).join(', ')})`);
    this.check = check;
  }

  /** The policy file of a case: `version`, `extends` and the check's section (JSON is YAML). */
  policyFor(c: TesterCase): string {
    if (c.policy !== undefined) return c.policy;
    const settings = c.settings ?? this.options.settings ?? {};
    return `version: 1\nextends: ${JSON.stringify(this.options.extends ?? [])}\nchecks:\n  ${this.checkId}: ${JSON.stringify(settings)}\n`;
  }

  async scan(c: TesterCase): Promise<Report> {
    const options = { policy: this.policyFor(c), checks: this.checks, only: [this.checkId], changed: c.changed, scope: c.scope, now: c.now, verify: c.verify };
    const loaded = await loadTreePolicy(c.files, options);
    const report = await scanTreeWith(c.files, loaded, options);
    const status = report.checks.find((s) => s.id === this.checkId);
    if (status?.error) throw new CheckTesterError(`the ${this.checkId} check failed: ${status.error}`);
    // The check's metadata, and for the rules check the policy's own rules.
    const declared = new Set(withPolicyRules(this.check.meta, loaded.policy.rules).rules.map((r) => r.id));
    for (const f of report.findings) {
      if (f.check === this.checkId && !declared.has(f.ruleId)) throw new CheckTesterError(`${f.ruleId} is reported but not declared in the ${this.checkId} check's meta.rules`);
    }
    return report;
  }

  /** No finding at all (of this check, nor about the policy). */
  async valid(c: TesterCase): Promise<Report> {
    const report = await this.scan(c);
    if (report.findings.length) {
      throw new CheckTesterError(`expected no finding, got ${report.findings.length}:\n${report.findings.map((f) => `  ${describeFinding(f)}`).join('\n')}`);
    }
    expect(report.findings).toEqual([]);
    return report;
  }

  /** Exactly the expected findings, in report order (by path, line, column, rule). */
  async invalid(c: InvalidCase): Promise<Report> {
    if (!c.errors.length) throw new CheckTesterError('an invalid case expects at least one finding (use valid for none)');
    const report = await this.scan(c);
    const expected = c.errors.map(parseExpected);
    const problems: string[] = [];
    if (report.findings.length !== expected.length) problems.push(`expected ${expected.length} finding(s), got ${report.findings.length}`);
    for (const [i, e] of expected.entries()) {
      const actual = report.findings[i];
      if (!actual) problems.push(`#${i + 1}: missing, expected ${e.ruleId}${e.path ? ` ${e.path}` : ''}${e.line ? `:${e.line}` : ''}`);
      else for (const m of mismatches(actual, e)) problems.push(`#${i + 1}: ${m}`);
    }
    if (problems.length) {
      throw new CheckTesterError(`${problems.join('\n')}\nfindings:\n${report.findings.map((f, i) => `  #${i + 1} ${describeFinding(f)}`).join('\n') || '  (none)'}`);
    }
    // As assertions (counted in the report's meta.assertions): how many, then each expected finding.
    expect(report.findings).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expect(mismatches(report.findings[i] as Finding, e), describeFinding(report.findings[i] as Finding)).toEqual([]);
    return report;
  }

  /** One test per case, under a describe named after the check and `name`. */
  run(name: string, cases: { valid?: readonly TesterCase[]; invalid?: readonly InvalidCase[] }): void {
    const title = (c: TesterCase, fallback: string) => c.name ?? `${Object.keys(c.files)[0] ?? '(empty tree)'}: ${fallback}`;
    describe(`${this.checkId}: ${name}`, () => {
      for (const c of cases.valid ?? []) it(`valid: ${title(c, 'no finding')}`, async () => void (await this.valid(c)));
      for (const c of cases.invalid ?? []) {
        it(`invalid: ${title(c, c.errors.map((e) => (typeof e === 'string' ? e : e.ruleId)).join(', '))}`, async () => void (await this.invalid(c)));
      }
    });
  }
}

export { summarise };
