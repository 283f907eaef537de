import { isAbsolute, relative } from 'node:path';
import type { CheckContext } from '../../../core/check.js';
import type { FindingInput } from '../../../core/finding.js';
import type { Policy } from '../../../policy/types.js';
import type { Hit } from '../hits.js';
import type { SecretsSettings } from '../settings.js';
import { assignOutcomes } from './assign.js';
import { FileCache } from './cache.js';
import { DEFAULT_VALIDITY_SEVERITY, withValidity, type ValiditySeverities } from './finding.js';
import { partnerOf, verifierFor } from './hosts.js';
import { DEFAULT_LIMITS } from './limits.js';
import { createRunner } from './run.js';
import { httpsTransport } from './transport.js';
import type { Outcome } from './types.js';

/** What verification said of the run's hits, and how it changes their findings. */
export interface Verification {
  outcomeOf(hit: Hit): Outcome | undefined;
  /** The finding with its validity (properties, message, and the severity the policy maps it to). */
  apply(finding: FindingInput, hit: Hit): FindingInput;
}

/** Whether a hit's credential can be put to a provider at all (its own, or as another's partner). */
export function verifiable(hit: Hit): boolean {
  return verifierFor(hit.rule.id) !== undefined || partnerOf(hit.rule.id) !== undefined;
}

/**
 * The secrets check's verification step: when the policy asks (`verify: true`), each hit's credential is
 * put to its provider, through the HTTPS transport to the verifier's fixed host: no setting, input or
 * environment variable chooses a host. `hits` come in order of importance (listed findings before quiet
 * candidates): the run's limits cut from the end. In an untrusted context (a pull request from a fork)
 * nothing is sent and every verifiable hit is `unknown`.
 */
export async function verifyHits(ctx: CheckContext, settings: SecretsSettings, hits: readonly Hit[]): Promise<Verification | undefined> {
  if (settings.verify !== true) return undefined;
  const severities: ValiditySeverities = { ...DEFAULT_VALIDITY_SEVERITY, ...settings['validity-severity'] };
  const outcomes = new Map<Hit, Outcome>();
  const untrusted = ctx.verification?.untrusted;
  const candidates = hits.filter(verifiable);
  // No verifier for the rule (generic assignments, private keys, database URLs): said, never sent.
  for (const hit of hits) if (!verifiable(hit)) outcomes.set(hit, { validity: 'unknown', reason: 'not-supported' });
  if (untrusted) {
    for (const hit of candidates) outcomes.set(hit, { validity: 'unknown', reason: 'untrusted-source' });
    if (candidates.length) ctx.note(`Secrets were not verified with their providers: ${untrusted}. ${candidates.length} credential(s) keep the severity they would have without verification.`);
  } else if (candidates.length) {
    const cache = await openCache(ctx);
    // The one transport this path can build: HTTPS to the verifiers' fixed hosts.
    const runner = createRunner({ transportFor: httpsTransport, ...(cache ? { cache } : {}) });
    const assigned = await assignOutcomes(candidates, runner, {
      withhold: new Set(ctx.verification?.withhold ?? []),
      textOf: (hit) => textOf(ctx, hit),
      maxPartners: DEFAULT_LIMITS.maxPartners,
    });
    for (const [hit, outcome] of assigned) outcomes.set(hit, outcome);
    await cache?.save().catch((error: unknown) => ctx.log.warn(`secrets: the verification cache could not be written: ${(error as NodeJS.ErrnoException).code ?? 'error'}`));
    // Only counts: nothing a provider answered is logged.
    ctx.log.info(`secrets: ${summary(assigned)} (${runner.requests} request(s) to providers)`);
  }
  return {
    outcomeOf: (hit) => outcomes.get(hit),
    apply(finding, hit) {
      const outcome = outcomes.get(hit);
      if (!outcome) return finding;
      const provider = (verifierFor(hit.rule.id) ?? partnerOf(hit.rule.id))?.provider ?? hit.rule.provider;
      return withValidity(finding, outcome, provider, severities);
    },
  };
}

function summary(outcomes: ReadonlyMap<Hit, Outcome>): string {
  const count = { live: 0, invalid: 0, unknown: 0 };
  for (const o of outcomes.values()) count[o.validity]++;
  return `verified ${outcomes.size} credential(s) with their providers: ${count.live} live, ${count.invalid} invalid, ${count.unknown} unknown`;
}

async function openCache(ctx: CheckContext): Promise<FileCache | undefined> {
  const file = ctx.verification?.cacheFile;
  if (!file) return undefined;
  // A cache the repository could commit would let a pull request write its own verdicts.
  for (const root of [ctx.root, ctx.git?.topLevel]) {
    if (root && isInside(file, root)) throw new Error(`the verification cache ${file} is inside the repository; keep it outside (a pull request could commit one)`);
  }
  return FileCache.open(file);
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function textOf(ctx: CheckContext, hit: Hit): Promise<string | undefined> {
  if (hit.commit === undefined) return (await ctx.readText(hit.path))?.text;
  return ctx.git?.text(['cat-file', 'blob', `${hit.commit}:./${hit.path}`]).catch(() => undefined);
}

/** `--verify` / `--no-verify` and the `verify-secrets` input: the operator's choice, over the policy's. */
export function withVerify(policy: Policy, verify: boolean | undefined): void {
  const section = policy.checks.secrets;
  // A policy without the secrets check finds nothing to verify; the flag does not turn the check on.
  if (verify === undefined || !section || section.enabled === false) return;
  policy.checks.secrets = { ...section, verify };
}
