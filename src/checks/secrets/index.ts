import { createHash } from 'node:crypto';
import { defineCheck, type CheckContext } from '../../core/check.js';
import { BudgetLedger } from '../../core/pattern-budget.js';
import { compareSeverity, type Severity } from '../../core/severity.js';
import { allowsInline } from '../../filters/apply.js';
import { SECRET_RULES } from './catalogue.js';
import { allowedBy, allowId, reportBudget } from './budget.js';
import type { FindingInput } from '../../core/finding.js';
import { CandidateCount } from './candidates.js';
import { contextOf, headerContext, type SecretContext } from './context.js';
import { developmentKeys } from './local-certificates.js';
import { findingFor, redactionPieces } from './findings.js';
import { capSeverity, reportPolicy, withAllCandidates, type ReportPolicy } from './report-policy.js';
import { HitCollector, secretIdentity, type Hit } from './hits.js';
import { ALLOW_UNUSED, PATTERN_TIMEOUT, SCOPE_UNAVAILABLE, TOO_MANY_FINDINGS, checkMeta } from './meta.js';
import { scanCommits } from './scopes/commits.js';
import { scanDiff, type PatchScanOptions } from './scopes/diff.js';
import { scanStaged } from './scopes/staged.js';
import { resolveRange, type CommitRange } from './scopes/range.js';
import { KEPT_PER_FILE, keepMatches, treeTask, type TreeResult } from './scopes/tree.js';
import { buildDetector, type DetectorConfig } from './detector-config.js';
import { VERIFY_OPTIONS } from './verify/options.js';
import { verifyHits, type Verification } from './verify/index.js';
import type { Confidence, PatternOutcome, SecretRule } from './types.js';
import {
  DEFAULT_MAX_FINDINGS_PER_FILE,
  DEFAULT_TIME_BUDGET_MS,
  activeScopes,
  compileAllow,
  type AllowMatcher,
  type ScopeName,
  type SecretsSettings,
} from './settings.js';

