/** Exit code of a run whose output could not be written: not 0 or 1, which would read as a verdict. */
export const EXIT_IO = 2;

const REASONS: Record<string, string> = {
  EPIPE: 'the reader closed the pipe',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EBADF: 'the stream is closed',
};

function reason(error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'error';
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/**
 * A report that cannot be written (`> /dev/full`, `| head -1`) ends the run with one line on stderr and
 * exit code 2, instead of an unhandled 'error' event: a stack trace and exit code 1, which reads as "the
 * gate failed". Nothing more can reach the reader, so the process stops at once.
 */
export function exitOnOutputError(proc: NodeJS.Process = process): void {
  let failed = false;
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (failed) return;
    failed = true;
    try {
      proc.stderr.write(`security-gate: cannot write the output: ${reason(error)}\n`);
    } catch {}
    proc.exit(EXIT_IO);
  });
  // With stderr gone too there is no one to tell; the exit code still says it.
  proc.stderr.on('error', () => proc.exit(EXIT_IO));
}
