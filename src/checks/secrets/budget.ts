import type { CheckContext } from '../../core/check.js';
import type { Location } from '../../core/finding.js';
import { PATTERN_TIMEOUT } from './meta.js';
import type { PatternOutcome } from './types.js';

/** After this many texts over budget, a policy pattern stops running, and one finding counts what it skipped. */
export const MAX_TIMEOUTS_PER_PATTERN = 3;

/** Ids of the policy's value patterns in the ledger, beside the custom patterns' rule ids. */
export const allowId = (index: number) => `allow[${index}]`;

/** Over-budget runs per pattern, in the order of the texts: whether a pattern has stopped. */
export class TimeoutCounter {
  private readonly counts = new Map<string, number>();

  readonly exhausted = (id: string): boolean => (this.counts.get(id) ?? 0) >= MAX_TIMEOUTS_PER_PATTERN;

  timedOut(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
}

/** Where a pattern ran: a file of the tree, a hunk that a pull request or one of its commits adds, or a secret (allow values). */
export interface BudgetPlace {
  location: Location;
  commit?: string;
  kind: 'file' | 'hunk' | 'secret';
  /** For allow values: what identifies the secret (a hash, never the secret). */
  identity?: string;
}

function units(kinds: ReadonlySet<BudgetPlace['kind']> | undefined): string {
  const names = { file: 'files', hunk: 'hunks of the pull request', secret: 'secrets' };
  return [...(kinds ?? [])].map((k) => names[k]).join(' or ');
}

interface Skipped {
  files: number;
  hunks: number;
  secrets: number;
}

/**
 * The check's account of its policy patterns, kept in the main thread in the order results are delivered
 * (the tree in path order, then the pull request's hunks, then the allow entries): which pattern ran over
 * budget where, and which stopped and how much it skipped. That order, not the order in which worker
 * threads happen to finish, decides, so the findings are the same with one thread or several.
 */
export class BudgetLedger {
  private readonly counter = new TimeoutCounter();
  private readonly timeouts: { id: string; place: BudgetPlace }[] = [];
  private readonly skipped = new Map<string, Skipped>();
  /** What each pattern ran over budget on, reported or not. */
  private readonly overBudgetOn = new Map<string, Set<BudgetPlace['kind']>>();

  constructor(readonly budgetMs: number) {}

  readonly exhausted = (id: string): boolean => this.counter.exhausted(id);

  /** Whether a pattern ran over budget anywhere. */
  overBudget(id: string): boolean {
    return this.overBudgetOn.has(id);
  }

  /**
   * Takes one outcome. True when the pattern's matches in this text count: false when it ran over budget,
   * was skipped, or had stopped before this text (whatever it found here is then dropped). `silent`: a run
   * over budget that changed nothing (another allow entry allowed the secret) counts towards stopping the
   * pattern but is not reported.
   */
  note(outcome: PatternOutcome, place: BudgetPlace, silent = false): boolean {
    if (this.counter.exhausted(outcome.rule) || outcome.status === 'skipped') {
      const skipped = this.skipped.get(outcome.rule) ?? { files: 0, hunks: 0, secrets: 0 };
      skipped[`${place.kind}s`]++;
      this.skipped.set(outcome.rule, skipped);
      return false;
    }
    if (outcome.status === 'over-budget') {
      this.counter.timedOut(outcome.rule);
      this.overBudgetOn.set(outcome.rule, (this.overBudgetOn.get(outcome.rule) ?? new Set()).add(place.kind));
      if (!silent) this.timeouts.push({ id: outcome.rule, place });
      return false;
    }
    return true;
  }

  /** Reports each run over budget, then one finding per pattern that stopped. */
  report(ctx: CheckContext, patternIndex: ReadonlyMap<string, number>): void {
    const budget = `${this.budgetMs} ms`;
    const label = (id: string) => {
      const index = patternIndex.get(id);
      return index === undefined ? `The value pattern of checks.secrets.${id}` : `The pattern ${id} (checks.secrets.patterns[${index}])`;
    };
    const help =
      'Simplify the pattern: no alternatives or adjacent quantifiers that can match the same text (`(a|aa)+`, `\\w*\\d*`), anchors instead of long optional runs; give it more distinctive `keywords` and `paths`, or raise `checks.secrets.time-budget`.';
    for (const { id, place } of this.timeouts) {
      const where = place.kind === 'secret' ? 'on the secret found here' : place.kind === 'hunk' ? 'on the lines added here' : 'on this file';
      const effect =
        place.kind === 'secret'
          ? 'the secret is reported as not allowed'
          : `${place.kind === 'hunk' ? 'these lines are' : 'this file is'} NOT checked by it`;
      ctx.report({
        ruleId: PATTERN_TIMEOUT,
        message: `${label(id)} ran longer than ${budget} ${where} and was stopped: ${effect}.`,
        location: place.location,
        ...(place.commit ? { commit: place.commit } : {}),
        identity: `timeout:${id}${place.identity ? `:${place.identity}` : ''}`,
        help,
      });
    }
    for (const [id, skipped] of this.skipped) {
      const parts = [
        skipped.files && `${skipped.files} more file(s)`,
        skipped.hunks && `${skipped.hunks} more hunk(s) of the pull request`,
        skipped.secrets && `${skipped.secrets} more secret(s)`,
      ].filter(Boolean);
      const effect = patternIndex.has(id) ? 'they are NOT checked by it' : 'they are reported as not allowed';
      const index = patternIndex.get(id);
      ctx.report({
        ruleId: PATTERN_TIMEOUT,
        message: `${label(id)} ran longer than ${budget} on ${MAX_TIMEOUTS_PER_PATTERN} ${units(this.overBudgetOn.get(id))}, so it was stopped and not run on ${parts.join(' and ')}: ${effect}.`,
        policyPath: index === undefined ? ['checks', 'secrets', 'allow', Number(/\d+/.exec(id)?.[0])] : ['checks', 'secrets', 'patterns', index],
        identity: `timeouts:${id}`,
        help,
      });
    }
  }
}
