import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, Pacer, Semaphore, type Limits } from './limits.js';
import type { Outcome, Transport, TransportFactory, UnknownReason, VerifierSpec, VerifyResponse } from './types.js';
import type { VerifyCache } from './cache.js';

export interface RunnerOptions {
  /** How to reach a host. The check passes `httpsTransport`; only tests pass another. */
  transportFor: TransportFactory;
  limits?: Partial<Limits>;
  cache?: VerifyCache;
  now?: () => Date;
}

export interface Runner {
  /** The provider's verdict on one credential (with its partner value when the verifier needs one). */
  verify(spec: VerifierSpec, secret: string, partner?: string): Promise<Outcome>;
  /** Requests sent so far, for the log line. */
  readonly requests: number;
}

const unknown = (reason: UnknownReason): Outcome => ({ validity: 'unknown', reason });

/**
 * Verifies credentials against their providers: each distinct one once per run (and not at all when the
 * cache knows it), a bounded number of them, at most `concurrency` requests at once, each provider paced,
 * each request under a timeout. A provider that rate-limits the run is asked nothing more in it.
 */
export function createRunner(options: RunnerOptions): Runner {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const now = options.now ?? (() => new Date());
  const semaphore = new Semaphore(limits.concurrency);
  const pacer = new Pacer(limits.intervalMs);
  const transports = new Map<string, Transport>();
  const memo = new Map<string, Promise<Outcome>>();
  const limited = new Set<string>();
  let started: number | undefined;
  let requests = 0;

  const transport = (host: string): Transport => {
    let t = transports.get(host);
    if (!t) transports.set(host, (t = options.transportFor(host)));
    return t;
  };

  const ask = async (spec: VerifierSpec, host: string, secret: string, partner: string | undefined): Promise<Outcome> => {
    if (limited.has(spec.id)) return unknown('rate-limited');
    if (Date.now() - (started as number) > limits.deadlineMs) return unknown('deadline');
    // Paced by host: a provider's regional sites (Datadog's) are rate-limited each on its own.
    await pacer.wait(host);
    if (limited.has(spec.id)) return unknown('rate-limited');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
    let response: VerifyResponse;
    try {
      const req = await spec.request(secret, partner, now());
      requests++;
      response = await transport(host)(req, controller.signal);
    } catch {
      return unknown(controller.signal.aborted ? 'timeout' : 'network-error');
    } finally {
      clearTimeout(timer);
    }
    let outcome: Outcome;
    if (response.status >= 300 && response.status < 400) outcome = unknown('redirect');
    else if (response.status === 429) outcome = unknown('rate-limited');
    else if (response.status >= 500) outcome = unknown('server-error');
    else outcome = spec.interpret(response);
    if (outcome.reason === 'rate-limited') limited.add(spec.id);
    if (outcome.validity === 'invalid' && spec.rejectionIsNotProof) return unknown('not-authoritative');
    return outcome;
  };

  const verifyAll = async (spec: VerifierSpec, secret: string, partner: string | undefined): Promise<Outcome> => {
    let first: Outcome | undefined;
    for (const host of spec.hosts) {
      const outcome = await semaphore.run(() => ask(spec, host, secret, partner));
      if (outcome.validity === 'live') return outcome;
      // A regional site that says "invalid" only means "not mine": every site must say it.
      if (outcome.validity === 'unknown' && !first) first = outcome;
    }
    return first ?? { validity: 'invalid' };
  };

  return {
    get requests() {
      return requests;
    },
    verify(spec, secret, partner) {
      started ??= Date.now();
      if (!spec.shape.test(secret)) return Promise.resolve(unknown('not-supported'));
      const key = createHash('sha256').update(`${spec.id}\0${secret}\0${partner ?? ''}`).digest('hex');
      let pending = memo.get(key);
      if (pending) return pending;
      if (memo.size >= limits.maxSecrets) return Promise.resolve(unknown('over-limit'));
      const cached = options.cache?.get(spec.id, secret, partner);
      pending = cached
        ? Promise.resolve(cached)
        : verifyAll(spec, secret, partner).then((outcome) => {
            if (outcome.validity !== 'unknown') options.cache?.set(spec.id, secret, partner, outcome);
            return outcome;
          });
      memo.set(key, pending);
      return pending;
    },
  };
}
