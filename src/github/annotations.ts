import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { printable } from '../util/printable.js';
import { LIMITS, clampBytes, clampChars } from './limits.js';

/** One annotation of the check-runs API. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, CheckAnnotation['annotation_level']> = { error: 'failure', warning: 'warning', notice: 'notice' };

/**
 * A finding as a check-run annotation. Findings without a line (a whole file) sit on its first line;
 * columns are sent only for single-line findings, as the API requires. The path is sent as it is (the
 * API matches it to the file); the texts, which GitHub shows as plain text, with control characters as
 * visible escapes.
 */
export function toAnnotation(finding: Finding, ruleTitle?: string): CheckAnnotation | undefined {
  const loc = finding.location;
  if (!loc) return undefined;
  const start = loc.line && loc.line > 0 ? loc.line : 1;
  const end = loc.line && loc.endLine && loc.endLine >= start ? loc.endLine : start;
  const message = finding.commit ? `${finding.message} (commit ${finding.commit.slice(0, 12)})` : finding.message;
  const annotation: CheckAnnotation = {
    path: loc.path,
    start_line: start,
    end_line: end,
    annotation_level: LEVEL[finding.severity],
    message: clampBytes(printable(message, { keepNewlines: true }), LIMITS.annotationBytes),
    title: clampChars(printable(ruleTitle ? `${ruleTitle} (${finding.ruleId})` : finding.ruleId), LIMITS.annotationTitle),
  };
  if (end === start && loc.line && loc.column) {
    annotation.start_column = loc.column;
    annotation.end_column = loc.endColumn && loc.endColumn >= loc.column ? loc.endColumn : loc.column;
  }
  if (finding.help) annotation.raw_details = clampBytes(printable(finding.help, { keepNewlines: true }), LIMITS.annotationBytes);
  return annotation;
}

/** Every finding with a location, most severe first, in batches the API accepts. */
export function annotationBatches(report: Report, size: number = LIMITS.annotationsPerRequest): CheckAnnotation[][] {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const ordered = [...report.findings].sort((a, b) => compareSeverity(a.severity, b.severity));
  const all = ordered.map((f) => toAnnotation(f, titles.get(f.ruleId))).filter((a): a is CheckAnnotation => !!a);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
  return batches;
}
