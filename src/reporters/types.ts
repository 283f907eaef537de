import type { Report } from '../core/report.js';
import type { RepositoryLinks } from './links.js';

/** A check's own section of the Markdown report (after the findings), by check id: see `Check.summary`. */
export type CheckSections = Readonly<Record<string, (report: Report) => string[]>>;

export interface RenderOptions {
  /** Colour the output (console only). */
  color?: boolean;
  /** Upper bound on the output in UTF-8 bytes (Markdown); what does not fit is cut with a note. */
  maxBytes?: number;
  /** Where the full report can be found, named in a truncation note. */
  fullReportHint?: string;
  /** Links to the repository's files and commits (Markdown, on GitHub). */
  links?: RepositoryLinks;
  /** Markdown: the whole report, or the short form of a pull request comment. */
  form?: 'full' | 'short';
  /** More notes for the reader, shown under the verdict (annotations left out, for one). */
  notes?: string[];
  /** Markdown: the checks' own sections; the entry points pass them, so that no reporter imports a check. */
  sections?: CheckSections;
}

/** Turns a report into text. Reporters are pure: the caller decides where the text goes. */
export interface Reporter {
  id: string;
  /** File extension for `--output` defaults. */
  extension: string;
  render(report: Report, options?: RenderOptions): string;
}
