import { inertLines, printable } from './printable.js';
import type { Redactor } from './redact.js';

/**
 * A message as a log or a terminal gets it (the CLI's stderr, the action's log and workflow commands):
 * credentials scrubbed, control characters escaped, one line that cannot pass for a workflow command.
 */
export function logLine(redactor: Redactor, message: string): string {
  return inertLines(printable(redactor.scrubMessage(message)));
}
