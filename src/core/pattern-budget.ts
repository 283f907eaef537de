import type { FindingInput, Location, PolicyPath } from './finding.js';

/**
 * The account a check keeps of the policy's own patterns, which run under a time budget
 * (src/util/regex-executor.ts): which pattern ran over budget where, which stopped after too many such
 * runs, and what it skipped. It is kept in the main thread in the order results are delivered (files in
 * path order, then what comes after the pass), not in the order worker threads happen to finish, so the
 * findings are the same with one thread or several.
 */

/** After this many runs over budget, a policy pattern stops running, and one finding counts what it skipped. */
export const MAX_TIMEOUTS_PER_PATTERN = 3;

/** What a policy pattern did on one text: ran (and whether it matched), ran over budget, or was skipped. */
export interface PatternOutcome {
  rule: string;
  status: 'ran' | 'over-budget' | 'skipped';
  matched?: boolean;
}

/** What a pattern ran on, and what it means for the report when it could not finish there. */
const KINDS = {
  file: { where: 'on this file', effect: 'this file is NOT checked by it', one: 'file', unit: 'files', skipped: 'they are NOT checked by it' },
  hunk: { where: 'on the lines added here', effect: 'these lines are NOT checked by it', one: 'hunk of the pull request', unit: 'hunks of the pull request', skipped: 'they are NOT checked by it' },
  secret: { where: 'on the secret found here', effect: 'the secret is reported as not allowed', one: 'secret', unit: 'secrets', skipped: 'they are reported as not allowed' },
  cookie: { where: 'on the name of this cookie', effect: 'the cookie is NOT checked as a session cookie', one: 'cookie name', unit: 'cookie names', skipped: 'they are NOT checked as session cookies' },
} as const;

export type PlaceKind = keyof typeof KINDS;

export interface BudgetPlace {
  /** Where to report a run over budget: a place in a file, or (for what no file holds) the policy's. */
  location?: Location;
  policyPath?: PolicyPath;
  commit?: string;
  kind: PlaceKind;
  /** What identifies the thing (a hash of a secret, a cookie name), for the fingerprint. */
  identity?: string;
}

/** Over-budget runs per pattern, in the order of the texts: whether a pattern has stopped. */
export class TimeoutCounter {
  private readonly counts = new Map<string, number>();

  readonly exhausted = (id: string): boolean => (this.counts.get(id) ?? 0) >= MAX_TIMEOUTS_PER_PATTERN;

  timedOut(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
}

/** How a check names one of its patterns in findings: "The pattern secrets/x (checks.secrets.patterns[0])". */
export interface PatternLabel {
  label: string;
  policyPath: PolicyPath;
}

export class BudgetLedger {
  private readonly counter = new TimeoutCounter();
  private readonly timeouts: { id: string; place: BudgetPlace }[] = [];
  private readonly skipped = new Map<string, Map<PlaceKind, number>>();
  /** What each pattern ran over budget on, reported or not. */
  private readonly overBudgetOn = new Map<string, Set<PlaceKind>>();

  constructor(
    readonly budgetMs: number,
    private readonly ruleId: string,
  ) {}

  readonly exhausted = (id: string): boolean => this.counter.exhausted(id);

  /** Whether a pattern ran over budget anywhere. */
  overBudget(id: string): boolean {
    return this.overBudgetOn.has(id);
  }

  /** The patterns that ran over budget somewhere (so that some of what they judge went unjudged). */
  overBudgetIds(): string[] {
    return [...this.overBudgetOn.keys()];
  }

  /**
   * Takes one outcome. True when the pattern's matches in this text count: false when it ran over budget,
   * was skipped, or had stopped before this text (whatever it found here is then dropped). `silent`: a run
   * over budget that changed nothing (another pattern decided) counts towards stopping the pattern but is
   * not reported.
   */
  note(outcome: PatternOutcome, place: BudgetPlace, silent = false): boolean {
    if (this.counter.exhausted(outcome.rule) || outcome.status === 'skipped') {
      const skipped = this.skipped.get(outcome.rule) ?? new Map<PlaceKind, number>();
      skipped.set(place.kind, (skipped.get(place.kind) ?? 0) + 1);
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

  /** A finding for each run over budget, then one per pattern that stopped. */
  findings(describe: (id: string) => PatternLabel, help: string): FindingInput[] {
    const budget = `${this.budgetMs} ms`;
    const out: FindingInput[] = [];
    for (const { id, place } of this.timeouts) {
      const kind = KINDS[place.kind];
      out.push({
        ruleId: this.ruleId,
        message: `${describe(id).label} ran longer than ${budget} ${place.kind === 'cookie' && place.identity ? `on the cookie name \`${place.identity}\`` : kind.where} and was stopped: ${kind.effect}.`,
        ...(place.location ? { location: place.location } : {}),
        ...(place.policyPath ? { policyPath: place.policyPath } : {}),
        ...(place.commit ? { commit: place.commit } : {}),
        identity: `timeout:${id}${place.identity ? `:${place.identity}` : ''}`,
        help,
      });
    }
    for (const [id, skipped] of this.skipped) {
      const { label, policyPath } = describe(id);
      const on = [...(this.overBudgetOn.get(id) ?? [])].map((k) => KINDS[k].unit).join(' or ');
      const parts = [...skipped].map(([kind, n]) => `${n} more ${n === 1 ? KINDS[kind].one : KINDS[kind].unit}`);
      const effect = KINDS[[...skipped.keys()][0] as PlaceKind].skipped;
      out.push({
        ruleId: this.ruleId,
        message: `${label} ran longer than ${budget} on ${MAX_TIMEOUTS_PER_PATTERN} ${on}, so it was stopped and not run on ${parts.join(' and ')}: ${effect}.`,
        policyPath,
        identity: `timeouts:${id}`,
        help,
      });
    }
    return out;
  }
}
