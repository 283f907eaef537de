import { parentPort, workerData } from 'node:worker_threads';
import { CHECKS } from '../checks/index.js';
import type { SourceFile } from '../sources/source-file.js';
import { outcomeOf, readSource } from '../sources/read.js';
import { POOL_MARK, runTasks, type PoolItem, type PoolOutcome, type PoolSetup } from './pool.js';

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
      const ran = result.file ? runTasks(result.file, item.tasks.map((t) => tasks[t] as (file: SourceFile) => unknown)) : { results: [], errors: [] };
      outcomes.push({ read: outcomeOf(result), ...ran });
    }
    parentPort?.postMessage({ id, outcomes });
  });
}
