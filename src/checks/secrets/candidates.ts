import type { SecretContext } from './context.js';
import type { Confidence } from './types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The candidates the policy's `report` table keeps quiet, counted by context and confidence, so that the
 * report says how many there are and how to list them: quiet, never hidden without a word.
 */
export class CandidateCount {
  private readonly byContext = new Map<SecretContext, number>();
  private readonly byConfidence = new Map<Confidence, number>();
  private total = 0;

  add(context: SecretContext, confidence: Confidence): void {
    this.total++;
    this.byContext.set(context, (this.byContext.get(context) ?? 0) + 1);
    this.byConfidence.set(confidence, (this.byConfidence.get(confidence) ?? 0) + 1);
  }

  /** The sentence for the report's notes, or undefined when nothing was kept quiet. */
  note(): string | undefined {
    if (this.total === 0) return undefined;
    const where = [...this.byContext].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
    const how = (['low', 'medium', 'high'] as const).filter((c) => this.byConfidence.has(c)).map((c) => `${c} ${this.byConfidence.get(c)}`).join(', ');
    return `secrets: ${plural(this.total, 'candidate')} below the policy's report level ${this.total === 1 ? 'was' : 'were'} not reported (by context: ${where}; by confidence: ${how}). List them with \`security-gate scan --all-candidates\` (as notices), or change \`checks.secrets.report\`.`;
  }
}
