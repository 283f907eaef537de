import type { Report } from '../core/report.js';

export interface RenderOptions {
  /** Colour the output (console only). */
  color?: boolean;
  /** Upper bound on the output length in characters (Markdown); truncated with a note when exceeded. */
  maxLength?: number;
  /** Where the full report can be found, named in a truncation note. */
  fullReportHint?: string;
}

/** Turns a report into text. Reporters are pure: the caller decides where the text goes. */
export interface Reporter {
  id: string;
  /** File extension for `--output` defaults. */
  extension: string;
  render(report: Report, options?: RenderOptions): string;
}