export default defineCheck<SecretsSettings>({
  meta: checkMeta(SECRET_RULES),
  fileTask: treeTask,
  options: [
    {
      name: 'all-candidates',
      type: 'boolean',
      help: ["also list the secret candidates the policy's report levels keep quiet", '(test fixtures, docs, low confidence), as notices'],
      apply: (policy, value) => withAllCandidates(policy, value === true),
    },
    ...VERIFY_OPTIONS,
  ],
  async create(ctx, settings) {
    const overrides = (ctx.policy.checks.secrets?.severity ?? {}) as Record<string, string>;
    const budgetMs = settings['time-budget'] ?? DEFAULT_TIME_BUDGET_MS;
    const config: DetectorConfig = { off: Object.keys(overrides).filter((id) => overrides[id] === 'off'), patterns: settings.patterns ?? [], budgetMs };
    const detector = buildDetector(config);
    const ledger = new BudgetLedger(budgetMs, PATTERN_TIMEOUT);
    const patternIndex = new Map((settings.patterns ?? []).map((p, i) => [`secrets/${p.id}`, i]));
    /** Files whose worker ran a pattern that had stopped before them (in path order): scanned again here without it. */
    const rescans: { path: string; skip: Set<string> }[] = [];
    const rules = new Map(detector.rules.map((r) => [r.id, r]));
    const allow = compileAllow(settings.allow ?? []);
    const scopes = activeScopes(settings, ctx.scope.kind);
    const collector = new HitCollector();
    /** Per path, the matches the tree task counted instead of handing back (by rule id). */
    const countedOnly = new Map<string, Record<string, number>>();
    const sink = (hit: Hit) => collector.add(hit);

    let range: CommitRange | undefined;
    if (ctx.scope.kind === 'pr' && (scopes.has('diff') || scopes.has('commits'))) {
      const wanted = [...scopes].filter((s) => s !== 'tree');
      const result = await resolveRange(ctx.git, ctx.scope);
      if (result.ok) range = result.range;
      else {
        scopes.delete('diff');
        scopes.delete('commits');
        scopes.add('tree');
        ctx.report({
          ruleId: SCOPE_UNAVAILABLE,
          message: `The pull request's ${wanted.join(' and ')} could not be scanned for secrets: ${result.problem}. Every file of the checkout was scanned instead (which can report secrets the base already had, and misses secrets that a commit added and a later one removed). ${result.fix}`,
          policyPath: settings.scopes ? ['checks', 'secrets', 'scopes'] : ['checks', 'secrets'],
          identity: wanted.join(','),
          help: `${result.fix}\n\n\`\`\`yaml\n- uses: actions/checkout@v4\n  with:\n    fetch-depth: 0\n\`\`\``,
        });
      }
    }

    return {
      wants: () => scopes.has('tree'),
      task: {
        config,
        accept(path, result) {
          const { matches, outcomes, declared, more } = result as TreeResult;
          const uncounted = new Set<string>();
          let rescan = false;
          for (const o of outcomes ?? []) {
            if (ledger.note(o, { location: { path }, kind: 'file' })) continue;
            uncounted.add(o.rule);
            rescan ||= o.matched === true;
          }
          // A worker thread ran a pattern that, in path order, had already stopped: its matches (and the
          // matches of other rules they displaced) are not what one thread finds. This file is scanned
          // again without it in finish.
          if (rescan) {
            rescans.push({ path, skip: uncounted });
            return;
          }
          for (const m of matches) sink({ rule: rules.get(m.rule) as SecretRule, secret: m.secret, path, span: m.span, scope: 'tree', confidence: m.confidence, ...(declared ? { declared } : {}) });
          if (more) countedOnly.set(path, more);
        },
      },
      async finish() {
        for (const { path, skip } of rescans) {
          const file = await ctx.readText(path);
          if (!file) continue;
          const outcomes: PatternOutcome[] = [];
          const declared = headerContext(file.text);
          const { kept, more } = keepMatches(detector.scan(file.text, path, { skip: (id) => skip.has(id), outcomes }));
          if (more) countedOnly.set(path, more);
          for (const m of kept) {
            sink({ rule: m.rule, secret: m.secret, path, span: file.span(m.start, m.end), scope: 'tree', confidence: m.confidence, ...(declared ? { declared } : {}) });
          }
          for (const o of outcomes) if (o.status === 'over-budget') ledger.note(o, { location: { path }, kind: 'file' });
        }
        const options: PatchScanOptions = {
          detector,
          ledger,
          isIgnored: (path) => ctx.isIgnored(path),
          maxBlockSize: ctx.policy.limits.maxFileSize,
          onSkipped: (block) =>
            ctx.log.warn(`secrets: skipped ${block.lines.length} added lines of ${block.path}${block.commit ? ` in commit ${block.commit.slice(0, 12)}` : ''}: larger than limits.max-file-size`),
        };
        if (ctx.scope.kind === 'staged' && ctx.git && scopes.has('diff')) {
          const stats = await scanStaged(ctx.git, options, sink);
          ctx.log.debug(`secrets: staged changes: ${stats.lines} added lines`);
        }
        if (range && ctx.git) {
          if (scopes.has('diff')) {
            const stats = await scanDiff(ctx.git, range, options, sink);
            ctx.log.debug(`secrets: diff ${range.mergeBase.slice(0, 12)}...${range.head.slice(0, 12)}: ${stats.lines} added lines`);
          }
          if (scopes.has('commits')) {
            const stats = await scanCommits(ctx.git, range, options, sink);
            ctx.log.debug(`secrets: ${stats.commits} commit(s) in ${range.base.slice(0, 12)}..${range.head.slice(0, 12)}: ${stats.lines} added lines (merges: ${stats.merges})`);
          }
        }
        const local = await developmentKeys(ctx, keysToPlace(collector.list()));
        const listing: Listing = {
          policy: reportPolicy(settings.report),
          allCandidates: settings['all-candidates'] === true,
          contextOf(hit) {
            if (hit.declared) return hit.declared;
            const context = contextOf(hit.path);
            return local.has(hit) && context !== 'test' ? 'dev' : context;
          },
          // A key only local, development or test hosts trust protects nothing deployed.
          confidenceOf: (hit) => (local.has(hit) ? 'low' : hit.confidence),
        };
        const hits = collector.list().sort(byPlace);
        registerSecrets(ctx, hits);
        // Listed findings first: the verification's limits cut from the quiet candidates.
        const listed = (hit: Hit) => listing.policy.action(listing.contextOf(hit), hit.confidence, hit.rule.keyMaterial === true) !== 'off';
        const verification = await verifyHits(ctx, settings, [...hits.filter(listed), ...hits.filter((h) => !listed(h))]);
        report(ctx, hits, allow, scopes, settings['max-findings-per-file'] ?? DEFAULT_MAX_FINDINGS_PER_FILE, ledger, listing, { countedOnly, rules, verification });
        reportBudget(ctx, ledger, patternIndex);
      },
    };
  },
});

interface Listing {
  policy: ReportPolicy;
  allCandidates: boolean;
  contextOf(hit: Hit): SecretContext;
  confidenceOf(hit: Hit): Confidence;
}

