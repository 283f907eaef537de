export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Writes to stderr so that stdout stays clean for reports. */
export function stderrLogger(options: { verbose?: boolean; scrub?: (text: string) => string; write?: (text: string) => void } = {}): Logger {
  const scrub = options.scrub ?? ((text: string) => text);
  const out = options.write ?? ((text: string) => process.stderr.write(text));
  const write = (prefix: string, message: string) => out(`${prefix}${scrub(message)}\n`);
  return {
    debug: (m) => {
      if (options.verbose) write('debug: ', m);
    },
    info: (m) => write('', m),
    warn: (m) => write('warning: ', m),
    error: (m) => write('error: ', m),
  };
}
