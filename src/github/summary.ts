import type { Report } from '../core/report.js';
import { markdownReporter } from '../reporters/markdown.js';
import { LIMITS, fitMarkdown } from './limits.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The check run's title: the verdict and the counts, short enough for the checks list. */
export function checkRunTitle(report: Report): string {
  const { counts } = report;
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.notice) parts.push(plural(counts.notice, 'notice'));
  const found = parts.length ? parts.join(', ') : 'no findings';
  return report.verdict === 'fail' ? `Failed: ${found}` : `Passed: ${found}`;
}

/**
 * The report's Markdown under a limit. The reporter truncates its findings tables with a note; the final
 * guard cuts anything that still exceeds the limit (a very long checklist), again with a note.
 */
export function summaryMarkdown(report: Report, options: { maxLength: number; fullReportHint?: string; measure?: (s: string) => number }): string {
  const measure = options.measure ?? ((s: string) => s.length);
  // The reporter budgets in characters; leave room for the guard's note in case it is needed.
  const text = markdownReporter.render(report, { maxLength: options.maxLength - 600, fullReportHint: options.fullReportHint });
  return fitMarkdown(text, options.maxLength, `The report was cut to fit the size limit.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`, measure);
}

/** The check-run summary: at most 65,535 characters. */
export function checkRunSummary(report: Report, fullReportHint?: string): string {
  return summaryMarkdown(report, { maxLength: LIMITS.summary, fullReportHint });
}

/** The job summary: at most 1 MiB, measured in bytes. */
export function jobSummary(report: Report, fullReportHint?: string): string {
  const max = LIMITS.jobSummaryBytes - 4096;
  // Characters can take up to 4 bytes: budget characters conservatively, then guard in bytes.
  return fitMarkdown(summaryMarkdown(report, { maxLength: Math.floor(max / 1.2), fullReportHint }), max, `The report was cut to fit the size limit.${fullReportHint ? ` ${fullReportHint}` : ''}`, (s) => Buffer.byteLength(s, 'utf8'));
}
