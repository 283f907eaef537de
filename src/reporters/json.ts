import { inertJson } from '../util/printable.js';
import type { Reporter } from './types.js';

/**
 * The whole report as JSON, for scripts. Field names are stable within a major version. JSON escapes
 * control characters itself; the few characters it may carry raw that a terminal or the GitHub runner
 * would act on are escaped too (the parsed value is the same).
 */
export const jsonReporter: Reporter = {
  id: 'json',
  extension: 'json',
  render(report) {
    const { tool, scope, policy, verdict, conclusion, counts, checks, checklist, findings, suppressed, stats, notes } = report;
    return `${inertJson(JSON.stringify({ schemaVersion: 1, tool, scope, policy, verdict, conclusion, counts, checks, checklist, findings, suppressed, stats, notes }, null, 2))}\n`;
  },
};
