export const SEVERITIES = ['error', 'warning', 'notice'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The lowest severity that fails the gate; `none` reports without ever failing. */
export type FailOn = Severity | 'none';

const RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** Most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function failsGate(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[severity] >= RANK[failOn];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

const FAIL_ON_RANK: Record<FailOn, number> = { notice: 1, warning: 2, error: 3, none: 4 };

/** True when `next` fails the gate on fewer findings than `current`. */
export function isLooserFailOn(next: FailOn, current: FailOn): boolean {
  return FAIL_ON_RANK[next] > FAIL_ON_RANK[current];
}
