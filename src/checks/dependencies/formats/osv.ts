import type { Advisory, AdvisorySeverity, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, ghsaIn, isCve, isObject, obj, optStr, severity, str, strList, type JsonObject } from './shape.js';

/** CVSS base score bands (the NVD's qualitative ratings). */
function severityOfScore(score: number): AdvisorySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'moderate';
  if (score > 0) return 'low';
  return 'info';
}

/** `introduced`/`fixed` events of the ranges that concern this package, as semver ranges. */
function rangesOf(vuln: JsonObject, pkg: string, ecosystem: string, at: string): { vulnerable?: string; patched?: string } {
  const vulnerable: string[] = [];
  const fixed: string[] = [];
  for (const [i, affected] of arr(vuln.affected ?? [], `${at}.affected`).entries()) {
    const a = obj(affected, `${at}.affected[${i}]`);
    const p = a.package === undefined ? undefined : obj(a.package, `${at}.affected[${i}].package`);
    if (p && (p.name !== pkg || (typeof p.ecosystem === 'string' && p.ecosystem !== ecosystem))) continue;
    for (const [j, range] of arr(a.ranges ?? [], `${at}.affected[${i}].ranges`).entries()) {
      const r = obj(range, `${at}.affected[${i}].ranges[${j}]`);
      let introduced: string | undefined;
      for (const [k, event] of arr(r.events ?? [], `${at}.affected[${i}].ranges[${j}].events`).entries()) {
        const e = obj(event, `${at}.affected[${i}].ranges[${j}].events[${k}]`);
        if (typeof e.introduced === 'string') introduced = e.introduced;
        const end = typeof e.fixed === 'string' ? e.fixed : undefined;
        const last = typeof e.last_affected === 'string' ? e.last_affected : undefined;
        if (end || last) {
          const from = introduced && introduced !== '0' ? `>=${introduced} ` : '';
          vulnerable.push(end ? `${from}<${end}` : `${from}<=${last}`);
          if (end) fixed.push(end);
          introduced = undefined;
        }
      }
      if (introduced !== undefined) vulnerable.push(introduced === '0' ? '*' : `>=${introduced}`);
    }
  }
  return {
    ...(vulnerable.length ? { vulnerable: vulnerable.join(' || ') } : {}),
    ...(fixed.length ? { patched: fixed.map((f) => `>=${f}`).join(' || ') } : {}),
  };
}

function advisoryOf(group: { ids: string[]; maxSeverity?: string }, vulns: Map<string, JsonObject>, pkg: string, ecosystem: string, at: string): Advisory {
  const ids = group.ids;
  const main = ids.find((i) => /^GHSA-/i.test(i) && vulns.has(i)) ?? ids.find((i) => vulns.has(i)) ?? ids[0];
  if (!main) throw new ShapeError(`${at}: a group without ids`);
  const vuln = vulns.get(main);
  const aliases = new Set<string>(ids);
  for (const i of ids) for (const alias of strList(vulns.get(i)?.aliases, `${at}.aliases`)) aliases.add(alias);
  const ghsa = [...aliases].map((a) => ghsaIn(a)).find(Boolean);
  const cves = [...aliases].filter(isCve).map((c) => c.toUpperCase()).sort();
  const db = vuln && isObject(vuln.database_specific) ? vuln.database_specific : undefined;
  const score = group.maxSeverity ? Number.parseFloat(group.maxSeverity) : Number.NaN;
  let sev: AdvisorySeverity | undefined;
  if (db && typeof db.severity === 'string') sev = severity(db.severity, `${at}.database_specific.severity`);
  else if (Number.isFinite(score)) sev = severityOfScore(score);
  let vector: string | undefined;
  for (const s of vuln ? arr(vuln.severity ?? [], `${at}.severity`) : []) {
    if (isObject(s) && typeof s.score === 'string' && /^CVSS:/.test(s.score)) vector ??= s.score;
  }
  const ranges = vuln ? rangesOf(vuln, pkg, ecosystem, at) : {};
  const references = vuln ? arr(vuln.references ?? [], `${at}.references`) : [];
  const advisoryUrl = references.find((r) => isObject(r) && r.type === 'ADVISORY' && typeof r.url === 'string') as JsonObject | undefined;
  const cwes = db ? strList(db.cwe_ids, `${at}.database_specific.cwe_ids`) : [];
  return {
    key: ghsa ?? cves[0] ?? main,
    ...(ghsa ? { ghsa } : {}),
    cves,
    sourceId: main,
    title: (vuln && optStr(vuln.summary, `${at}.summary`)) || `${main} in ${pkg}`,
    url: ghsa ? `https://github.com/advisories/${ghsa}` : ((advisoryUrl?.url as string | undefined) ?? `https://osv.dev/vulnerability/${main}`),
    // OSV entries without any severity (malicious-package reports among them) are treated as high.
    severity: sev ?? 'high',
    ...(sev ? {} : { severityAssumed: true }),
    ...(Number.isFinite(score) || vector ? { cvss: { ...(Number.isFinite(score) ? { score } : {}), ...(vector ? { vector } : {}) } } : {}),
    cwes,
    ...(ranges.vulnerable ? { vulnerableRange: ranges.vulnerable } : {}),
    ...(ranges.patched ? { patchedRange: ranges.patched } : {}),
  };
}

