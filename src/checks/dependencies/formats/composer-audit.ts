import type { AdvisorySeverity, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, at, ghsaIn, isCve, isObject, obj, optStr, str, type Json, type JsonObject, type Where } from './shape.js';

/** Keys Composer's JSON has at its top level (2.4: `advisories`; 2.6+: `abandoned`; later `ignored-advisories`, `unreachable-repositories`). */
const COMPOSER_KEYS = new Set(['advisories', 'abandoned', 'ignored-advisories', 'unreachable-repositories']);

/** A PHP list as JSON: an array, or an object keyed by numbers when array_filter left holes. */
function isPhpList(value: Json | undefined): boolean {
  return Array.isArray(value) || (isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => /^\d+$/.test(k)));
}

/**
 * `composer audit --format=json`: `{"advisories": {package: [advisory…]} | [], "abandoned": {…} | []}`.
 * npm 6 also has `advisories`, keyed by advisory number with one object each (and `actions`, `metadata`);
 * Composer's are lists per package, and PHP writes an empty map as `[]`.
 */
export function isComposerAudit(value: JsonObject): boolean {
  if (!('advisories' in value) || 'actions' in value || 'metadata' in value || 'muted' in value) return false;
  const advisories = value.advisories;
  if (Array.isArray(advisories)) return advisories.length === 0 && Object.keys(value).every((k) => COMPOSER_KEYS.has(k));
  if (!isObject(advisories)) return false;
  const lists = Object.values(advisories);
  return lists.length > 0 && lists.every(isPhpList);
}

/** A list Composer wrote: never empty (a package without advisories is left out). */
function listOf(value: Json | undefined, where: Where): Json[] {
  const list = Array.isArray(value) ? value : isPhpList(value) ? Object.values(value as JsonObject) : undefined;
  if (!list) throw new ShapeError(`${String(where)} must be a list of advisories, found ${value === null ? 'null' : typeof value}`);
  if (!list.length) throw new ShapeError(`${String(where)} is an empty list: Composer leaves out a package without advisories, so the report was edited`);
  return list;
}

/** The advisories of a map `{package: [advisory…]}`, or of `[]`. */
function byPackage(value: Json | undefined, where: string): [string, Json[]][] {
  if (Array.isArray(value)) {
    if (value.length) throw new ShapeError(`${where} must map package names to lists of advisories, found a list of ${value.length}`);
    return [];
  }
  return Object.entries(obj(value, where)).map(([pkg, list]) => [pkg, listOf(list, at(where, pkg))]);
}

const SEVERITIES: Record<string, AdvisorySeverity> = { low: 'low', medium: 'moderate', moderate: 'moderate', high: 'high', critical: 'critical' };

function advisoryOf(raw: Json, place: Where, pkg: string, ignored: boolean): Vulnerability {
  const a = obj(raw, place);
  const id = str(a.advisoryId, at(place, 'advisoryId'));
  const name = optStr(a.packageName, at(place, 'packageName')) ?? pkg;
  const cve = optStr(a.cve, at(place, 'cve'));
  const link = optStr(a.link, at(place, 'link'));
  const sources = arr(a.sources ?? [], at(place, 'sources'));
  const remote = sources.map((s) => (isObject(s) && typeof s.remoteId === 'string' ? s.remoteId : '')).filter(Boolean);
  const ghsa = [...remote, link ?? ''].map((x) => ghsaIn(x)).find(Boolean);
  const sev = optStr(a.severity, at(place, 'severity'));
  const severity = sev ? SEVERITIES[sev.toLowerCase()] : undefined;
  if (sev && !severity) throw new ShapeError(`${String(at(place, 'severity'))} must be low, medium, high or critical, found ${JSON.stringify(sev)}`);
  const affected = optStr(a.affectedVersions, at(place, 'affectedVersions'));
  const reason = ignored ? optStr(a.ignoreReason, at(place, 'ignoreReason')) : undefined;
  return {
    advisory: {
      key: ghsa ?? (cve && isCve(cve) ? cve.toUpperCase() : id),
      ...(ghsa ? { ghsa } : {}),
      cves: cve && isCve(cve) ? [cve.toUpperCase()] : [],
      sourceId: id,
      title: optStr(a.title, at(place, 'title')) ?? `${id} in ${name}`,
      ...(link ? { url: link } : {}),
      // Packagist gives no severity for some sources: assumed, never guessed low.
      severity: severity ?? 'high',
      ...(severity ? {} : { severityAssumed: true }),
      cwes: [],
      ...(affected ? { vulnerableRange: affected } : {}),
    },
    package: name,
    versions: [],
    paths: [name],
    ecosystem: 'Packagist',
    // Composer's own ignore list (config.audit.ignore) is not the gate's allowlist, which carries a reason and an expiry.
    ...(ignored ? { note: `Ignored by Composer's audit configuration${reason ? ` (${reason})` : ''}; the gate decides with its own allowlist` } : {}),
  };
}

/** Installed versions are not in the report: the check reads them from composer.lock. */
export function parseComposerAudit(value: JsonObject): ParsedReport {
  const unreachable = value['unreachable-repositories'];
  if (unreachable !== undefined) {
    const repos = arr(unreachable, 'unreachable-repositories').map((r, i) => str(r, at('unreachable-repositories', i)));
    if (repos.length) throw new ShapeError(`Composer could not reach ${repos.join(', ')}: the advisories of the packages they serve were never checked`);
  }
  const vulnerabilities: Vulnerability[] = [];
  for (const [key, ignored] of [['advisories', false], ['ignored-advisories', true]] as const) {
    if (key !== 'advisories' && value[key] === undefined) continue;
    for (const [pkg, list] of byPackage(value[key], key)) {
      for (const [i, raw] of list.entries()) vulnerabilities.push(advisoryOf(raw, at(at(key, pkg), i), pkg, ignored));
    }
  }
  return { format: 'composer-audit', vulnerabilities, deprecations: 0, pathsUnreliable: true };
}