/** PEM key blocks at head: their certificate may say they serve only a developer's machine or a test suite. */
function keysToPlace(hits: readonly Hit[]): Hit[] {
  return hits.filter((hit) => hit.commit === undefined && hit.rule.id === 'secrets/private-key' && contextOf(hit.path) !== 'generated');
}

/** Matches of the tree scope that were counted, not kept (see KEPT_PER_FILE). */
interface Uncounted {
  countedOnly: ReadonlyMap<string, Record<string, number>>;
  rules: ReadonlyMap<string, SecretRule>;
  /** What the providers said, when the policy asked (`verify: true`). */
  verification: Verification | undefined;
}

/** Every found value is scrubbed from every output, before anything (verification included) could say it. */
function registerSecrets(ctx: CheckContext, hits: readonly Hit[]): void {
  const structure = pathNames(ctx);
  for (const hit of hits) {
    for (const piece of redactionPieces(hit.secret)) {
      // A weak value that is also the name of a folder or file (a test password `myapp` in a project
      // of that name) is the repository's structure: scrubbing it everywhere would corrupt every path.
      if (piece.length < 16 && structure().has(piece)) continue;
      ctx.redactor.add(piece, piece === hit.secret ? (hit.rule.prefixLength ?? 0) : 0);
    }
  }
}

type Overflow = Map<string, { hit: Hit; severity: Severity; more?: Record<string, number> }[]>;

function report(ctx: CheckContext, hits: readonly Hit[], allow: AllowMatcher[], scopes: ReadonlySet<ScopeName>, maxPerFile: number, ledger: BudgetLedger, listing: Listing, extra: Uncounted): void {
  const headScanned = scopes.has('tree') || scopes.has('diff');
  const counts = new Map<string, number>();
  const overflow: Overflow = new Map();
  const quiet = new CandidateCount();
  const { verification } = extra;
  for (const hit of hits) {
    const context = listing.contextOf(hit);
    const live = verification?.outcomeOf(hit)?.validity === 'live';
    const confidence = listing.confidenceOf(hit);
    // A credential its provider accepts is never kept quiet, nor capped by the report table: it is live.
    const action = live ? 'error' : listing.policy.action(context, confidence, hit.rule.keyMaterial === true);
    const candidate = action === 'off';
    const allowed = allowedBy(allow, hit, ledger);
    if (allowed) allowed.used++;
    if (candidate && !listing.allCandidates) {
      if (!allowed) quiet.add(context, confidence);
      continue;
    }
    const listed: FindingInput = {
      ...findingFor(hit, { goneFromHead: hit.commit !== undefined && headScanned, staged: ctx.scope.kind === 'staged', context, confidence, candidate }),
      ...(candidate ? { maxSeverity: 'notice' } : action !== 'error' ? { maxSeverity: action } : {}),
    };
    const finding = verification ? verification.apply(listed, hit) : listed;
    if (allowed) {
      ctx.report({ ...finding, suppression: { kind: 'allowlist', reason: allowed.entry.reason } });
      continue;
    }
    if (hit.inline && allowsInline(ctx.policy.suppressions.inline, hit.inline)) {
      ctx.report({ ...finding, suppression: { kind: 'inline', reason: hit.inline.reason, location: { path: hit.path, line: hit.inline.line, column: hit.inline.column } } });
      continue;
    }
    const group = `${hit.commit ?? ''}\0${hit.path}`;
    const seen = (counts.get(group) ?? 0) + 1;
    counts.set(group, seen);
    const severity = finding.fixedSeverity && finding.severity ? finding.severity : finding.maxSeverity ? capSeverity(hit.rule.severity ?? 'error', finding.maxSeverity) : (hit.rule.severity ?? 'error');
    // A live credential is listed on its own, never summed up with a file's other findings.
    if (maxPerFile > 0 && seen > maxPerFile && !live) overflow.set(group, [...(overflow.get(group) ?? []), { hit, severity }]);
    else ctx.report(finding);
  }
  reportOverflow(ctx, hits, counts, overflow, maxPerFile, extra);

  const note = quiet.note();
  if (note) ctx.note(note);
  reportUnusedAllow(ctx, allow, scopes, ledger);
}

