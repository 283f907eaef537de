import { availableParallelism } from 'node:os';
import type { FileEntry } from '../sources/list.js';
import type { SourceFile } from '../sources/source-file.js';
import type { FileStore } from '../sources/store.js';
import type { Logger } from '../util/logger.js';
import { FilePool, runTasks, workerScript, type PoolItem, type PoolOutcome } from '../workers/pool.js';
import type { Check, CheckRun } from './check.js';

/** A check taking part in the pass. */
export interface PassCheck {
  check: Check<never>;
  run?: CheckRun;
  /** Set when the check failed; it is then left out of the rest of the pass. */
  error?: string;
}

export interface PassFile {
  entry: FileEntry;
  checks: PassCheck[];
}

export interface PassOptions {
  store: FileStore;
  root: string;
  maxFileSize: number;
  /** Worker threads: a number, or undefined for one per core (up to 4) when the pass is big enough. */
  threads?: number;
  log: Logger;
  fail(check: PassCheck, error: unknown): void;
}

export const MAX_THREADS = 64;

/** `auto` (undefined: decided by the pass) or a whole number of threads from 1 to MAX_THREADS. */
export function parseThreads(text: string): number | undefined | 'invalid' {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'auto') return undefined;
  if (!/^\d+$/.test(value)) return 'invalid';
  const n = Number(value);
  return n >= 1 && n <= MAX_THREADS ? n : 'invalid';
}

/** Files per batch: enough to amortise a message, few enough to balance the threads. */
const BATCH = 64;
/** Batches each worker may be given beyond the one being delivered. */
const AHEAD_PER_THREAD = 4;
/**
 * Below this much work, starting threads costs more than it saves. With two cores the main thread (which
 * delivers results and runs the checks' visits) competes with the workers: measured on a 2-core machine,
 * threads made a 63 MB tree 1.22× slower and a 1 GB tree 1.28× faster, so two cores wait for far more work.
 */
const MIN_PARALLEL_BYTES = 32 * 1024 * 1024;
const MIN_PARALLEL_BYTES_TWO_CORES = 384 * 1024 * 1024;
const MAX_AUTO_THREADS = 4;

/** `threads: auto`: one worker per core (up to 4) when the work is big enough to pay for them, else none. */
export function autoThreads(bytes: number, cores: number = availableParallelism()): number {
  if (cores < 2) return 1;
  const floor = cores <= 2 ? MIN_PARALLEL_BYTES_TWO_CORES : MIN_PARALLEL_BYTES;
  return bytes >= floor ? Math.min(cores, MAX_AUTO_THREADS) : 1;
}
/**
 * Files above this stay in the main thread: a worker's heap is capped (workers/pool.ts), and one huge text
 * can exhaust it in a single allocation, which V8 treats as fatal for the whole process, not the worker.
 */
export const MAX_WORKER_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The pass: every wanted file is handed to each check that wants it, in path order. On big scans, worker
 * threads read the files and run the checks' file tasks; this thread reads only the files that checks
 * with visits want, and delivers every result in path order. Either way each check sees the same.
 */
