import type { Hit } from '../hits.js';
import { partnerOf, verifierFor } from './hosts.js';
import type { Runner } from './run.js';
import type { Outcome } from './types.js';

export interface AssignOptions {
  /** Values never sent anywhere: the run's own credentials (the workflow token). */
  withhold: ReadonlySet<string>;
  /** The text of the file a hit is in (at head, or in its commit), for partners found by pattern. */
  textOf(hit: Hit): Promise<string | undefined>;
  maxPartners: number;
}

/** `live` if any attempt is, `invalid` only if every one is, else the first unknown. */
export function combine(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.some((o) => o.validity === 'live')) return { validity: 'live' };
  if (outcomes.length && outcomes.every((o) => o.validity === 'invalid')) return { validity: 'invalid' };
  return outcomes.find((o) => o.validity === 'unknown') ?? { validity: 'unknown', reason: 'needs-partner' };
}

const group = (hit: Hit) => `${hit.commit ?? ''}\0${hit.path}`;

/**
 * Every hit's validity. A credential that needs a partner (an AWS secret key and its access key ID) is
 * tried with each candidate in the same file (and commit), up to `maxPartners`; the partner's own finding
 * gets the verdict of the pairs it was part of.
 */
export async function assignOutcomes(hits: readonly Hit[], runner: Runner, options: AssignOptions): Promise<Map<Hit, Outcome>> {
  const result = new Map<Hit, Outcome>();
  const pairs = new Map<string, Outcome[]>();
  const partnerHits: Hit[] = [];

  await Promise.all(
    hits.map(async (hit) => {
      if (options.withhold.has(hit.secret)) {
        result.set(hit, { validity: 'unknown', reason: 'withheld' });
        return;
      }
      const spec = verifierFor(hit.rule.id);
      if (!spec) {
        if (partnerOf(hit.rule.id)) partnerHits.push(hit);
        else result.set(hit, { validity: 'unknown', reason: 'not-supported' });
        return;
      }
      if (!spec.partner) {
        result.set(hit, await runner.verify(spec, hit.secret));
        return;
      }
      const candidates = await partnersOf(hit, spec.partner, hits, options);
      const outcomes = await Promise.all(
        candidates.map(async (partner) => {
          const outcome = await runner.verify(spec, hit.secret, partner);
          const key = `${group(hit)}\0${partner}`;
          pairs.set(key, [...(pairs.get(key) ?? []), outcome]);
          return outcome;
        }),
      );
      result.set(hit, candidates.length ? combine(outcomes) : { validity: 'unknown', reason: 'needs-partner' });
    }),
  );
  for (const hit of partnerHits) {
    const outcomes = pairs.get(`${group(hit)}\0${hit.secret}`);
    result.set(hit, outcomes ? combine(outcomes) : { validity: 'unknown', reason: 'needs-partner' });
  }
  return result;
}

async function partnersOf(hit: Hit, partner: NonNullable<ReturnType<typeof verifierFor>>['partner'], hits: readonly Hit[], options: AssignOptions): Promise<string[]> {
  const found = new Set<string>();
  if (partner?.rule) {
    for (const other of hits) if (other.rule.id === partner.rule && group(other) === group(hit) && !options.withhold.has(other.secret)) found.add(other.secret);
  } else if (partner?.pattern) {
    const text = await options.textOf(hit);
    for (const m of text?.matchAll(new RegExp(partner.pattern.source, 'g')) ?? []) if (m[1]) found.add(m[1]);
  }
  return [...found].slice(0, options.maxPartners);
}
