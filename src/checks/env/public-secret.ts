import type { FindingInput, Location } from '../../core/finding.js';
import { code } from './model.js';
import { publicPrefixOf, secretStrength } from './names.js';

export interface NamedPlace {
  name: string;
  location: Location;
  /** Where the name was seen: the example, an env file, or code. */
  kind: 'example' | 'env-file' | 'code';
}

const RANK = { example: 0, 'env-file': 1, code: 2 } as const;

/**
 * env/public-secret: a credential-looking name behind a prefix that inlines it into browser bundles
 * (`NEXT_PUBLIC_STRIPE_SECRET_KEY`). One finding per name, where it is best fixed: the example first.
 */
export function publicSecrets(places: readonly NamedPlace[], prefixes: readonly string[]): FindingInput[] {
  const best = new Map<string, NamedPlace>();
  for (const place of places) {
    const current = best.get(place.name);
    if (!current || RANK[place.kind] < RANK[current.kind]) best.set(place.name, place);
  }
  const findings: FindingInput[] = [];
  for (const [name, place] of [...best].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const prefix = publicPrefixOf(name, prefixes);
    if (!prefix) continue;
    const strength = secretStrength(name.slice(prefix.length), { browser: true });
    if (!strength) continue;
    findings.push({
      ruleId: 'env/public-secret',
      severity: strength === 'strong' ? 'error' : 'warning',
      message: `${code(name)} looks like a credential, but the ${code(prefix)} prefix puts its value into the JavaScript every visitor downloads.`,
      location: place.location,
      identity: name,
      help: `Rename it without \`${prefix}\` and read it only on the server (an API route, a server action, a backend). If the value is meant to be public (a publishable or site key), suppress this finding with a reason.`,
      properties: { variable: name, prefix },
    });
  }
  return findings;
}