export async function runPass(files: PassFile[], options: PassOptions): Promise<{ threads: number }> {
  const pool = startPool(files, options);
  const local = new Map<Check<never>, (file: SourceFile) => unknown>();
  const localTask = (c: PassCheck) => {
    let fn = local.get(c.check);
    if (!fn) local.set(c.check, (fn = (c.check.fileTask as NonNullable<Check['fileTask']>).prepare(c.run?.task?.config) as (file: SourceFile) => unknown));
    return fn;
  };

  // Batches go to the workers ahead of this thread, which delivers them in order: far enough ahead that
  // the workers never wait, near enough that results waiting here stay few. A file whose checks also
  // include visits is read here as well (a second read from the page cache costs less than running the
  // tasks here).
  interface Batch {
    slice: PassFile[];
    remote: Set<PassFile>;
    outcomes: Promise<PoolOutcome[] | Error> | undefined;
  }
  const batches: Batch[] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push({ slice: files.slice(i, i + BATCH), remote: new Set(), outcomes: undefined });
  let submitted = 0;
  const submitUpTo = (end: number) => {
    for (; submitted < Math.min(end, batches.length); submitted++) {
      const batch = batches[submitted] as Batch;
      if (!pool) continue;
      const remote = batch.slice.filter((f) => f.entry.size <= MAX_WORKER_FILE_BYTES && f.checks.some((c) => c.run?.task));
      const items: PoolItem[] = remote.map((f) => ({ path: f.entry.path, size: f.entry.size, tasks: f.checks.filter((c) => c.run?.task).map((c) => pool.taskIndex.get(c.check) as number) }));
      batch.remote = new Set(remote);
      if (items.length) batch.outcomes = pool.pool.submit(items).catch((error: Error) => error);
    }
  };
  const ahead = (pool?.threads ?? 0) * AHEAD_PER_THREAD;
  const fallback = { batches: 0, files: 0 };

  // Results are cloned as a worker's are: a substring of the file (a name, a secret) would otherwise keep
  // the whole text alive in V8 for as long as the check keeps the result.
  const runHere = (f: PassFile, file: SourceFile) =>
    runTasks(
      file,
      f.checks.filter((c) => c.run?.task).map((c) => (c.error ? () => undefined : localTask(c))),
      structuredClone,
    );

  try {
    for (const [index, batch] of batches.entries()) {
      submitUpTo(index + 1 + ahead);
      const { slice, remote, outcomes } = batch;
      batches[index] = { slice: [], remote: new Set(), outcomes: undefined }; // delivered: let it go
      // Reads here: visits see their files now; task results made here wait for their turn.
      const here = new Map<PassFile, { results: unknown[]; errors: (string | undefined)[] }>();
      for (const f of slice) {
        const visits = f.checks.some((c) => !c.run?.task);
        if (!visits && remote.has(f)) continue;
        const file = (await options.store.read(f.entry.path)).file;
        if (!file) continue;
        for (const c of f.checks) {
          if (c.error || c.run?.task) continue;
          try {
            await c.run?.visit?.(file);
          } catch (error) {
            options.fail(c, error);
          }
        }
        if (!remote.has(f)) here.set(f, runHere(f, file));
      }
      let fromPool: PoolOutcome[] | undefined;
      if (outcomes) {
        const got = await outcomes;
        // A worker died (out of memory on a huge file, killed): this thread does its batch instead.
        if (got instanceof Error) {
          if (fallback.batches++ === 0) options.log.warn(`a worker thread failed (${got.message}); its files are scanned in the main thread instead`);
          fallback.files += slice.length;
        } else fromPool = got;
      }
      let r = 0;
      for (const f of slice) {
        let done = here.get(f);
        if (remote.has(f)) {
          const outcome = fromPool?.[r++];
          if (outcome) {
            options.store.record(f.entry.path, outcome.read);
            if (outcome.read.skipped === undefined) done = outcome;
          } else {
            const file = (await options.store.read(f.entry.path)).file;
            if (file) done = runHere(f, file);
          }
        }
        if (!done) continue;
        // Results line up with the file's task checks, in order.
        let k = 0;
        for (const c of f.checks) {
          const task = c.run?.task;
          if (!task) continue;
          const index = k++;
          if (c.error) continue;
          if (done.errors[index] !== undefined) {
            options.fail(c, new Error(done.errors[index]));
            continue;
          }
          try {
            task.accept(f.entry.path, done.results[index]);
          } catch (error) {
            options.fail(c, error);
          }
        }
      }
    }
    if (fallback.batches > 1) options.log.warn(`worker threads failed on ${fallback.batches} batches; ${fallback.files} files were scanned in the main thread`);
  } finally {
    // Their heaps are given back before the checks finish, which is when the main thread needs most.
    await pool?.pool.close();
  }
  return { threads: pool?.threads ?? 1 };
}

function startPool(files: PassFile[], options: PassOptions) {
  const entry = workerScript();
  if (!entry) return undefined;
  let bytes = 0;
  let count = 0;
  const checks = new Set<PassCheck>();
  for (const f of files) {
    const tasks = f.checks.filter((c) => c.run?.task);
    if (!tasks.length) continue;
    bytes += f.entry.size;
    count++;
    for (const c of tasks) checks.add(c);
  }
  const threads = options.threads ?? autoThreads(bytes);
  if (threads < 2 || count === 0) return undefined;
  const list = [...checks];
  const taskIndex = new Map(list.map((c, i) => [c.check, i]));
  const pool = new FilePool(entry, threads, {
    root: options.root,
    limits: { maxFileSize: options.maxFileSize },
    tasks: list.map((c) => ({ check: c.check.meta.id, config: c.run?.task?.config })),
  });
  options.log.debug(`pass: ${threads} worker threads for ${count} files (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
  return { pool, taskIndex, threads };
}
