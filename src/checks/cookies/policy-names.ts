import type { BudgetLedger, BudgetPlace, PatternLabel, PatternOutcome } from '../../core/pattern-budget.js';
import { sharedExecutor } from '../../util/regex-executor.js';
import { isDefaultSessionName } from './session-names.js';

export const DEFAULT_TIME_BUDGET_MS = 1000;

export const PATTERN_HELP =
  'Simplify the pattern: no alternatives or adjacent quantifiers that can match the same text (`(a|aa)+`, `\\w*\\d*`), or raise `checks.cookies.time-budget`.';

/**
 * Which cookies are session cookies by name, judged with the policy's own `session-names` (regular
 * expressions, run under the time budget: a cookie name comes from the scanned code, or from a deployed
 * site) or, without them, with the built-in names. A name a pattern could not judge in time is not taken
 * for a session cookie by that pattern, and the ledger says so. Each name is judged once.
 */
export class SessionNames {
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly patterns: readonly string[] | undefined,
    readonly ledger: BudgetLedger,
  ) {}

  isSession(name: string, place: BudgetPlace): boolean {
    if (!this.patterns) return isDefaultSessionName(name);
    const known = this.known.get(name);
    if (known !== undefined) return known;
    let session = false;
    const unjudged: PatternOutcome[] = [];
    for (const [index, source] of this.patterns.entries()) {
      const id = String(index);
      if (this.ledger.exhausted(id)) {
        unjudged.push({ rule: id, status: 'skipped' });
        continue;
      }
      const result = sharedExecutor().run({ source, flags: 'i', texts: [name], budgetMs: this.ledger.budgetMs, limit: 1 });
      if (result.kind === 'error') throw new Error(`checks.cookies.session-names[${index}]: ${result.message}`);
      if (result.kind === 'timeout') unjudged.push({ rule: id, status: 'over-budget' });
      else if (result.matches[0]?.length) {
        session = true;
        break;
      }
    }
    // A pattern that could not judge the name changed nothing when another one matched it.
    for (const outcome of unjudged) if (outcome.status === 'over-budget' || !session) this.ledger.note(outcome, { ...place, identity: name }, session);
    this.known.set(name, session);
    return session;
  }

  static label(id: string): PatternLabel {
    return { label: `The session-names pattern checks.cookies.session-names[${id}]`, policyPath: ['checks', 'cookies', 'session-names', Number(id)] };
  }
}