/**
 * `osv-scanner --format json`: results per scanned source (lockfile or manifest), packages, their OSV
 * entries, and `groups` that say which entries are the same advisory under several ids.
 */
export function parseOsv(root: JsonObject): ParsedReport {
  const results = arr(root.results, 'results');
  const merged = new Map<string, Vulnerability>();
  for (const [i, result] of results.entries()) {
    const at = `results[${i}]`;
    const r = obj(result, at);
    // Every result is a scanned source with its packages: one without either is not osv-scanner's.
    const source = str(obj(r.source, `${at}.source`).path, `${at}.source.path`);
    for (const [j, entry] of arr(r.packages, `${at}.packages`).entries()) {
      const pat = `${at}.packages[${j}]`;
      const p = obj(entry, pat);
      const info = obj(p.package, `${pat}.package`);
      const name = str(info.name, `${pat}.package.name`);
      const version = optStr(info.version, `${pat}.package.version`);
      const ecosystem = optStr(info.ecosystem, `${pat}.package.ecosystem`) ?? 'npm';
      const listed = groupsOf(p.groups, `${pat}.groups`);
      const vulns = new Map<string, JsonObject>();
      for (const [k, v] of arr(p.vulnerabilities ?? [], `${pat}.vulnerabilities`).entries()) {
        const vo = obj(v, `${pat}.vulnerabilities[${k}]`);
        vulns.set(str(vo.id, `${pat}.vulnerabilities[${k}].id`), vo);
      }
      if (vulns.size === 0 && listed.length === 0) continue;
      const groups = listed.length ? listed : dedupeByAlias([...vulns.keys()], vulns);
      const depGroups = strList(p.dependency_groups, `${pat}.dependency_groups`);
      for (const [g, group] of groups.entries()) {
        const advisory = advisoryOf(group, vulns, name, ecosystem, `${pat}.groups[${g}]`);
        const key = `${ecosystem}\0${advisory.key}\0${name}`;
        const known = merged.get(key);
        if (known) {
          if (version && !known.versions.includes(version)) known.versions = [...known.versions, version].sort();
          continue;
        }
        merged.set(key, {
          advisory,
          package: name,
          versions: version ? [version] : [],
          paths: [],
          ...(depGroups.length ? { dev: depGroups.every((d) => /^dev/i.test(d)) } : {}),
          ecosystem,
          ...(source ? { source } : {}),
        });
      }
    }
  }
  return { format: 'osv-scanner', vulnerabilities: [...merged.values()], deprecations: 0, pathsUnreliable: true };
}

/** `groups`: which OSV entries are one advisory under several ids, with the highest CVSS score. */
function groupsOf(value: unknown, where: string): { ids: string[]; maxSeverity?: string }[] {
  if (value === undefined || value === null) return [];
  return arr(value, where).map((g, i) => {
    const go = obj(g, `${where}[${i}]`);
    const ids = strList(go.ids, `${where}[${i}].ids`);
    if (!ids.length) throw new ShapeError(`${where}[${i}].ids is empty`);
    const max = go.max_severity;
    return { ids, ...(typeof max === 'string' && max ? { maxSeverity: max } : typeof max === 'number' ? { maxSeverity: String(max) } : {}) };
  });
}

/** Without `groups` (older osv-scanner), entries that alias each other are one advisory. */
function dedupeByAlias(ids: string[], vulns: Map<string, JsonObject>): { ids: string[] }[] {
  const seen = new Set<string>();
  const out: { ids: string[] }[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    const all = [id, ...strList(vulns.get(id)?.aliases, 'aliases')].filter((a) => vulns.has(a));
    for (const a of all) seen.add(a);
    out.push({ ids: [...new Set(all)] });
  }
  return out;
}
