import { isAbsolute, relative } from 'node:path';
import type { CheckContext } from '../../../core/check.js';
import type { FindingInput } from '../../../core/finding.js';
import type { Policy } from '../../../policy/types.js';
import type { Hit } from '../hits.js';
import type { SecretsSettings } from '../settings.js';
import { assignOutcomes } from './assign.js';
import { FileCache } from './cache.js';
import { DEFAULT_VALIDITY_SEVERITY, withValidity, type ValiditySeverities } from './finding.js';
import { verifierFor, partnerOf } from './hosts.js';
import { DEFAULT_LIMITS } from './limits.js';
import { createRunner } from './run.js';
import { httpsTransport } from './transport.js';
import type { Outcome } from './types.js';

/** Turns a finding into the same finding with its validity (or leaves it as it is). */
export type Decorate = (finding: FindingInput, hit: Hit) => FindingInput;

const unchanged: Decorate = (finding) => finding;

/**
 * The secrets check's verification step: when the policy asks (`verify: true`), every hit's credential is
 * put to its provider through the HTTPS transport, the only one this path can build: no setting, input or
 * environment variable chooses a host. Returns how to add each hit's validity to its finding.
 */
export async function verifyFindings(ctx: CheckContext, settings: SecretsSettings, hits: readonly Hit[]): Promise<Decorate> {
  if (settings.verify !== true || hits.length === 0) return unchanged;
  const cache = await openCache(ctx);
  const runner = createRunner({ transportFor: httpsTransport, ...(cache ? { cache } : {}) });
  const outcomes = await assignOutcomes(hits, runner, {
    withhold: new Set(ctx.verification?.withhold ?? []),
    textOf: (hit) => textOf(ctx, hit),
    maxPartners: DEFAULT_LIMITS.maxPartners,
  });
  await cache?.save().catch((error: unknown) => ctx.log.warn(`secrets: the verification cache could not be written: ${(error as Error).message}`));
  ctx.log.info(`secrets: ${summary(outcomes)} (${runner.requests} request(s) to providers)`);
  const severities: ValiditySeverities = { ...DEFAULT_VALIDITY_SEVERITY, ...settings['validity-severity'] };
  return (finding, hit) => {
    const outcome = outcomes.get(hit);
    if (!outcome) return finding;
    const provider = (verifierFor(hit.rule.id) ?? partnerOf(hit.rule.id))?.provider ?? hit.rule.provider;
    return withValidity(finding, outcome, provider, severities);
  };
}

/** Only counts: nothing a provider answered is logged. */
function summary(outcomes: ReadonlyMap<Hit, Outcome>): string {
  const count = { live: 0, invalid: 0, unknown: 0 };
  for (const o of outcomes.values()) count[o.validity]++;
  return `verified ${outcomes.size} finding(s) with their providers: ${count.live} live, ${count.invalid} invalid, ${count.unknown} unknown`;
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

/** `--verify` and the `verify-secrets` input: the operator's choice, over the policy's. */
export function withVerify(policy: Policy, verify: boolean | undefined): void {
  const section = policy.checks.secrets;
  // A policy without the secrets check finds nothing to verify; the flag does not turn the check on.
  if (verify === undefined || !section) return;
  policy.checks.secrets = { ...section, verify };
}
