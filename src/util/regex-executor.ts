import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * Runs regular expressions from the policy under a time budget, synchronously. A JavaScript regular
 * expression cannot be interrupted once it runs, and a pattern that passed the load-time check (star height
 * one) can still backtrack exponentially (`(a|aa)+$`). So the pattern runs in a helper thread while the
 * caller blocks on a shared flag for at most the budget; past it, the helper is terminated (V8 interrupts
 * the running expression) and a fresh one takes the next run. Synchronous, so that callers that are
 * themselves synchronous (the secrets detector, inside the pass's worker threads) need not change shape.
 */

/** Where a match and each of its groups are; undefined for a group that took no part. */
export interface ExecMatch {
  index: number;
  end: number;
  /** Index 0 is the whole match, then the numbered groups. */
  indices: ([number, number] | undefined)[];
  /** The named groups, when the pattern has any. */
  groups: Record<string, [number, number] | undefined> | undefined;
}

export interface ExecJob {
  source: string;
  /** Flags besides `g` and `d`, which the executor adds. */
  flags: string;
  /** Each text is searched from its start; its matches are a list of their own. */
  texts: string[];
  budgetMs: number;
  /** At most this many matches per text (default: all). */
  limit?: number;
}

export type ExecResult = { kind: 'ok'; matches: ExecMatch[][] } | { kind: 'timeout' } | { kind: 'error'; message: string };

/**
 * The helper's whole program. The answer goes to the port first, then the job id to the shared flag, so
 * that the caller, woken by the flag, finds the answer already queued.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { signal, port } = workerData;
const cache = new Map();
function compile(source, flags) {
  const key = flags + '/' + source;
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 256) cache.clear();
    re = new RegExp(source, flags);
    cache.set(key, re);
  }
  return re;
}
function pair(p) {
  return p ? [p[0], p[1]] : undefined;
}
port.on('message', (job) => {
  let reply;
  try {
    const re = compile(job.source, job.flags);
    const limit = job.limit ?? Infinity;
    const matches = job.texts.map((text) => {
      const found = [];
      re.lastIndex = 0;
      let m;
      while (found.length < limit && (m = re.exec(text)) !== null) {
        let groups;
        if (m.indices.groups) {
          groups = {};
          for (const name of Object.keys(m.indices.groups)) groups[name] = pair(m.indices.groups[name]);
        }
        found.push({ index: m.index, end: m.index + m[0].length, indices: Array.from(m.indices, pair), groups });
        if (m[0].length === 0) re.lastIndex++;
      }
      return found;
    });
    reply = { id: job.id, matches };
  } catch (error) {
    reply = { id: job.id, error: String((error && error.message) || error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, job.id);
  Atomics.notify(signal, 0);
});
Atomics.store(signal, 1, 1);
Atomics.notify(signal, 1);
`;

/** How long a new helper may take to start; its start-up does not count against any pattern's budget. */
const START_TIMEOUT_MS = 30_000;

interface Helper {
  worker: Worker;
  port: MessagePort;
  /** [0]: id of the last job answered; [1]: 1 once the helper listens. */
  signal: Int32Array;
}

export class RegexExecutor {
  private helper: Helper | undefined;
  private nextId = 0;

  run(job: ExecJob): ExecResult {
    const helper = (this.helper ??= start());
    const id = (this.nextId = (this.nextId % 0x7fffffff) + 1);
    helper.port.postMessage({ id, source: job.source, flags: `${job.flags.replace(/[gd]/g, '')}gd`, texts: job.texts, limit: job.limit });
    const deadline = performance.now() + job.budgetMs;
    for (;;) {
      const seen = Atomics.load(helper.signal, 0);
      if (seen === id) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        this.close();
        return { kind: 'timeout' };
      }
      Atomics.wait(helper.signal, 0, seen, left);
    }
    const reply = receiveMessageOnPort(helper.port)?.message as { id: number; matches?: ExecMatch[][]; error?: string } | undefined;
    if (!reply || reply.id !== id) {
      // Cannot happen while the helper answers in order; never trust a stray answer.
      this.close();
      return { kind: 'error', message: 'the pattern helper answered out of order' };
    }
    return reply.error !== undefined ? { kind: 'error', message: reply.error } : { kind: 'ok', matches: reply.matches ?? [] };
  }

  /** Stops the helper (a running pattern with it); the next run starts a new one. */
  close(): void {
    const helper = this.helper;
    this.helper = undefined;
    if (!helper) return;
    helper.port.close();
    void helper.worker.terminate();
  }
}

function start(): Helper {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { signal, port: port2 }, transferList: [port2] });
  // Never keeps the process alive: between runs the helper only waits.
  worker.unref();
  if (Atomics.wait(signal, 1, 0, START_TIMEOUT_MS) === 'timed-out') {
    port1.close();
    void worker.terminate();
    throw new Error(`the helper thread that runs policy patterns did not start within ${START_TIMEOUT_MS / 1000} s`);
  }
  return { worker, port: port1, signal };
}

let shared: RegexExecutor | undefined;

/** One executor per thread: its helper is started on the first run and reused. */
export function sharedExecutor(): RegexExecutor {
  return (shared ??= new RegexExecutor());
}
