import { main } from './cli/main.js';
import { exitOnOutputError } from './cli/stdio.js';
import { setWorkerScript } from './workers/pool.js';
import { isPoolWorker, runPoolWorker } from './workers/worker.js';

// The same file serves as the pass's worker threads.
if (isPoolWorker()) runPoolWorker();
else {
  exitOnOutputError();
  setWorkerScript(new URL(import.meta.url));
  process.exitCode = await main(process.argv.slice(2));
}
