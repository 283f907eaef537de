import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applySuppressions } from '../filters/apply.js';
import { loadBaselines } from '../filters/baseline.js';
import { parseDirectives, type Directive } from '../filters/inline.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { CheckSection } from '../policy/types.js';
import { changedFiles } from '../sources/changed.js';
import { Git } from '../sources/git.js';
import { listFiles, type FileEntry } from '../sources/list.js';
import { repositoryKey, UNKEYED } from '../sources/repository-key.js';
import type { ScanSource } from '../sources/git-source.js';
import { FileStore } from '../sources/store.js';
import { formatBytes } from '../util/format.js';
import { compileGlobs, type PathMatcher } from '../util/globs.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { Redactor } from '../util/redact.js';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../version.js';
import type { Check, CheckContext, CheckRun, RuleMeta, ScanScope, VerificationOptions } from './check.js';
import { compareFindings, fingerprintOf, type Finding, type FindingInput, type SuppressedFinding } from './finding.js';
import { POLICY_META } from './policy-rules.js';
import type { Report } from './report.js';
import { failsGate, severityRank, type Severity } from './severity.js';
import { FindingCaps } from './caps.js';
import { checklistOf } from './checklist.js';
import { checkStatus, withPolicyRules } from './status.js';
import { runPass, type PassFile } from './pass.js';

export interface ScanOptions {
  root: string;
  loaded: LoadedPolicy;
  checks: readonly Check<never>[];
  scope?: ScanScope;
  now?: Date;
  log?: Logger;
  /** Shared with reporters so that they scrub what the checks registered. */
  redactor?: Redactor;
  /** Worker threads for the pass (1: none); default: one per core, up to 4, when the pass is big enough. */
  threads?: number;
  /**
   * Findings about the policy itself found before the scan (a pull request weakening it): reported by the
   * `policy` check and never suppressed by what the scanned files say.
   */
  policyFindings?: readonly FindingInput[];
  /** Files from git's index or a commit instead of the working tree (`scan --staged`, `--pre-push`); read in this thread. */
  source?: ScanSource;
  /** The operator's settings for verifying secrets (`checks.secrets.verify`). */
  verification?: VerificationOptions;
}

interface ActiveCheck {
  check: Check<never>;
  section: CheckSection;
  run: CheckRun | undefined;
  ignored: PathMatcher;
  raw: FindingInput[];
  notEvaluated: { reason: string; rules?: readonly string[] }[];
  notes: string[];
  error?: string;
  started: number;
  durationMs: number;
}

/** Root files a finding about the whole repository can be placed on (see Report.anchors). */
const ANCHORS = ['.gitignore', 'package.json', 'README.md'];

/** policy → sources → checks → findings → filters → report: each stage below is one function. */
export async function scan(options: ScanOptions): Promise<Report> {
  const run = await list(options);
  const checks = await plan(run, options);
  const pass = await passFiles(run, checks, options);
  await finishChecks(checks, run.fail);
  const found = await collectFindings(run, checks, options);
  const filtered = await filterFindings(run, checks, found);
  return report(run, checks, filtered, pass.threads, options);
}

/** What every stage of one scan shares. */
interface Run {
  started: number;
  root: string;
  loaded: LoadedPolicy;
  policy: LoadedPolicy['policy'];
  log: Logger;
  redactor: Redactor;
  now: Date;
  scope: ScanScope;
  git: Git | undefined;
  keyed: Promise<string | undefined>;
  listing: Awaited<ReturnType<typeof listFiles>>;
  changed: ReadonlySet<string> | undefined;
  globalIgnore: PathMatcher;
  /** The listed files the policy does not ignore, in path order. */
  files: FileEntry[];
  ignoredCount: number;
  store: FileStore;
  rulesById: Map<string, RuleMeta>;
  caps: FindingCaps;
  /** Records a check's failure once; the check's findings so far still count. */
  fail(entry: ActiveCheck, error: unknown): void;
}

