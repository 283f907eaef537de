import { validityOf, type Finding } from '../core/finding.js';
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
 * visible escapes. A finding seen only in a commit of the pull request (`commit` set) has no annotation:
 * its line is a line of that commit, not of the files the check run shows, so the summary lists it with
 * its commit instead.
 */
export function toAnnotation(finding: Finding, ruleTitle?: string): CheckAnnotation | undefined {
  const loc = finding.location;
  if (!loc || finding.commit) return undefined;
  const start = loc.line && loc.line > 0 ? loc.line : 1;
  const end = loc.line && loc.endLine && loc.endLine >= start ? loc.endLine : start;
  const annotation: CheckAnnotation = {
    path: loc.path,
    start_line: start,
    end_line: end,
    annotation_level: LEVEL[finding.severity],
    message: clampBytes(printable(finding.message, { keepNewlines: true }), LIMITS.annotationBytes),
    title: clampChars(printable(ruleTitle ? `${ruleTitle} (${finding.ruleId})` : finding.ruleId), LIMITS.annotationTitle),
  };
  if (end === start && loc.line && loc.column) {
    annotation.start_column = loc.column;
    annotation.end_column = loc.endColumn && loc.endColumn >= loc.column ? loc.endColumn : loc.column;
  }
  if (finding.help) annotation.raw_details = clampBytes(printable(finding.help, { keepNewlines: true }), LIMITS.annotationBytes);
  return annotation;
}

export interface AnnotationPlan {
  batches: CheckAnnotation[][];
  /** Annotations sent. */
  sent: number;
  /** Findings with a place in the files that were not annotated, past the cap. */
  overCap: number;
  /** Findings only in a commit of the pull request: listed in the summary, not annotated. */
  inHistory: number;
}

/**
 * The findings with a location, most severe first (credentials verified live first of all), up to `max` annotations (GitHub appends 50 per
 * request, and each request is a paced write: 3,000 findings would be a minute of requests), in batches.
 */
export function planAnnotations(report: Report, options: { max?: number; size?: number } = {}): AnnotationPlan {
  const size = options.size ?? LIMITS.annotationsPerRequest;
  const max = options.max ?? LIMITS.annotationsDefault;
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const live = (f: Finding) => Number(validityOf(f) === 'live');
  const ordered = [...report.findings].sort((a, b) => live(b) - live(a) || compareSeverity(a.severity, b.severity));
  const all = ordered.map((f) => toAnnotation(f, titles.get(f.ruleId))).filter((a): a is CheckAnnotation => !!a);
  const kept = all.slice(0, Math.max(0, max));
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < kept.length; i += size) batches.push(kept.slice(i, i + size));
  return { batches, sent: kept.length, overCap: all.length - kept.length, inHistory: report.findings.filter((f) => f.location && f.commit).length };
}

/** Every annotation of a report in batches (no cap): for tests and callers that cap themselves. */
export function annotationBatches(report: Report, size: number = LIMITS.annotationsPerRequest): CheckAnnotation[][] {
  return planAnnotations(report, { size, max: Infinity }).batches;
}
