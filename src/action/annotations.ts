import * as core from '@actions/core';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { LIMITS } from '../github/limits.js';
import { printable } from '../util/printable.js';

/**
 * Annotation properties for a finding: columns only on single-line findings, as GitHub requires. The
 * path keeps its line breaks (@actions/core encodes them and the runner decodes them, so the annotation
 * lands on the real file); its other control characters are written as escapes.
 */
export function annotationProperties(finding: Finding, ruleTitle?: string): core.AnnotationProperties {
  const loc = finding.location;
  const props: core.AnnotationProperties = { title: printable(ruleTitle ? `${ruleTitle} (${finding.ruleId})` : finding.ruleId).slice(0, 255) };
  // A finding of a commit has that commit's lines: it is shown on the job, its commit in the message.
  if (!loc || finding.commit) return props;
  props.file = printable(loc.path, { keepNewlines: true });
  if (loc.line) {
    props.startLine = loc.line;
    props.endLine = loc.endLine && loc.endLine >= loc.line ? loc.endLine : loc.line;
    if (props.endLine === loc.line && loc.column) {
      props.startColumn = loc.column;
      if (loc.endColumn && loc.endColumn > loc.column) props.endColumn = loc.endColumn;
    }
  }
  return props;
}

/**
 * Findings as workflow-command annotations, most severe first, at most 10 per level: GitHub shows only
 * about ten per level on a step, so more would only fill the log; one line counts the rest, which the job
 * summary lists. @actions/core percent-encodes line breaks (and `:` and `,` in properties), so nothing in
 * a message starts a command of its own; other control characters, which the log viewer would act on, are
 * written as escapes.
 */
export function emitAnnotations(report: Report): void {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const ordered = [...report.findings].sort((a, b) => compareSeverity(a.severity, b.severity));
  const shown: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  let left = 0;
  for (const finding of ordered) {
    if (shown[finding.severity] >= LIMITS.workflowAnnotationsPerLevel) {
      left++;
      continue;
    }
    shown[finding.severity]++;
    const props = annotationProperties(finding, titles.get(finding.ruleId));
    const where = finding.commit ? ` (commit ${finding.commit.slice(0, 12)}${finding.location ? `, ${finding.location.path}${finding.location.line ? `:${finding.location.line}` : ''} there` : ''})` : '';
    const message = printable(`${finding.message}${where}`, { keepNewlines: true });
    if (finding.severity === 'error') core.error(message, props);
    else if (finding.severity === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
  if (left) core.info(`${left} more finding(s) are not shown as annotations (GitHub shows about ${LIMITS.workflowAnnotationsPerLevel} per level on a step): the job summary lists every one.`);
}