/** Sources: the files of the scan (working tree, index or commit), what a pull request changes, the file cache. */
async function list(options: ScanOptions): Promise<Run> {
  const started = performance.now();
  const root = resolve(options.root);
  const { loaded } = options;
  const { policy } = loaded;
  const log = options.log ?? silentLogger;
  const scope: ScanScope = options.scope ?? { kind: 'full' };
  const git = await Git.open(root);
  const keyed = repositoryKey(git);
  // A pull request reads few files: the listing then comes from git's index alone, without a stat per file.
  const listed = options.source ? options.source.list() : listFiles(root, git, { stat: scope.kind !== 'pr' });
  const untracked = async () => (await listed).entries.filter((e) => !e.tracked).map((e) => e.path);
  const [listing, changed] = await Promise.all([listed, options.source ? options.source.changed() : changedFiles(git, scope, log, untracked)]);
  const globalIgnore = compileGlobs(policy.ignore);
  const files: FileEntry[] = [];
  let ignoredCount = 0;
  for (const entry of listing.entries) {
    if (globalIgnore(entry.path)) ignoredCount++;
    else files.push(entry);
  }
  log.debug(`${files.length} files (${listing.source}), ${ignoredCount} ignored by the policy`);
  const rulesById = new Map<string, RuleMeta>();
  for (const check of [...options.checks.map((c) => c.meta), POLICY_META]) for (const rule of check.rules) rulesById.set(rule.id, rule);
  return {
    started,
    root,
    loaded,
    policy,
    log,
    redactor: options.redactor ?? new Redactor(),
    now: options.now ?? new Date(),
    scope,
    git,
    keyed,
    listing,
    changed,
    globalIgnore,
    files,
    ignoredCount,
    store: new FileStore(root, files, { maxFileSize: policy.limits.maxFileSize }, options.source),
    rulesById,
    caps: new FindingCaps(policy.limits.maxFindings, policy.limits.maxFindingsPerFile),
    fail(entry, error) {
      if (entry.error) return;
      const message = error instanceof Error ? error.message : String(error);
      entry.error = message;
      log.debug(`check ${entry.check.meta.id} failed: ${error instanceof Error ? error.stack : message}`);
    },
  };
}

/** Plan: the checks the policy turns on, each created with its context (what it reads, how it reports). */
async function plan(run: Run, options: ScanOptions): Promise<ActiveCheck[]> {
  const { policy } = run;
  const active: ActiveCheck[] = [];
  for (const check of options.checks) {
    const section = policy.checks[check.meta.id];
    if (!section || section.enabled === false) continue;
    const checkIgnore = compileGlobs(section.ignore ?? []);
    active.push({
      check,
      section,
      run: undefined,
      ignored: (path) => run.globalIgnore(path) || checkIgnore(path),
      raw: [],
      notEvaluated: [],
      notes: [],
      started: performance.now(),
      durationMs: 0,
    });
  }
  await Promise.all(
    active.map(async (entry) => {
      try {
        const { enabled: _e, ignore: _i, severity: _s, baseline: _b, ...settings } = entry.section;
        entry.run = await entry.check.create(contextFor(run, entry, options), settings as never);
      } catch (error) {
        run.fail(entry, error);
      }
    }),
  );
  return active;
}

function contextFor(run: Run, entry: ActiveCheck, options: ScanOptions): CheckContext {
  const effectiveSeverity = (input: FindingInput): Severity | undefined => {
    const override = (entry.section.severity as Record<string, Severity | 'off'> | undefined)?.[input.ruleId];
    return override === 'off' ? undefined : resolveSeverity(override, input, run.rulesById.get(input.ruleId)?.severity);
  };
  return {
    root: run.root,
    files: run.files,
    policy: run.policy,
    scope: run.scope,
    changed: run.changed,
    git: run.git,
    log: run.log,
    redactor: run.redactor,
    now: run.now,
    ...(options.verification ? { verification: options.verification } : {}),
    isIgnored: entry.ignored,
    readText: (path) => run.store.readText(path),
    report: (finding) => {
      if (run.caps.admit(entry.check.meta.id, finding, effectiveSeverity(finding))) entry.raw.push(finding);
    },
    notEvaluated: (reason, rules) => {
      entry.notEvaluated.push({ reason, ...(rules ? { rules: [...rules] } : {}) });
    },
    note: (text) => {
      entry.notes.push(text);
    },
    describePolicyPath: (path) => run.loaded.describe(path),
  };
}

/** The pass: every wanted file goes to each check that wants it, in path order (see pass.ts). */
function passFiles(run: Run, active: readonly ActiveCheck[], options: ScanOptions) {
  const visitors = active.filter((a) => a.run?.visit || a.run?.task);
  const wanted: PassFile[] = [];
  for (const entry of run.files) {
    if (entry.kind !== 'file') continue;
    const checks = visitors.filter((a) => !a.error && !a.ignored(entry.path) && (a.run?.wants?.(entry.path) ?? false));
    if (checks.length) wanted.push({ entry, checks });
  }
  return runPass(wanted, {
    store: run.store,
    root: run.root,
    maxFileSize: run.policy.limits.maxFileSize,
    threads: options.source ? 1 : options.threads,
    log: run.log,
    fail: (check, error) => run.fail(check as ActiveCheck, error),
  });
}