/** One `secrets/too-many-findings` per file (and commit) past the cap, with the matches counted but not kept. */
function reportOverflow(ctx: CheckContext, hits: readonly Hit[], counts: ReadonlyMap<string, number>, overflow: Overflow, maxPerFile: number, extra: Uncounted): void {
  // A file's counted matches share the fate of its kept ones: listed as more when the file reported any
  // finding that the gate counts, nothing when all of them were allowed or quiet.
  for (const [path, more] of extra.countedOnly) {
    const group = `\0${path}`;
    if (!counts.has(group)) continue;
    const hit = hits.find((h) => h.commit === undefined && h.path === path) as Hit;
    const list = overflow.get(group) ?? [];
    if (!list.length) overflow.set(group, list);
    list.push({ hit, severity: 'notice', more });
  }

  for (const list of overflow.values()) {
    const rest = list.filter((o) => !o.more).map((o) => o.hit);
    const first = (rest[0] ?? list[0]?.hit) as Hit;
    const kinds = new Map<string, number>();
    for (const hit of rest) kinds.set(hit.rule.title, (kinds.get(hit.rule.title) ?? 0) + 1);
    let count = rest.length;
    for (const o of list) {
      for (const [id, n] of Object.entries(o.more ?? {})) {
        const rule = extra.rules.get(id);
        const title = rule?.title ?? id;
        kinds.set(title, (kinds.get(title) ?? 0) + n);
        count += n;
      }
    }
    const severity = list.map((o) => (o.more ? countedSeverity(o.more, extra.rules) : o.severity)).sort(compareSeverity)[0] as Severity;
    const identity = createHash('sha256')
      .update(rest.map((h) => `${h.rule.id}:${secretIdentity(h.secret)}`).sort().join('\n'))
      .digest('hex')
      .slice(0, 32);
    ctx.report({
      ruleId: TOO_MANY_FINDINGS,
      severity,
      message: `${count} more secret(s) in this file${first.commit ? ` (commit ${first.commit.slice(0, 12)})` : ''} beyond ${maxPerFile > 0 ? `max-findings-per-file (${maxPerFile})` : `the ${KEPT_PER_FILE.toLocaleString('en-US')} a file lists at most`}: ${[...kinds].map(([title, n]) => `${n} × ${title}`).join(', ')}.`,
      location: { path: first.path, ...first.span },
      identity,
      ...(first.commit ? { commit: first.commit } : {}),
      help: 'A file with this many secrets is usually a dump or a fixture. Remove it (and rotate what is real), or allow its path with a reason in `checks.secrets.allow`; raise `max-findings-per-file` (0: no limit) to list every secret.',
    });
  }
}

/** Allow entries that matched nothing, on full scans (only they see every file). */
function reportUnusedAllow(ctx: CheckContext, allow: AllowMatcher[], scopes: ReadonlySet<ScopeName>, ledger: BudgetLedger): void {
  // Only a full scan sees every file, so only then does an unused entry mean a stale one.
  if (ctx.scope.kind === 'full' && scopes.has('tree')) {
    for (const a of allow) {
      // An entry that ran over its budget was not judged on every secret: unused is not known.
      if (a.used || ledger.overBudget(allowId(a.index))) continue;
      const what = [a.entry.rule && `rule ${a.entry.rule}`, a.entry.path && `path ${a.entry.path}`, a.entry.value !== undefined && 'a value pattern'].filter(Boolean).join(', ');
      ctx.report({
        ruleId: ALLOW_UNUSED,
        message: `The secrets allow entry for ${what} ("${a.entry.reason}") matches no finding; remove it so that it cannot hide a future secret.`,
        policyPath: ['checks', 'secrets', 'allow', a.index],
        // Hashed: a value pattern may spell out a whole secret.
        identity: createHash('sha256').update(JSON.stringify([a.entry.path ?? '', a.entry.value ?? '', a.entry.rule ?? ''])).digest('hex').slice(0, 32),
      });
    }
  }
}

/** The names of the scan's folders and files (path segments), built once and only when asked. */
function pathNames(ctx: CheckContext): () => ReadonlySet<string> {
  let names: Set<string> | undefined;
  return () => {
    if (names) return names;
    names = new Set();
    for (const f of ctx.files) for (const part of f.path.split('/')) names.add(part);
    return names;
  };
}

function byPlace(a: Hit, b: Hit): number {
  if ((a.commit === undefined) !== (b.commit === undefined)) return a.commit === undefined ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.span.line - b.span.line || a.span.column - b.span.column;
}

/**
 * The severity counted matches stand for: the highest of their rules, lowered to a warning when every rule
 * is generic (its matches were not judged by context one by one).
 */
function countedSeverity(more: Record<string, number>, rules: ReadonlyMap<string, SecretRule>): Severity {
  const severities = Object.keys(more).map((id) => (rules.get(id)?.generic ? 'warning' : (rules.get(id)?.severity ?? 'error')) as Severity);
  return severities.sort(compareSeverity)[0] ?? 'warning';
}
