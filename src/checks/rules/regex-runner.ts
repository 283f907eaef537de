import { Worker } from 'node:worker_threads';

/**
 * Runs policy patterns in a worker thread so that a slow pattern can be stopped. A JavaScript regular
 * expression cannot be interrupted once it runs; the only honest time budget is a thread that can be
 * terminated. Patterns were already refused at load when they nest quantifiers (star height above one),
 * but polynomial backtracking (`\s*\s*$`, `a*a*a*b`) is still possible on a long input: the budget is what
 * bounds it. When a run exceeds its budget the worker is terminated and a fresh one takes the next run.
 */

/** The worker's whole program: compile, find up to `limit` matches, answer with [index, length] pairs. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  try {
    const re = new RegExp(job.source, job.flags);
    const matches = [];
    let m;
    while (matches.length < job.limit && (m = re.exec(job.text)) !== null) {
      matches.push([m.index, m[0].length]);
      if (m[0].length === 0) re.lastIndex++;
    }
    parentPort.postMessage({ id: job.id, matches });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
`;

export type RunResult = { kind: 'ok'; matches: [number, number][] } | { kind: 'timeout' } | { kind: 'error'; message: string };

interface Pending {
  resolve: (result: RunResult) => void;
  timer: NodeJS.Timeout;
  worker: Worker;
}

export class RegexRunner {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly budgetMs: number) {}

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (message: { id: number; matches?: [number, number][]; error?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      clearTimeout(job.timer);
      this.pending.delete(message.id);
      job.resolve(message.error !== undefined ? { kind: 'error', message: message.error } : { kind: 'ok', matches: message.matches ?? [] });
    });
    worker.on('error', (error) => this.failAll(worker, error.message));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(worker, 'the pattern worker stopped');
    });
    return worker;
  }

  /** Ends the runs a worker that failed or exited still owed. */
  private failAll(worker: Worker, message: string): void {
    for (const [id, job] of this.pending) {
      if (job.worker !== worker) continue;
      clearTimeout(job.timer);
      this.pending.delete(id);
      job.resolve({ kind: 'error', message });
    }
  }

  /** Up to `limit` matches of a pattern in a text, within the time budget. */
  run(source: string, flags: string, text: string, limit: number): Promise<RunResult> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve({ kind: 'timeout' });
      }, this.budgetMs);
      this.pending.set(id, { resolve, timer, worker });
      worker.postMessage({ id, source, flags, text, limit });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
