import type { AdvisorySeverity, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, at, obj, optNum, optStr, str, strList, type JsonObject } from './shape.js';

/** `bundle-audit check --format json`: `{version, created_at, results: [...]}` (bundler-audit 0.8 and later). */
export function isBundlerAudit(value: JsonObject): boolean {
  // osv-scanner also has `results`, but no `created_at`; the parser names any result that is malformed.
  return Array.isArray(value.results) && typeof value.created_at === 'string' && 'version' in value;
}

const CRITICALITY: Record<string, AdvisorySeverity> = { none: 'info', low: 'low', medium: 'moderate', high: 'high', critical: 'critical' };

/** bundler-audit writes ids as the database does: `cve: "2020-8164"`, `ghsa: "xxxx-xxxx-xxxx"`. */
function prefixed(prefix: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.toUpperCase().startsWith(prefix) ? value : `${prefix}${value}`;
}

/** From patched requirements (`~> 5.2.4, >= 5.2.4.3`, `>= 6.0.3.1`): the lowest version any of them allows. */
function lowestPatched(patched: string[]): string | undefined {
  const floors = patched.map((req) => /(?:>=|~>)\s*([\d.]+)/.exec(req)?.[1]).filter((v): v is string => !!v);
  const key = (v: string) => v.split('.').map(Number);
  floors.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
    return 0;
  });
  return floors[0];
}

export function parseBundlerAudit(value: JsonObject): ParsedReport {
  const vulnerabilities: Vulnerability[] = [];
  for (const [i, raw] of arr(value.results, 'results').entries()) {
    const place = at('results', i);
    const result = obj(raw, place);
    const type = str(result.type, at(place, 'type'));
    if (type === 'insecure_source') {
      const source = str(result.source, at(place, 'source'));
      vulnerabilities.push({
        advisory: { key: `insecure-source:${source}`, cves: [], title: `Gems are fetched from an insecure source (${source}): anyone on the network path can swap them`, severity: 'high', cwes: ['CWE-319'] },
        package: source,
        versions: [],
        paths: [],
        fix: { available: false },
        ecosystem: 'RubyGems',
      });
      continue;
    }
    if (type !== 'unpatched_gem') throw new ShapeError(`${String(at(place, 'type'))} must be unpatched_gem or insecure_source, found ${JSON.stringify(type)}`);
    const gem = obj(result.gem, at(place, 'gem'));
    const advisory = obj(result.advisory, at(place, 'advisory'));
    const name = str(gem.name, at(at(place, 'gem'), 'name'));
    const version = str(gem.version, at(at(place, 'gem'), 'version'));
    const id = str(advisory.id, at(at(place, 'advisory'), 'id'));
    const cve = prefixed('CVE-', optStr(advisory.cve, at(at(place, 'advisory'), 'cve')));
    const ghsa = prefixed('GHSA-', optStr(advisory.ghsa, at(at(place, 'advisory'), 'ghsa')))?.replace(/^ghsa/i, 'GHSA');
    const criticality = optStr(advisory.criticality, at(at(place, 'advisory'), 'criticality'));
    const severity = criticality ? CRITICALITY[criticality.toLowerCase()] : undefined;
    const patched = strList(advisory.patched_versions ?? [], at(at(place, 'advisory'), 'patched_versions'));
    const score = optNum(advisory.cvss_v4, at(at(place, 'advisory'), 'cvss_v4')) ?? optNum(advisory.cvss_v3, at(at(place, 'advisory'), 'cvss_v3')) ?? optNum(advisory.cvss_v2, at(at(place, 'advisory'), 'cvss_v2'));
    const fixed = lowestPatched(patched);
    vulnerabilities.push({
      advisory: {
        key: ghsa ?? cve ?? id,
        ...(ghsa ? { ghsa } : {}),
        cves: cve ? [cve] : [],
        sourceId: id,
        title: optStr(advisory.title, at(at(place, 'advisory'), 'title')) ?? `${id} in ${name}`,
        ...(optStr(advisory.url, at(at(place, 'advisory'), 'url')) ? { url: advisory.url as string } : {}),
        // No CVSS score in the database entry: bundler-audit says "unknown", and the gate assumes the worst it fails on.
        severity: severity ?? 'high',
        ...(severity ? {} : { severityAssumed: true }),
        ...(score !== undefined ? { cvss: { score } } : {}),
        cwes: [],
        ...(patched.length ? { patchedRange: patched.join(' || ') } : {}),
      },
      package: name,
      versions: [version],
      paths: [name],
      fix: fixed ? { available: true, name, version: fixed, fromReport: true } : { available: false },
      ecosystem: 'RubyGems',
    });
  }
  return { format: 'bundler-audit', vulnerabilities, deprecations: 0, pathsUnreliable: true };
}

