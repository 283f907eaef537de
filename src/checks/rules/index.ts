import { createHash } from 'node:crypto';
import { defineCheck } from '../../core/check.js';
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
    const runner = new RegexRunner(budget);
    const filesMatched = new Map<CompiledRule, number>();
    const satisfiedSomewhere = new Set<CompiledRule>();
    const timeouts = new Map<CompiledRule, string[]>();
    const skippedAfterTimeouts = new Map<CompiledRule, number>();

    /** Whether a rule still runs: after MAX_TIMEOUTS_PER_RULE files over budget it stops (and says so in finish). */
    const active = (rule: CompiledRule) => {
      if ((timeouts.get(rule)?.length ?? 0) < MAX_TIMEOUTS_PER_RULE) return true;
      skippedAfterTimeouts.set(rule, (skippedAfterTimeouts.get(rule) ?? 0) + 1);
      return false;
    };
    const overBudget = (rule: CompiledRule, pattern: string, file: SourceFile) => {
      timeouts.set(rule, [...(timeouts.get(rule) ?? []), file.path]);
      ctx.report({
        ruleId: rule.ruleId,
        severity: rule.severity,
        message: `The pattern of rule ${rule.id} ran longer than ${budget} ms on this file and was stopped: the file is not checked by this rule. Simplify the pattern (fewer adjacent quantifiers) or narrow \`files\`.`,
        location: { path: file.path },
        identity: `timeout:${pattern}`,
      });
    };

    /** Runs the rules' patterns on one file; `onlyRequire` (pull requests, unchanged files): no forbid. */
    const run = async (file: SourceFile, applicable: CompiledRule[], onlyRequire = false) => {
      if (!applicable.length) return;
      const texts = [file.text];
      let strippedIndex: number | undefined;
      const textFor = (rule: CompiledRule) => {
        if (!rule.stripComments) return 0;
        if (strippedIndex === undefined) strippedIndex = texts.push(blankComments(file.path, file.text)) - 1;
        return strippedIndex;
      };
      const jobs: (Job & { rule: CompiledRule; kind: 'require' | 'forbid'; pattern: string })[] = [];
      for (const rule of applicable) {
        filesMatched.set(rule, (filesMatched.get(rule) ?? 0) + 1);
        if (!active(rule)) continue;
        const text = textFor(rule);
        if (rule.require !== undefined && !(rule.requireIn === 'any' && satisfiedSomewhere.has(rule))) {
          jobs.push({ rule, kind: 'require', pattern: rule.require, source: rule.require, flags: rule.flags, limit: 1, text });
        }
        if (rule.forbid !== undefined && !onlyRequire) jobs.push({ rule, kind: 'forbid', pattern: rule.forbid, source: rule.forbid, flags: rule.flags, limit: MAX_FINDINGS_PER_FILE + 1, text });
      }
      const results = await runner.runAll(texts, jobs.map(({ source, flags, limit, text }) => ({ source, flags, limit, text })));
      const timedOut = new Set<CompiledRule>();
      for (const [k, job] of jobs.entries()) {
        const result = results[k] as RunResult;
        const { rule } = job;
        if (result.kind === 'error') throw new Error(`rule ${rule.id}: ${result.message}`);
        if (result.kind === 'timeout') {
          if (!timedOut.has(rule)) overBudget(rule, job.pattern, file);
          timedOut.add(rule);
          continue;
        }
        const found = result.matches;
        const text = texts[job.text] as string;
        if (job.kind === 'require') {
          if (found.length > 0) satisfiedSomewhere.add(rule);
          else if (rule.requireIn === 'each') {
            ctx.report({
              ruleId: rule.ruleId,
              severity: rule.severity,
              message: `${rule.message} (${file.path} has no match for /${rule.require}/)`,
              location: { path: file.path },
              identity: `require:${rule.require}`,
              help: rule.help,
            });
          }
          continue;
        }
        const seen = new Map<string, number>();
        for (const [index, length] of found.slice(0, MAX_FINDINGS_PER_FILE)) {
          // The match itself is never shown: a pattern may well match a secret.
          const digest = hash(text.slice(index, index + length));
          const nth = (seen.get(digest) ?? 0) + 1;
          seen.set(digest, nth);
          ctx.report({
            ruleId: rule.ruleId,
            severity: rule.severity,
            message: rule.message,
            location: { path: file.path, ...file.span(index, index + length) },
            identity: `forbid:${digest}:${nth}`,
            help: rule.help,
          });
        }
        if (found.length > MAX_FINDINGS_PER_FILE) {
          ctx.report({
            ruleId: rule.ruleId,
            severity: rule.severity,
            message: `${rule.message} (more than ${MAX_FINDINGS_PER_FILE} matches in this file; only the first ${MAX_FINDINGS_PER_FILE} are reported)`,
            location: { path: file.path },
            identity: 'forbid:more',
            help: rule.help,
          });
        }
      }
    };

    // On pull requests the changed files are read; a `require` that any file may meet is then looked for in
    // the other files, in path order, only until one meets it.
    const listed = new Map<CompiledRule, FileEntry[]>();
    const listedMatches = (rule: CompiledRule) => {
      let found = listed.get(rule);
      if (!found) listed.set(rule, (found = ctx.files.filter((f) => f.kind === 'file' && rule.matches(f.path) && !ctx.isIgnored(f.path))));
      return found;
    };
    return {
      wants: (path) => (!ctx.changed || ctx.changed.has(path)) && rules.some((rule) => rule.matches(path)),
      async visit(file) {
        await run(
          file,
          rules.filter((rule) => rule.matches(file.path)),
        );
      },
      async finish() {
        if (ctx.changed) {
          for (const rule of rules) {
            if (rule.require === undefined || rule.requireIn !== 'any') continue;
            for (const entry of listedMatches(rule)) {
              if (satisfiedSomewhere.has(rule) || timeouts.has(rule)) break;
              if (ctx.changed.has(entry.path)) continue;
              const file = await ctx.readText(entry.path);
              if (file) await run(file, [rule], true);
            }
          }
        }
        await runner.close();
        for (const rule of rules) {
          const where = `(rule ${rule.id}, ${ctx.describePolicyPath(rule.policyPath)})`;
          // A pull request reads few files: whether the globs match anything is a question for the listing.
          const count = ctx.changed ? listedMatches(rule).length : (filesMatched.get(rule) ?? 0);
          if (count === 0) {
            ctx.report({
              ruleId: rule.ruleId,
              severity: rule.require !== undefined ? 'warning' : 'notice',
              message: `No file matches \`files: ${rule.files.join(', ')}\`, so this rule checks nothing ${where}. Check the globs.`,
              policyPath: rule.policyPath,
              identity: 'no-files',
            });
            continue;
          }
          if (rule.require !== undefined && rule.requireIn === 'any' && !satisfiedSomewhere.has(rule) && !timeouts.has(rule)) {
            ctx.report({
              ruleId: rule.ruleId,
              severity: rule.severity,
              message: `${rule.message} (none of the ${count} file(s) matching \`${rule.files.join(', ')}\` has a match for /${rule.require}/)`,
              policyPath: rule.policyPath,
              identity: 'require-any',
              help: rule.help,
            });
          }
          const skipped = skippedAfterTimeouts.get(rule);
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
      },
    };
  },
});
