import { parentPort, workerData } from 'node:worker_threads';
import { CHECKS } from '../checks/index.js';
import type { SourceFile } from '../sources/source-file.js';
import { outcomeOf, readSource } from '../sources/read.js';
import { POOL_MARK, type PoolItem, type PoolOutcome, type PoolSetup } from './pool.js';

/** True when this thread was started by a FilePool (the bundle entries then run this instead of main). */
export function isPoolWorker(): boolean {
  return (workerData as { mark?: string } | null)?.mark === POOL_MARK;
}

/** The worker side: prepare each check's task once, then read and process the batches as they come. */
export function runPoolWorker(): void {
  const { setup } = workerData as { setup: PoolSetup };
  const tasks = setup.tasks.map(({ check, config }) => {
    const fileTask = CHECKS.find((c) => c.meta.id === check)?.fileTask;
    if (!fileTask) throw new Error(`no file task for check ${check}`);
    return fileTask.prepare(config) as (file: SourceFile) => unknown;
  });
  parentPort?.on('message', async ({ id, items }: { id: number; items: PoolItem[] }) => {
    const outcomes: PoolOutcome[] = [];
    for (const item of items) {
      const result = await readSource(setup.root, item.path, setup.limits, item.size);
      const outcome: PoolOutcome = { read: outcomeOf(result), results: [], errors: [] };
      if (result.file) {
        for (const t of item.tasks) {
          try {
            outcome.results.push((tasks[t] as (file: SourceFile) => unknown)(result.file));
            outcome.errors.push(undefined);
          } catch (error) {
            outcome.results.push(undefined);
            outcome.errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }
      outcomes.push(outcome);
    }
    parentPort?.postMessage({ id, outcomes });
  });
}
