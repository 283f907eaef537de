/** The bounds of one run's verification. The check always uses DEFAULT_LIMITS; tests shorten them. */
export interface Limits {
  /** One request, from connecting to the end of the answer. */
  timeoutMs: number;
  /** Requests in flight at once, all providers together. */
  concurrency: number;
  /** Least time between two requests to one provider's host (its rate limit). */
  intervalMs: number;
  /** Distinct credentials (or credential pairs) verified in one run; the rest are `unknown`. */
  maxSecrets: number;
  /** Partner values tried for one credential (AWS key IDs in its file, Twilio Account SIDs). */
  maxPartners: number;
  /** The whole verification; what has not started by then is `unknown`. */
  deadlineMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: 5000,
  concurrency: 4,
  intervalMs: 250,
  maxSecrets: 100,
  maxPartners: 4,
  deadlineMs: 60_000,
});

/** At most `size` tasks at once, the others wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Spaces the requests to each provider at least `intervalMs` apart. */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async wait(key: string): Promise<void> {
    const at = Math.max(this.now(), this.next.get(key) ?? 0);
    this.next.set(key, at + this.intervalMs);
    const delay = at - this.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
