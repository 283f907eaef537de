import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../util/logger.js';
import { VERSION } from '../version.js';

// Retry before throttling, as Octokit documents: throttling sees rate limits first and honours retry-after.
const GitHubOctokit = Octokit.plugin(paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or a GHES / local server. */
  baseUrl: string;
  log: Logger;
  /**
   * Multiplies every wait (backoff, retry-after, pacing of writes); 1 in production. Tests run with a tiny
   * factor so that retries are exercised without slowing the suite.
   */
  waitScale?: number;
  /** Retries of 5xx and network failures. */
  retries?: number;
}

/** Rate-limit waits longer than this are not worth holding a CI job for: the call fails instead. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
const RATE_LIMIT_RETRIES = 2;

/**
 * An Octokit with pagination, retries of transient failures (5xx, network errors: 1 s, 4 s, 9 s) and
 * throttling (primary and secondary rate limits wait for `retry-after` / `x-ratelimit-reset`; writes are
 * paced one second apart, as GitHub asks of integrations).
 */
export function createClient(options: ClientOptions): GitHubClient {
  const scale = options.waitScale ?? 1;
  const { log } = options;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    log.info(`GitHub ${kind} rate limit on ${request.method} ${request.url}${retrying ? `: retrying after ${retryAfter} s` : ''}`);
    return retrying;
  };
  return new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: `security-gate/${VERSION}`,
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log.debug(m), error: (m: string) => log.debug(m) },
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: 1000 * scale,
      // 429 and rate-limit 403s belong to the throttling plugin, which honours retry-after.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      retryAfterBaseValue: 1000 * scale,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.round(1000 * scale) }),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  });
}
