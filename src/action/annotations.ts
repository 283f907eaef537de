import * as core from '@actions/core';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { compareSeverity } from '../core/severity.js';
import { printable } from '../util/printable.js';

/**
 * Annotation properties for a finding: columns only on single-line findings, as GitHub requires. The
 * path keeps its line breaks (@actions/core encodes them and the runner decodes them, so the annotation
 * lands on the real file); its other control characters are written as escapes.
 */
export function annotationProperties(finding: Finding, ruleTitle?: string): core.AnnotationProperties {
  const loc = finding.location;
  const props: core.AnnotationProperties = { title: printable(ruleTitle ? `${ruleTitle} (${finding.ruleId})` : finding.ruleId).slice(0, 255) };
  if (!loc) return props;
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
 * Findings as workflow-command annotations, most severe first: GitHub shows only about ten per level on
 * a step, so the ones that fail the gate come first. @actions/core percent-encodes line breaks (and `:`
 * and `,` in properties), so nothing in a message starts a command of its own; other control characters,
 * which the log viewer would act on, are written as escapes.
 */
export function emitAnnotations(report: Report): void {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const ordered = [...report.findings].sort((a, b) => compareSeverity(a.severity, b.severity));
  for (const finding of ordered) {
    const props = annotationProperties(finding, titles.get(finding.ruleId));
    const message = printable(finding.commit ? `${finding.message} (commit ${finding.commit.slice(0, 12)})` : finding.message, { keepNewlines: true });
    if (finding.severity === 'error') core.error(message, props);
    else if (finding.severity === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
}
