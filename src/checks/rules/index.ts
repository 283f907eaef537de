import { createHash } from 'node:crypto';
import { defineCheck, type CheckContext } from '../../core/check.js';
import { blankComments } from '../../lang/comments.js';
import type { FileEntry } from '../../sources/list.js';
import type { SourceFile } from '../../sources/source-file.js';
import { compileRules, type CompiledRule } from './compile.js';
import { RULE_ITEM_SCHEMA } from './item-schema.js';
import { RegexRunner, type Job, type RunResult } from './regex-runner.js';

interface RulesSettings {
  'time-budget'?: number;
}

/** Findings one forbid rule may report in one file; past this, one more finding says how many were left out. */
const MAX_FINDINGS_PER_FILE = 50;
/** After this many files over budget, a rule stops running (and says so) rather than slow every scan. */
const MAX_TIMEOUTS_PER_RULE = 3;
const DEFAULT_BUDGET_MS = 1000;

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** What one scan of the check keeps across files. */
interface RulesRun {
  ctx: CheckContext;
  budget: number;
  runner: RegexRunner;
  /** How many files each rule applied to. */
  filesMatched: Map<CompiledRule, number>;
  /** `require` rules that a file met. */
  satisfiedSomewhere: Set<CompiledRule>;
  /** The files on which each rule ran over its budget. */
  timeouts: Map<CompiledRule, string[]>;
  /** How many files each rule was not run on, after MAX_TIMEOUTS_PER_RULE files over budget. */
  skippedAfterTimeouts: Map<CompiledRule, number>;
}

/** One pattern of one rule to run on one text of a file. */
type RuleJob = Job & { rule: CompiledRule; kind: 'require' | 'forbid'; pattern: string };

/** Whether a rule still runs: after MAX_TIMEOUTS_PER_RULE files over budget it stops (and says so in finish). */
function active(run: RulesRun, rule: CompiledRule): boolean {
  if ((run.timeouts.get(rule)?.length ?? 0) < MAX_TIMEOUTS_PER_RULE) return true;
  run.skippedAfterTimeouts.set(rule, (run.skippedAfterTimeouts.get(rule) ?? 0) + 1);
  return false;
}

/** A pattern that ran over budget on a file: the file is not checked by the rule, and the finding says so. */
function overBudget(run: RulesRun, rule: CompiledRule, pattern: string, file: SourceFile): void {
  run.timeouts.set(rule, [...(run.timeouts.get(rule) ?? []), file.path]);
  run.ctx.report({
    ruleId: rule.ruleId,
    severity: rule.severity,
    message: `The pattern of rule ${rule.id} ran longer than ${run.budget} ms on this file and was stopped: the file is not checked by this rule. Simplify the pattern (fewer adjacent quantifiers) or narrow \`files\`.`,
    location: { path: file.path },
    identity: `timeout:${pattern}`,
  });
}

/** The patterns to run on a file; `text` is the index of the text each runs on (the file, or it without comments). */
function jobsFor(run: RulesRun, applicable: readonly CompiledRule[], onlyRequire: boolean, textFor: (rule: CompiledRule) => number): RuleJob[] {
  const jobs: RuleJob[] = [];
  for (const rule of applicable) {
    run.filesMatched.set(rule, (run.filesMatched.get(rule) ?? 0) + 1);
    if (!active(run, rule)) continue;
    const text = textFor(rule);
    if (rule.require !== undefined && !(rule.requireIn === 'any' && run.satisfiedSomewhere.has(rule))) {
      jobs.push({ rule, kind: 'require', pattern: rule.require, source: rule.require, flags: rule.flags, limit: 1, text });
    }
    if (rule.forbid !== undefined && !onlyRequire) jobs.push({ rule, kind: 'forbid', pattern: rule.forbid, source: rule.forbid, flags: rule.flags, limit: MAX_FINDINGS_PER_FILE + 1, text });
  }
  return jobs;
}

