import { Worker } from 'node:worker_threads';

/**
 * Runs policy patterns in a worker thread so that a slow pattern can be stopped. A JavaScript regular
 * expression cannot be interrupted once it runs; the only honest time budget is a thread that can be
 * terminated. Patterns were already refused at load when they nest quantifiers (star height above one),
 * but polynomial backtracking (`\s*\s*$`, `a*a*a*b`) is still possible on a long input: the budget is what
 * bounds it. When a run exceeds its budget the worker is terminated and a fresh one takes the next run.
 */

/**
 * The worker's whole program: for each job, compile (cached), find up to `limit` matches in one of the
 * texts, and answer once for the batch with [index, length] pairs or an error per job.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const cache = new Map();
parentPort.on('message', (batch) => {
  const results = batch.jobs.map((job) => {
    try {
      const key = job.flags + '/' + job.source;
      let re = cache.get(key);
      if (!re) {
        re = new RegExp(job.source, job.flags);
        cache.set(key, re);
      }
      re.lastIndex = 0;
      const text = batch.texts[job.text];
      const matches = [];
      let m;
      while (matches.length < job.limit && (m = re.exec(text)) !== null) {
        matches.push([m.index, m[0].length]);
        if (m[0].length === 0) re.lastIndex++;
      }
      return { matches };
    } catch (error) {
      return { error: String((error && error.message) || error) };
    }
  });
  parentPort.postMessage({ id: batch.id, results });
});
`;

/** One pattern to run over one of the batch's texts. */
export interface Job {
  source: string;
  flags: string;
  limit: number;
  /** Index into the batch's texts. */
  text: number;
}

export type RunResult = { kind: 'ok'; matches: [number, number][] } | { kind: 'timeout' } | { kind: 'error'; message: string };

interface Pending {
  resolve: (results: RunResult[]) => void;
  size: number;
  timer: NodeJS.Timeout;
  worker: Worker;
}

export class RegexRunner {
  private worker: Worker | undefined;
  /** Resolves when the current worker runs: its start-up does not count against a pattern's budget. */
  private ready: Promise<void> = Promise.resolve();
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly budgetMs: number) {}

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    this.ready = new Promise((resolve) => {
      worker.once('online', () => resolve());
      worker.once('exit', () => resolve());
    });
    worker.on('message', (message: { id: number; results: { matches?: [number, number][]; error?: string }[] }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      clearTimeout(job.timer);
      this.pending.delete(message.id);
      job.resolve(message.results.map((r) => (r.error !== undefined ? { kind: 'error', message: r.error } : { kind: 'ok', matches: r.matches ?? [] })));
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
      job.resolve(Array.from({ length: job.size }, () => ({ kind: 'error', message })));
    }
  }

  /**
   * Runs a batch of patterns over the texts of one file in one round trip. The batch may take the budget
   * times its size; when it runs over, each pattern runs again alone with its own budget, so that the slow
   * one is the one reported as over budget and the others still give their matches.
   */
  async runAll(texts: string[], jobs: Job[]): Promise<RunResult[]> {
    if (!jobs.length) return [];
    const batch = await this.send(texts, jobs, this.budgetMs * jobs.length);
    if (batch !== 'timeout') return batch;
    if (jobs.length === 1) return [{ kind: 'timeout' }];
    const results: RunResult[] = [];
    for (const job of jobs) {
      const alone = await this.send(texts, [{ ...job, text: 0 }], this.budgetMs, [texts[job.text] as string]);
      results.push(alone === 'timeout' ? { kind: 'timeout' } : (alone[0] as RunResult));
    }
    return results;
  }

  private async send(texts: string[], jobs: Job[], budgetMs: number, only?: string[]): Promise<RunResult[] | 'timeout'> {
    this.worker ??= this.start();
    const worker = this.worker;
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve('timeout');
      }, budgetMs);
      this.pending.set(id, { resolve, timer, worker, size: jobs.length });
      worker.postMessage({ id, texts: only ?? texts, jobs });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
