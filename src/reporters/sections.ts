import { renderDependencySummary } from '../checks/dependencies/summary.js';
import type { Report } from '../core/report.js';

/**
 * Sections a check adds to the Markdown report after the findings (tables, fix commands). A check's
 * section is one function from the report to Markdown lines, registered here with one line.
 */
export const CHECK_SECTIONS: Readonly<Record<string, (report: Report) => string[]>> = {
  dependencies: renderDependencySummary,
};
