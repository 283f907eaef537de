import type { Advisory, Fix, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, cweList, ghsaIn, id, isObject, obj, optBool, optNum, optStr, severity, str, type JsonObject } from './shape.js';

/** Paths rebuilt per package at most; a large monorepo can otherwise have thousands. */
const MAX_PATHS = 20;

interface Entry {
  name: string;
  isDirect: boolean;
  effects: string[];
}

/**
 * `npm audit --json` of npm 7 and later (`auditReportVersion: 2`). Only object entries of `via` are
 * advisories (string entries name a vulnerable dependency); npm gives no paths, so they are rebuilt by
 * walking `effects` (the dependents) up to direct dependencies.
 */
export function parseNpm7(root: JsonObject): ParsedReport {
  const version = root.auditReportVersion;
  if (version !== 2) throw new ShapeError(`auditReportVersion ${JSON.stringify(version)} is not supported (this check reads version 2, written by npm 7 and later)`);
  const vulns = obj(root.vulnerabilities, 'vulnerabilities');
  const metadata = root.metadata === undefined ? undefined : obj(root.metadata, 'metadata');

  const entries = new Map<string, Entry>();
  const out: Vulnerability[] = [];
  const names = Object.keys(vulns);
  const dependencyVias: { where: string; name: string }[] = [];
  for (const key of names) {
    const where = `vulnerabilities[${JSON.stringify(key)}]`;
    const v = obj(vulns[key], where);
    const name = optStr(v.name, `${where}.name`) ?? key;
    severity(v.severity, `${where}.severity`);
    const via = arr(v.via, `${where}.via`);
    const effects = arr(v.effects ?? [], `${where}.effects`).map((e, i) => str(e, `${where}.effects[${i}]`));
    const nodes = arr(v.nodes ?? [], `${where}.nodes`).map((n, i) => str(n, `${where}.nodes[${i}]`));
    const isDirect = optBool(v.isDirect, `${where}.isDirect`) ?? false;
    const fix = fixOf(v.fixAvailable, `${where}.fixAvailable`);
    entries.set(name, { name, isDirect, effects });
    if (via.length === 0) throw new ShapeError(`${where}.via is empty: npm always says why a package is vulnerable`);
    for (const [i, item] of via.entries()) {
      const at = `${where}.via[${i}]`;
      if (typeof item === 'string') {
        dependencyVias.push({ where: at, name: item });
        continue;
      }
      const advisory = advisoryOf(obj(item, at), at);
      const pkg = optStr((item as JsonObject).name, `${at}.name`) ?? name;
      out.push({ advisory, package: pkg, versions: [], paths: [], direct: isDirect, nodes, ...(fix ? { fix } : {}) });
    }
  }

  // A package vulnerable through a dependency names it; that dependency must be in the report too.
  for (const { where, name } of dependencyVias) {
    if (!(name in vulns)) throw new ShapeError(`${where} names "${name}", which the report does not list: the report is truncated or was edited`);
  }
  if (names.length > 0 && out.length === 0) throw new ShapeError('the report lists vulnerable packages but no advisory for any of them');

  if (metadata && metadata.vulnerabilities !== undefined) {
    const counts = obj(metadata.vulnerabilities, 'metadata.vulnerabilities');
    const total = optNum(counts.total, 'metadata.vulnerabilities.total');
    if (total !== undefined && total !== names.length) {
      throw new ShapeError(`metadata.vulnerabilities.total says ${total} vulnerable package(s) but the report lists ${names.length}: the report is truncated or was edited`);
    }
  }

  const memo = new Map<string, string[][]>();
  const pathsOf = (name: string, visiting: Set<string>): string[][] => {
    const known = memo.get(name);
    if (known) return known;
    const entry = entries.get(name);
    if (!entry) return [];
    const result: string[][] = entry.isDirect ? [[name]] : [];
    visiting.add(name);
    for (const parent of entry.effects) {
      if (result.length >= MAX_PATHS) break;
      if (visiting.has(parent)) continue;
      for (const path of pathsOf(parent, visiting)) {
        if (result.length >= MAX_PATHS) break;
        result.push([...path, name]);
      }
    }
    visiting.delete(name);
    // Results computed while an ancestor was being visited may miss that ancestor's branch; memoise only
    // complete ones.
    if (visiting.size === 0 || entry.effects.every((e) => !visiting.has(e))) memo.set(name, result);
    return result;
  };
  for (const v of out) v.paths = pathsOf(v.package, new Set());

  const deps = metadata?.dependencies;
  const dependencyCount = isObject(deps) && typeof deps.total === 'number' ? deps.total : undefined;
  return { format: 'npm7', vulnerabilities: out, deprecations: 0, ...(dependencyCount !== undefined ? { dependencyCount } : {}) };
}

function advisoryOf(item: JsonObject, at: string): Advisory {
  const source = id(item.source, `${at}.source`);
  const url = optStr(item.url, `${at}.url`);
  const title = optStr(item.title, `${at}.title`) ?? `Advisory ${source}`;
  const cvss = item.cvss === undefined || item.cvss === null ? undefined : obj(item.cvss, `${at}.cvss`);
  const score = cvss ? optNum(cvss.score, `${at}.cvss.score`) : undefined;
  const vector = cvss ? optStr(cvss.vectorString, `${at}.cvss.vectorString`) : undefined;
  const ghsa = ghsaIn(url);
  return {
    key: ghsa ?? `npm:${source}`,
    ...(ghsa ? { ghsa } : {}),
    cves: [],
    sourceId: source,
    title,
    ...(url ? { url } : {}),
    severity: severity(item.severity, `${at}.severity`),
    ...(score || vector ? { cvss: { ...(score ? { score } : {}), ...(vector ? { vector } : {}) } } : {}),
    cwes: cweList(item.cwe, `${at}.cwe`),
    ...(optStr(item.range, `${at}.range`) ? { vulnerableRange: item.range as string } : {}),
  };
}

function fixOf(value: unknown, where: string): Fix | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return { available: value, fromReport: true };
  const o = obj(value, where);
  return {
    available: true,
    name: str(o.name, `${where}.name`),
    version: str(o.version, `${where}.version`),
    semverMajor: optBool(o.isSemVerMajor, `${where}.isSemVerMajor`) ?? false,
    fromReport: true,
  };
}