/** Each check's finish, concurrently. */
async function finishChecks(active: readonly ActiveCheck[], fail: Run['fail']): Promise<void> {
  await Promise.all(
    active.map(async (entry) => {
      try {
        if (!entry.error) await entry.run?.finish?.();
      } catch (error) {
        fail(entry, error);
      }
      entry.durationMs = performance.now() - entry.started;
    }),
  );
}

interface Found {
  key: string;
  findings: Finding[];
  allowedByCheck: SuppressedFinding[];
  policyFindings: FindingInput[];
  /** Why the scan vouches for nothing (it read no file), whether or not the policy allows that. */
  nothingRead: string | undefined;
}

/** Findings: severity, ignores, locations, fingerprints. What the caps left out is summed up first. */
async function collectFindings(run: Run, active: readonly ActiveCheck[], options: ScanOptions): Promise<Found> {
  const { caps, policy } = run;
  const key = (await run.keyed) ?? UNKEYED;
  for (const entry of active) entry.raw.push(...caps.fileSummaries(entry.check.meta.id));
  const findings: Finding[] = [];
  const allowedByCheck: SuppressedFinding[] = [];
  const policyFindings: FindingInput[] = [];
  for (const entry of active) {
    for (const input of entry.raw) {
      try {
        const finding = finalise(entry, input, run.rulesById, run.loaded, key);
        if (finding === 'drop') continue;
        if (finding.suppression) allowedByCheck.push(finding as SuppressedFinding);
        else findings.push(finding);
      } catch (error) {
        run.fail(entry, error);
      }
    }
    if (entry.error) {
      policyFindings.push({
        ruleId: 'policy/check-error',
        message: `The ${entry.check.meta.id} check could not run: ${entry.error}`,
        policyPath: ['checks', entry.check.meta.id],
        identity: entry.check.meta.id,
      });
    }
  }
  policyFindings.push(...(options.policyFindings ?? []));
  const tooMany = caps.totalSummary();
  if (tooMany) policyFindings.push(tooMany);
  const nothingRead = emptyScan(run.listing.entries.length, run.files.length, run.ignoredCount, run.scope, run.store, policy.ignore);
  const empty = policy.allowEmptyScan ? undefined : nothingRead;
  if (empty) policyFindings.push({ ruleId: 'policy/nothing-scanned', message: empty, policyPath: ['ignore'], identity: 'nothing-scanned' });
  return { key, findings, allowedByCheck, policyFindings, nothingRead };
}

interface Filtered {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  nothingRead: string | undefined;
  key: string;
}

/** Suppressions: inline comments, then policy exceptions, then baselines; the policy's own findings join after. */
async function filterFindings(run: Run, active: readonly ActiveCheck[], found: Found): Promise<Filtered> {
  const { policy, loaded } = run;
  const { findings, key } = found;
  // Directives are read only in files with findings (from the cache, or read again).
  const directives = new Map<string, Directive[]>();
  const withFindings = new Set(findings.filter((f) => f.location && !f.commit).map((f) => f.location?.path as string));
  for (const path of withFindings) {
    const file = await run.store.readText(path);
    const parsed = file ? parseDirectives(file) : [];
    if (parsed.length) directives.set(path, parsed);
  }
  const baselinePaths = [policy.baseline, ...active.map((a) => a.section.baseline)].filter((p): p is string => !!p);
  // From the policy's own origin: on a pull request, the base commit's baselines, not the ones it edits.
  const baselines = await loadBaselines(baselinePaths, (path) => loaded.origin.read(path));
  const policyFindings = [...found.policyFindings];
  for (const problem of baselines.problems) {
    policyFindings.push({ ruleId: 'policy/baseline-unreadable', message: `Baseline: ${problem.message}`, policyPath: ['baseline'], identity: problem.path });
  }
  const { kept, suppressed, policyFindings: fromSuppressions } = applySuppressions({
    findings,
    directives,
    exceptions: policy.exceptions,
    baseline: {
      global: policy.baseline ? baselines.sets.get(policy.baseline) : undefined,
      byCheck: new Map(active.map((a) => [a.check.meta.id, a.section.baseline ? baselines.sets.get(a.section.baseline) : undefined])),
    },
    knownRules: [...run.rulesById.keys()],
    inline: policy.suppressions.inline,
    now: run.now,
    exceptionLocation: (origin) => exceptionLocation(loaded, origin),
  });
  suppressed.push(...found.allowedByCheck);
  const policyEntry: ActiveCheck = { check: { meta: POLICY_META, create: () => ({}) }, section: policy.checks.policy ?? {}, run: undefined, ignored: () => false, raw: [], notEvaluated: [], notes: [], started: 0, durationMs: 0 };
  for (const input of [...policyFindings, ...fromSuppressions]) {
    const finding = finalise(policyEntry, input, run.rulesById, loaded, key);
    if (finding !== 'drop') kept.push(finding);
  }
  kept.sort(compareFindings);
  suppressed.sort(compareFindings);
  return { kept, suppressed, nothingRead: found.nothingRead, key };
}

