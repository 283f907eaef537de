import { Worker } from 'node:worker_threads';
import type { ReadLimits, ReadOutcome } from '../sources/read.js';
import type { SourceFile } from '../sources/source-file.js';

/** What a worker needs to prepare: the scanned root, the read limits, and each check's task config. */
export interface PoolSetup {
  root: string;
  limits: ReadLimits;
  tasks: { check: string; config: unknown }[];
}

/** One file for a worker: its path, its size from the listing, and which of the setup's tasks run on it. */
export interface PoolItem {
  path: string;
  size: number;
  tasks: number[];
}

/** What a worker did with one file: how the read went, then each task's result or error, in item order. */
export interface PoolOutcome {
  read: ReadOutcome;
  results: unknown[];
  errors: (string | undefined)[];
}

/**
 * Runs a file's tasks, each in its own try: a task that throws fails its check, not the others. `keep`
 * is applied to each result (the main thread clones them, as a worker's message does).
 */
export function runTasks(file: SourceFile, tasks: readonly ((file: SourceFile) => unknown)[], keep: (result: unknown) => unknown = (r) => r): { results: unknown[]; errors: (string | undefined)[] } {
  const results: unknown[] = [];
  const errors: (string | undefined)[] = [];
  for (const task of tasks) {
    try {
      results.push(keep(task(file)));
      errors.push(undefined);
    } catch (error) {
      results.push(undefined);
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { results, errors };
}

/** The marker in workerData by which a bundle entry knows it was started as a pool worker. */
export const POOL_MARK = 'security-gate/pool/v1';

let script: string | URL | undefined;

/**
 * Set by the bundle entries (dist/index.js, dist/cli.js) to themselves: a worker runs the same file.
 * Unset (tests and library use of the sources), scans run in one thread.
 */
export function setWorkerScript(url: string | URL): void {
  script = url;
}

export function workerScript(): string | URL | undefined {
  return script;
}

interface Job {
  items: PoolItem[];
  resolve(outcomes: PoolOutcome[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Map<number, Job>;
}

/**
 * A worker's heap: it holds one file and its results at a time, so a cap keeps its garbage in check. A file
 * that needs more (a huge minified bundle) fails its batch, which the main thread then does itself, and the
 * worker is replaced.
 */
const WORKER_HEAP_MB = 128;

/** How many batches each worker holds at once: one to work on, one waiting, so that it never idles. */
const IN_FLIGHT = 2;

/** Replacements after failures, over the whole pool; past this the pool gives up and the pass runs here. */
const MAX_RESTARTS = 4;

/**
 * Worker threads that read files and run check tasks on them. Batches are handed out as workers finish
 * earlier ones, so a thread with big files does not hold the others back.
 */
export class FilePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private restarts = 0;
  private closed = false;
  private failure: Error | undefined;

  constructor(
    private readonly entry: string | URL,
    threads: number,
    private readonly setup: PoolSetup,
  ) {
    for (let i = 0; i < threads; i++) this.slots.push(this.start());
  }

  submit(items: PoolItem[]): Promise<PoolOutcome[]> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ items, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    const worker = new Worker(this.entry, {
      workerData: { mark: POOL_MARK, setup: this.setup },
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, busy: new Map() };
    worker.on('message', (message: { id: number; outcomes: PoolOutcome[] }) => {
      const job = slot.busy.get(message.id);
      slot.busy.delete(message.id);
      job?.resolve(message.outcomes);
      this.pump();
    });
    worker.on('error', (error) => this.lost(slot, error));
    worker.on('exit', (code) => this.lost(slot, new Error(`a worker thread stopped (exit code ${code})`)));
    return slot;
  }

  /** A worker died: its batches fail (the caller does them itself) and a new worker takes its place. */
  private lost(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at === -1 || this.closed) return;
    for (const job of slot.busy.values()) job.reject(error);
    slot.busy.clear();
    void slot.worker.terminate();
    if (this.restarts++ < MAX_RESTARTS) {
      this.slots[at] = this.start();
      this.pump();
      return;
    }
    this.slots.splice(at, 1);
    if (this.slots.length === 0) {
      this.failure = error;
      for (const job of this.queue.splice(0)) job.reject(error);
    } else this.pump();
  }

  private pump(): void {
    while (this.queue.length && this.slots.length) {
      const slot = this.slots.reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
      if (slot.busy.size >= IN_FLIGHT) return;
      const job = this.queue.shift() as Job;
      const id = this.nextId++;
      slot.busy.set(id, job);
      slot.worker.postMessage({ id, items: job.items });
    }
  }
}