/** Runs the rules' patterns on one file; `onlyRequire` (pull requests, unchanged files): no forbid. */
async function runRules(run: RulesRun, file: SourceFile, applicable: readonly CompiledRule[], onlyRequire = false): Promise<void> {
  if (!applicable.length) return;
  const texts = [file.text];
  let strippedIndex: number | undefined;
  const textFor = (rule: CompiledRule) => {
    if (!rule.stripComments) return 0;
    if (strippedIndex === undefined) strippedIndex = texts.push(blankComments(file.path, file.text)) - 1;
    return strippedIndex;
  };
  const jobs = jobsFor(run, applicable, onlyRequire, textFor);
  const results = await run.runner.runAll(texts, jobs.map(({ source, flags, limit, text }) => ({ source, flags, limit, text })));
  const timedOut = new Set<CompiledRule>();
  for (const [k, job] of jobs.entries()) {
    const result = results[k] as RunResult;
    const { rule } = job;
    if (result.kind === 'error') throw new Error(`rule ${rule.id}: ${result.message}`);
    if (result.kind === 'timeout') {
      if (!timedOut.has(rule)) overBudget(run, rule, job.pattern, file);
      timedOut.add(rule);
      continue;
    }
    if (job.kind === 'require') required(run, rule, file, result.matches.length > 0);
    else forbidden(run, rule, file, texts[job.text] as string, result.matches);
  }
}

/** A `require` pattern's result on one file: met (for `require-in: any`), or a finding when each file must meet it. */
function required(run: RulesRun, rule: CompiledRule, file: SourceFile, met: boolean): void {
  if (met) run.satisfiedSomewhere.add(rule);
  else if (rule.requireIn === 'each') {
    run.ctx.report({
      ruleId: rule.ruleId,
      severity: rule.severity,
      message: `${rule.message} (${file.path} has no match for /${rule.require}/)`,
      location: { path: file.path },
      identity: `require:${rule.require}`,
      help: rule.help,
    });
  }
}

/** A `forbid` pattern's matches in one file: one finding each, up to MAX_FINDINGS_PER_FILE, then one that counts the rest. */
function forbidden(run: RulesRun, rule: CompiledRule, file: SourceFile, text: string, found: readonly (readonly [number, number])[]): void {
  const seen = new Map<string, number>();
  for (const [index, length] of found.slice(0, MAX_FINDINGS_PER_FILE)) {
    // The match itself is never shown: a pattern may well match a secret.
    const digest = hash(text.slice(index, index + length));
    const nth = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, nth);
    run.ctx.report({
      ruleId: rule.ruleId,
      severity: rule.severity,
      message: rule.message,
      location: { path: file.path, ...file.span(index, index + length) },
      identity: `forbid:${digest}:${nth}`,
      help: rule.help,
    });
  }
  if (found.length > MAX_FINDINGS_PER_FILE) {
    run.ctx.report({
      ruleId: rule.ruleId,
      severity: rule.severity,
      message: `${rule.message} (more than ${MAX_FINDINGS_PER_FILE} matches in this file; only the first ${MAX_FINDINGS_PER_FILE} are reported)`,
      location: { path: file.path },
      identity: 'forbid:more',
      help: rule.help,
    });
  }
}

/**
 * On pull requests only the changed files are read in the pass: a `require` that any file may meet is
 * then looked for in the other files, in path order, only until one meets it.
 */
async function requireAnyElsewhere(run: RulesRun, rules: readonly CompiledRule[], listedMatches: (rule: CompiledRule) => readonly FileEntry[], changed: ReadonlySet<string>): Promise<void> {
  for (const rule of rules) {
    if (rule.require === undefined || rule.requireIn !== 'any') continue;
    for (const entry of listedMatches(rule)) {
      if (run.satisfiedSomewhere.has(rule) || run.timeouts.has(rule)) break;
      if (changed.has(entry.path)) continue;
      const file = await run.ctx.readText(entry.path);
      if (file) await runRules(run, file, [rule], true);
    }
  }
}