/** Report: the verdict, each check's status, the checklist, the notes and the statistics, scrubbed. */
function report(run: Run, active: readonly ActiveCheck[], filtered: Filtered, threads: number, options: ScanOptions): Report {
  const { policy, loaded, redactor, listing, store } = run;
  const { kept, suppressed, nothingRead } = filtered;
  const counts = { error: 0, warning: 0, notice: 0, suppressed: suppressed.length };
  for (const f of kept) counts[f.severity]++;
  const verdict = kept.some((f) => failsGate(f.severity, policy.failOn)) ? 'fail' : 'pass';
  const conclusion = verdict === 'fail' ? 'failure' : kept.length > 0 ? 'neutral' : 'success';
  const allChecks = [...options.checks.map((c) => c.meta), POLICY_META];
  const c = store.counters;
  const scanned = c.reads - c.binary - c.tooLarge - c.unreadable - c.symlink - c.other;
  // A scan that read nothing vouches for nothing (allowed to pass or not): no check counts as passed.
  const readNothing = nothingRead ? [{ reason: 'the scan read no file' }] : [];
  const statuses = allChecks.map((meta) => {
    const entry = active.find((a) => a.check.meta.id === meta.id);
    return checkStatus(
      withPolicyRules(meta, policy.rules),
      {
        enabled: meta.id === 'policy' || !!entry,
        overrides: (entry?.section.severity ?? {}) as Record<string, Severity | 'off'>,
        error: entry?.error && redactor.scrub(entry.error),
        durationMs: entry?.durationMs ?? 0,
        notEvaluated: entry && meta.id !== 'policy' ? [...entry.notEvaluated, ...readNothing] : entry?.notEvaluated,
      },
      kept,
      suppressed,
      policy.failOn,
    );
  });
  const checklist = redactor.scrubDeep(
    checklistOf({
      checks: statuses,
      findings: kept,
      failOn: policy.failOn,
      coverage: (id) => allChecks.find((m) => m.id === id)?.coverage,
      section: (id) => active.find((a) => a.check.meta.id === id)?.section as Record<string, unknown> | undefined,
    }),
  );
  const skippedListing = { symlink: 0, other: 0, missing: 0 };
  for (const e of run.files) if (e.kind !== 'file') skippedListing[e.kind]++;
  const result: Report = {
    tool: { name: TOOL_NAME, version: VERSION, informationUri: INFORMATION_URI },
    root: run.root,
    scope: run.scope,
    policy: { file: loaded.source?.file, chain: loaded.chain, defaulted: loaded.defaulted, failOn: policy.failOn },
    verdict,
    conclusion,
    findings: kept,
    suppressed,
    counts,
    checks: statuses,
    checklist,
    anchors: ANCHORS.filter((name) => listing.entries.some((e) => e.path === name && e.kind === 'file')),
    rules: [...run.rulesById.values()],
    checkMetas: allChecks,
    stats: {
      files: run.files.length,
      scanned,
      bytes: c.bytes,
      ignored: run.ignoredCount,
      skipped: { binary: c.binary, tooLarge: c.tooLarge, symlink: skippedListing.symlink + c.symlink, unreadable: c.unreadable, other: skippedListing.other + skippedListing.missing + c.other },
      nonUtf8: c.nonUtf8,
      listing: listing.source,
      threads,
      durationMs: Math.round(performance.now() - run.started),
    },
    notes: runNotes(run, active, filtered.key),
  };
  return redactor.scrubDeep(result);
}

