import type { Reporter } from './types.js';

/** The whole report as JSON, for scripts. Field names are stable within a major version. */
export const jsonReporter: Reporter = {
  id: 'json',
  extension: 'json',
  render(report) {
    const { tool, scope, policy, verdict, conclusion, counts, checks, findings, suppressed, stats, notes } = report;
    return `${JSON.stringify({ schemaVersion: 1, tool, scope, policy, verdict, conclusion, counts, checks, findings, suppressed, stats, notes }, null, 2)}\n`;
  },
};
