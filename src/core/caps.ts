import type { FindingInput } from './finding.js';
import { compareSeverity, type Severity } from './severity.js';

interface Overflow {
  ruleId: string;
  path: string;
  commit?: string;
  count: number;
  severity?: Severity;
  /** Past the cap, findings that were allowed stay allowed: their summary carries the first one's reason. */
  suppression?: FindingInput['suppression'];
}

/**
 * Keeps memory and reports bounded whatever a repository holds (a file of a million `A=` lines, a pattern
 * that matches every line): past `perFile` findings of one rule in one file, and past `total` findings in
 * all, findings are counted instead of kept. Nothing is lost from the verdict: each overflow becomes one
 * finding that says how many more there are, at the highest severity of what it stands for.
 */
export class FindingCaps {
  private admitted = 0;
  private readonly perFileCounts = new Map<string, number>();
  private readonly perFileOverflow = new Map<string, Overflow>();
  private readonly dropped = new Map<string, number>();
  private droppedSeverity: Severity | undefined;

  constructor(
    private readonly total: number,
    private readonly perFile: number,
  ) {}

  /**
   * Whether to keep a finding; `severity` is what it would count as after the policy's overrides
   * (undefined: turned off, so it costs nothing and is dropped later anyway).
   */
  admit(check: string, input: FindingInput, severity: Severity | undefined): boolean {
    if (severity === undefined) return true;
    const path = input.location?.path;
    if (path !== undefined) {
      const key = `${input.ruleId}\0${path}\0${input.commit ?? ''}\0${input.suppression ? 'suppressed' : ''}`;
      const seen = (this.perFileCounts.get(key) ?? 0) + 1;
      this.perFileCounts.set(key, seen);
      if (seen > this.perFile) {
        const over = this.perFileOverflow.get(key) ?? { ruleId: input.ruleId, path, ...(input.commit ? { commit: input.commit } : {}), ...(input.suppression ? { suppression: input.suppression } : {}), count: 0 };
        over.count++;
        if (input.severity && (!over.severity || compareSeverity(input.severity, over.severity) < 0)) over.severity = input.severity;
        this.perFileOverflow.set(key, over);
        return false;
      }
    }
    if (this.admitted >= this.total) {
      // An allowed finding does not count against the gate: past the total it is only not listed.
      if (input.suppression) return false;
      this.dropped.set(check, (this.dropped.get(check) ?? 0) + 1);
      if (!this.droppedSeverity || compareSeverity(severity, this.droppedSeverity) < 0) this.droppedSeverity = severity;
      return false;
    }
    this.admitted++;
    return true;
  }

  /** One finding per rule and file past the per-file cap, reported by the check the rule belongs to. */
  fileSummaries(check: string): FindingInput[] {
    return [...this.perFileOverflow.values()]
      .filter((o) => o.ruleId.startsWith(`${check}/`))
      .map((o) => ({
        ruleId: o.ruleId,
        ...(o.severity ? { severity: o.severity } : {}),
        message: `${o.count} more ${o.suppression ? 'allowed ' : ''}finding(s) of this rule in this file${o.commit ? ` (commit ${o.commit.slice(0, 12)})` : ''}, beyond limits.max-findings-per-file (${this.perFile}).`,
        location: { path: o.path },
        identity: `overflow:${o.ruleId}:${o.commit ?? ''}${o.suppression ? ':allowed' : ''}`,
        ...(o.suppression ? { suppression: o.suppression } : {}),
        ...(o.commit ? { commit: o.commit } : {}),
      }));
  }

  /** The findings dropped past the total cap, as one engine finding; undefined when none were. */
  totalSummary(): FindingInput | undefined {
    const count = [...this.dropped.values()].reduce((a, b) => a + b, 0);
    if (!count) return undefined;
    const byCheck = [...this.dropped].map(([check, n]) => `${n} from ${check}`).join(', ');
    return {
      ruleId: 'policy/too-many-findings',
      ...(this.droppedSeverity ? { severity: this.droppedSeverity } : {}),
      message: `${count} more finding(s) were found but not listed, beyond limits.max-findings (${this.total}): ${byCheck}. They count against the gate as they would have (the most severe is ${this.droppedSeverity}).`,
      policyPath: ['limits'],
      identity: 'too-many-findings',
    };
  }
}