/** What a rule says once every file is read: its globs matched nothing, no file met its `require`, it stopped after timeouts. */
function judgeRule(run: RulesRun, rule: CompiledRule, count: number): void {
  const { ctx } = run;
  const where = `(rule ${rule.id}, ${ctx.describePolicyPath(rule.policyPath)})`;
  if (count === 0) {
    ctx.report({
      ruleId: rule.ruleId,
      severity: rule.require !== undefined ? 'warning' : 'notice',
      message: `No file matches \`files: ${rule.files.join(', ')}\`, so this rule checks nothing ${where}. Check the globs.`,
      policyPath: rule.policyPath,
      identity: 'no-files',
    });
    return;
  }
  if (rule.require !== undefined && rule.requireIn === 'any' && !run.satisfiedSomewhere.has(rule) && !run.timeouts.has(rule)) {
    ctx.report({
      ruleId: rule.ruleId,
      severity: rule.severity,
      message: `${rule.message} (none of the ${count} file(s) matching \`${rule.files.join(', ')}\` has a match for /${rule.require}/)`,
      policyPath: rule.policyPath,
      identity: 'require-any',
      help: rule.help,
    });
  }
  const skipped = run.skippedAfterTimeouts.get(rule);
  if (skipped) {
    ctx.report({
      ruleId: rule.ruleId,
      severity: rule.severity,
      message: `Rule ${rule.id} exceeded its time budget on ${MAX_TIMEOUTS_PER_RULE} files and was not run on ${skipped} more ${where}.`,
      policyPath: rule.policyPath,
      identity: 'timeouts',
    });
  }
}

/**
 * The policy's own rules (`rules:` at the top level of the policy): patterns that files must contain or
 * must not contain. The check runs whenever its section exists (the `recommended` preset has `rules: {}`,
 * and the loader adds the section when the policy has rules); with no rules it does nothing.
 */
export default defineCheck<RulesSettings>({
  meta: {
    id: 'rules',
    title: 'Policy rules',
    description: "The policy's own rules: patterns that files must contain (`require`) or must not contain (`forbid`). Findings are `rules/<id>`.",
    covers: [
      'Verify that `RATE_LIMIT_ENABLED=true` in production configs and that critical routes (`/api/auth/*`, `/api/tickets`, `/api/tickets/*/comments`, `/api/tickets/bulk`) are covered by rate limiting.',
      'Rate limiting on auth endpoints (10/min)',
    ],
    rules: [],
    policyKeys: {
      rules: {
        type: 'array',
        description: 'Policy-defined rules: patterns that matching files must contain (`require`) or must not contain (`forbid`).',
        items: RULE_ITEM_SCHEMA,
      },
    },
    settings: {
      'time-budget': {
        type: 'integer',
        minimum: 10,
        maximum: 60000,
        description: 'Milliseconds one pattern may run on one file before it is stopped and reported (default 1000).',
      },
    },
  },
  create(ctx, settings) {
    const budget = settings['time-budget'] ?? DEFAULT_BUDGET_MS;
    const rules = compileRules(ctx.policy.rules, budget);
    const run: RulesRun = { ctx, budget, runner: new RegexRunner(budget), filesMatched: new Map(), satisfiedSomewhere: new Set(), timeouts: new Map(), skippedAfterTimeouts: new Map() };
    // The files each rule's globs match, listed once (pull requests).
    const listed = new Map<CompiledRule, FileEntry[]>();
    const listedMatches = (rule: CompiledRule) => {
      let found = listed.get(rule);
      if (!found) listed.set(rule, (found = ctx.files.filter((f) => f.kind === 'file' && rule.matches(f.path) && !ctx.isIgnored(f.path))));
      return found;
    };
    return {
      wants: (path) => (!ctx.changed || ctx.changed.has(path)) && rules.some((rule) => rule.matches(path)),
      async visit(file) {
        await runRules(run, file, rules.filter((rule) => rule.matches(file.path)));
      },
      async finish() {
        if (ctx.changed) await requireAnyElsewhere(run, rules, listedMatches, ctx.changed);
        await run.runner.close();
        // A pull request reads few files: whether the globs match anything is a question for the listing.
        for (const rule of rules) judgeRule(run, rule, ctx.changed ? listedMatches(rule).length : (run.filesMatched.get(rule) ?? 0));
      },
    };
  },
});
