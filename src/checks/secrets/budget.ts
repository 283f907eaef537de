import type { CheckContext } from '../../core/check.js';
import type { BudgetLedger, BudgetPlace, PatternLabel, PatternOutcome } from '../../core/pattern-budget.js';
import { sharedExecutor } from '../../util/regex-executor.js';
import { secretIdentity, type Hit } from './hits.js';
import type { AllowMatcher } from './settings.js';

// The policy's own patterns under their time budget, as the secrets check reports them. Custom patterns
// are in the ledger by rule id (`secrets/<id>`), allow entries' value patterns by `allow:<index>`.

const ALLOW_PREFIX = 'allow:';
export const allowId = (index: number) => `${ALLOW_PREFIX}${index}`;

const HELP_TIMEOUT =
  'Simplify the pattern: no alternatives or adjacent quantifiers that can match the same text (`(a|aa)+`, `([a-z]|[a-z0-9])+`, `\\w*\\d*`); give it more distinctive `keywords` and `paths`, or raise `checks.secrets.time-budget`.';

/**
 * The allow entry that allows a hit, if any. Value patterns run under the budget; one over it does not
 * allow the secret, and is reported only when no other entry allows it (otherwise it changed nothing).
 */
export function allowedBy(allow: readonly AllowMatcher[], hit: Hit, ledger: BudgetLedger): AllowMatcher | undefined {
  const place: BudgetPlace = { location: { path: hit.path, ...hit.span }, kind: 'secret', identity: secretIdentity(hit.secret), ...(hit.commit ? { commit: hit.commit } : {}) };
  const unjudged: PatternOutcome[] = [];
  const testValue = (matcher: AllowMatcher) => {
    const id = allowId(matcher.index);
    if (ledger.exhausted(id)) {
      unjudged.push({ rule: id, status: 'skipped' });
      return false;
    }
    const result = sharedExecutor().run({ source: matcher.entry.value as string, flags: '', texts: [hit.secret], budgetMs: ledger.budgetMs, limit: 1 });
    if (result.kind === 'error') throw new Error(`checks.secrets.allow[${matcher.index}]: the value ${result.message}`);
    if (result.kind === 'timeout') {
      unjudged.push({ rule: id, status: 'over-budget' });
      return false;
    }
    return (result.matches[0]?.length ?? 0) > 0;
  };
  const allowed = allow.find((a) => a.matches(hit.rule.id, hit.path, testValue));
  for (const outcome of unjudged) {
    // Skips that changed nothing are not counted; runs over budget still count towards stopping the entry.
    if (outcome.status === 'over-budget' || !allowed) ledger.note(outcome, place, allowed !== undefined);
  }
  return allowed;
}


function describe(patternIndex: ReadonlyMap<string, number>, id: string): PatternLabel {
  const index = patternIndex.get(id);
  if (index !== undefined) return { label: `The pattern ${id} (checks.secrets.patterns[${index}])`, policyPath: ['checks', 'secrets', 'patterns', index] };
  const entry = Number(id.slice(ALLOW_PREFIX.length));
  return { label: `The value pattern of checks.secrets.allow[${entry}]`, policyPath: ['checks', 'secrets', 'allow', entry] };
}

/** The findings of runs over budget and of patterns that stopped; what a custom pattern could not judge is not evaluated. */
export function reportBudget(ctx: CheckContext, ledger: BudgetLedger, patternIndex: ReadonlyMap<string, number>): void {
  for (const finding of ledger.findings((id) => describe(patternIndex, id), HELP_TIMEOUT)) ctx.report(finding);
  for (const id of ledger.overBudgetIds()) {
    if (patternIndex.has(id)) ctx.notEvaluated(`the pattern ${id} ran over its time budget (${ledger.budgetMs} ms), so some files are not checked by it`, [id]);
  }
}