/** What the reader should know about the run itself: the policy, keys, skipped files, submodules, the checks' notes. */
function runNotes(run: Run, active: readonly ActiveCheck[], key: string): string[] {
  const { loaded, policy, store, listing, scope, redactor } = run;
  const c = store.counters;
  const notes: string[] = [];
  if (loaded.defaulted) notes.push('No policy file found (security-policy.yml): ran the `recommended` preset.');
  if (key === UNKEYED && run.git) notes.push('Fingerprints are not keyed: the clone is shallow, so its root commit is unknown (check out with fetch-depth: 0). Baseline entries and exceptions written from a full clone do not match them.');
  if (c.tooLarge) notes.push(`${c.tooLarge} file(s) larger than ${formatBytes(policy.limits.maxFileSize)} were not scanned (limits.max-file-size).`);
  if (c.unreadable) notes.push(`${c.unreadable} file(s) could not be read: ${store.unreadablePaths.map((p) => `\`${p}\``).join(', ')}${c.unreadable > store.unreadablePaths.length ? ', …' : ''}.`);
  const { scanned: subScanned, notScanned: subSkipped } = listing.submodules;
  if (subScanned.length) notes.push(`${subScanned.length} submodule(s) scanned with the repository: ${subScanned.map((p) => `\`${p}\``).join(', ')}.`);
  if (subSkipped.length) {
    const why = scope.kind === 'pr' ? 'a pull request sees only the commit each one is pinned to; a full scan reads their files' : 'not initialised in this checkout (`git submodule update --init`, or `submodules: true` in actions/checkout)';
    notes.push(`${subSkipped.length} submodule(s) not scanned: ${subSkipped.map((p) => `\`${p}\``).join(', ')}: ${why}.`);
  }
  if (listing.unreadableDirs) notes.push(`${listing.unreadableDirs} director(ies) could not be opened (too deep or no permission); files inside them were not scanned.`);
  for (const entry of active) if (!entry.error) notes.push(...entry.notes.map((n) => redactor.scrub(n)));
  return notes;
}

function finalise(entry: ActiveCheck, input: FindingInput, rules: Map<string, RuleMeta>, loaded: LoadedPolicy, key: string): Finding | 'drop' {
  const checkId = entry.check.meta.id;
  if (!input.ruleId.startsWith(`${checkId}/`)) {
    throw new Error(`check ${checkId} reported rule ${input.ruleId}, which does not begin with "${checkId}/"`);
  }
  const override = (entry.section.severity as Record<string, Severity | 'off'> | undefined)?.[input.ruleId];
  if (override === 'off') return 'drop';
  const severity: Severity = resolveSeverity(override, input, rules.get(input.ruleId)?.severity);
  const path = input.location?.path;
  if (path !== undefined && checkId !== 'policy' && entry.ignored(path)) return 'drop';
  let location = input.location;
  if (!location && input.policyPath) location = loaded.locate(input.policyPath);
  // The identity goes into the keyed fingerprint and no further: for a secret it is a hash of the value.
  const { identity, maxSeverity: _max, fixedSeverity: _fixed, ...shown } = input;
  return {
    ...shown,
    check: checkId,
    severity,
    location,
    fingerprint: fingerprintOf(key, input.ruleId, path, identity ?? input.message),
  };
}

/** The check's fixed severity, else the policy's override, the check's or the rule's, under the check's cap. */
function resolveSeverity(override: Severity | undefined, input: FindingInput, ruleSeverity: Severity | undefined): Severity {
  if (input.fixedSeverity && input.severity) return input.severity;
  return capped(override ?? input.severity ?? ruleSeverity ?? 'error', input.maxSeverity);
}

function capped(severity: Severity, max: Severity | undefined): Severity {
  return max !== undefined && severityRank(max) < severityRank(severity) ? max : severity;
}

function exceptionLocation(loaded: LoadedPolicy, origin: { file: string; index: number }) {
  if (loaded.source && origin.file === loaded.source.file) {
    return { path: origin.file, ...loaded.source.locate(['exceptions', origin.index]) };
  }
  return loaded.locate(['extends']);
}

/**
 * Why a scan vouches for nothing, or undefined: no file listed, every file ignored, or (on a full scan)
 * no file that could be read. A pull request may legitimately read nothing (it changed nothing scanned).
 */
function emptyScan(listed: number, kept: number, ignored: number, scope: ScanScope, store: FileStore, ignore: readonly string[]): string | undefined {
  if (listed === 0) return 'The scan found no file at all: the directory is empty, or it is not the one you meant to scan. Nothing was checked.';
  if (kept === 0) return `The policy's ignore globs (${ignore.map((g) => `\`${g}\``).join(', ')}) exclude all ${ignored} files: nothing was checked.`;
  const c = store.counters;
  const read = c.reads - c.binary - c.tooLarge - c.unreadable - c.symlink - c.other;
  if (scope.kind === 'full' && c.reads > 0 && read === 0) {
    const why = [c.binary && `${c.binary} binary`, c.tooLarge && `${c.tooLarge} too large`, c.unreadable && `${c.unreadable} unreadable (${store.unreadablePaths.join(', ')})`, c.symlink && `${c.symlink} symbolic links`, c.other && `${c.other} not regular files`].filter(Boolean).join(', ');
    return `None of the ${c.reads} files the checks wanted could be read (${why}): nothing was checked.`;
  }
  return undefined;
}
