import type { Report } from '../core/report.js';
import { markdownReporter } from '../reporters/markdown.js';
import type { RenderOptions } from '../reporters/types.js';
import { LIMITS, fitMarkdown } from './limits.js';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
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

type SummaryOptions = Pick<RenderOptions, 'fullReportHint' | 'links' | 'notes' | 'sections'>;

/**
 * The report's Markdown under a limit in bytes. The reporter budgets its own sections; the final guard
 * cuts anything that still exceeds the limit, again with a note.
 */
export function summaryMarkdown(report: Report, maxBytes: number, options: SummaryOptions & { form?: RenderOptions['form'] } = {}): string {
  const text = markdownReporter.render(report, { ...options, maxBytes: maxBytes - 600 });
  return fitMarkdown(text, maxBytes, `The report was cut to fit the size limit.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`);
}

/** The check-run summary: at most 65,535 bytes. */
export function checkRunSummary(report: Report, options: SummaryOptions = {}): string {
  return summaryMarkdown(report, LIMITS.summaryBytes, options);
}

/** The job summary: at most 1 MiB (a little is kept for what the runner adds). */
export function jobSummary(report: Report, options: SummaryOptions = {}): string {
  return summaryMarkdown(report, LIMITS.jobSummaryBytes - 4096, options);
}

/** The sticky pull request comment: the short form. */
export function shortSummary(report: Report, maxBytes: number, options: SummaryOptions = {}): string {
  return summaryMarkdown(report, maxBytes, { ...options, form: 'short' });
}
