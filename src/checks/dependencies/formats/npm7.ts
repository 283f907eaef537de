import { isAdvisorySeverity, type Advisory, type AdvisorySeverity, type Fix, type ParsedReport, type Vulnerability } from '../model.js';
import type { Place} from './shape.js';
import { ShapeError, arr, at, cweList, ghsaIn, id, isObject, obj, optBool, optNum, optStr, severity, str, type JsonObject } from './shape.js';

/** Paths rebuilt per package at most; a large monorepo can otherwise have millions. */
const MAX_PATHS = 5;

/** One entry of `vulnerabilities`, as the path rebuild needs it. */
interface Entry {
  name: string;
  isDirect: boolean;
  effects: string[];
}

/** A string entry of `via`: the entry `key` is vulnerable through the dependency `name`. */
interface DependencyVia {
  key: string;
  index: number;
  name: string;
}

/**
 * `npm audit --json` of npm 7 and later (`auditReportVersion: 2`). Only object entries of `via` are
 * advisories (string entries name a vulnerable dependency); npm gives no paths, so they are rebuilt by
 * walking `effects` (the dependents) up to direct dependencies.
 */
export function parseNpm7(root: JsonObject, options: { checkedOnly?: boolean } = {}): ParsedReport {
  const version = root.auditReportVersion;
  if (version !== 2) throw new ShapeError(`auditReportVersion ${JSON.stringify(version)} is not supported (this check reads version 2, written by npm 7 and later)`);
  const vulns = obj(root.vulnerabilities, 'vulnerabilities');
  const metadata = root.metadata === undefined ? undefined : obj(root.metadata, 'metadata');

  const entries = new Map<string, Entry>();
  const out: Vulnerability[] = [];
  const dependencyVias: DependencyVia[] = [];
  const names = Object.keys(vulns);
  for (const key of names) {
    const value = vulns[key];
    // Large reports take the fast path; anything unexpected is read again, checked, for a precise error.
    const mark = out.length;
    const viaMark = dependencyVias.length;
    let entry = options.checkedOnly ? undefined : readFast(key, value, out, dependencyVias);
    if (!entry) {
      out.length = mark;
      dependencyVias.length = viaMark;
      entry = readChecked(key, value, out, dependencyVias);
    }
    entries.set(entry.name, entry);
  }

  // A package vulnerable through a dependency names it; that dependency must be in the report too.
  for (const { key, index, name } of dependencyVias) {
    if (!(name in vulns)) {
      throw new ShapeError(`${String(at(at(at('vulnerabilities', key), 'via'), index))} names "${name}", which the report does not list: the report is truncated or was edited`);
    }
  }
  if (names.length > 0 && out.length === 0) throw new ShapeError('the report lists vulnerable packages but no advisory for any of them');

  if (metadata && metadata.vulnerabilities !== undefined) {
    const counts = obj(metadata.vulnerabilities, 'metadata.vulnerabilities');
    const total = optNum(counts.total, 'metadata.vulnerabilities.total');
    if (total !== undefined && total !== names.length) {
      throw new ShapeError(`metadata.vulnerabilities.total says ${total} vulnerable package(s) but the report lists ${names.length}: the report is truncated or was edited`);
    }
  }

  // Paths: the shortest few per package, each one of its parents' paths plus itself; memoised per package.
  const memo = new Map<string, string[]>();
  const truncatedAt = new Set<string>();
  const visiting = new Set<string>();
  const none: string[] = [];
  const pathsOf = (name: string): string[] => {
    const known = memo.get(name);
    if (known) return known;
    const entry = entries.get(name);
    if (!entry) return none;
    const paths: string[] = entry.isDirect ? [name] : [];
    let complete = true;
    visiting.add(name);
    for (const parent of entry.effects) {
      if (visiting.has(parent)) {
        complete = false;
        continue;
      }
      const above = pathsOf(parent);
      if (truncatedAt.has(parent)) truncatedAt.add(name);
      for (let i = 0; i < above.length; i++) {
        if (paths.length >= MAX_PATHS) {
          truncatedAt.add(name);
          break;
        }
        paths.push(`${above[i] as string}>${name}`);
      }
    }
    visiting.delete(name);
    // A result computed while an ancestor was on the stack may lack that ancestor's branch: not memoised.
    if (complete) memo.set(name, paths);
    return paths;
  };
  for (const v of out) {
    v.paths = pathsOf(v.package);
    if (truncatedAt.has(v.package)) v.pathsTruncated = true;
  }

  const deps = metadata?.dependencies;
  const report: ParsedReport = { format: 'npm7', vulnerabilities: out, deprecations: 0 };
  if (isObject(deps) && typeof deps.total === 'number') report.dependencyCount = deps.total;
  return report;
}

function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** The common shape, read without building error paths; undefined as soon as anything is unexpected. */
function readFast(key: string, value: unknown, out: Vulnerability[], dependencyVias: DependencyVia[]): Entry | undefined {
  if (!isObject(value)) return undefined;
  const name = value.name === undefined ? key : value.name;
  if (typeof name !== 'string' || !isAdvisorySeverity(value.severity)) return undefined;
  const via = value.via;
  if (!Array.isArray(via) || via.length === 0) return undefined;
  const effects = absent(value.effects) ? [] : value.effects;
  const nodes = absent(value.nodes) ? [] : value.nodes;
  if (!isStringList(effects) || !isStringList(nodes)) return undefined;
  const isDirect = absent(value.isDirect) ? false : value.isDirect;
  if (typeof isDirect !== 'boolean') return undefined;
  let fix: Fix | undefined;
  const fixAvailable = value.fixAvailable;
  if (typeof fixAvailable === 'boolean') fix = { available: fixAvailable, fromReport: true };
  else if (isObject(fixAvailable)) {
    const major = fixAvailable.isSemVerMajor;
    if (typeof fixAvailable.name !== 'string' || typeof fixAvailable.version !== 'string' || !(absent(major) || typeof major === 'boolean')) return undefined;
    fix = { available: true, name: fixAvailable.name, version: fixAvailable.version, semverMajor: major === true, fromReport: true };
  } else if (!absent(fixAvailable)) return undefined;
  for (let i = 0; i < via.length; i++) {
    const item = via[i];
    if (typeof item === 'string') {
      dependencyVias.push({ key, index: i, name: item });
      continue;
    }
    if (!isObject(item)) return undefined;
    const source = item.source;
    const sourceId = typeof source === 'number' && Number.isFinite(source) ? String(source) : typeof source === 'string' && source ? source : undefined;
    const { url, title, range, cwe, cvss } = item;
    const pkg = item.name === undefined ? name : item.name;
    if (!sourceId || typeof pkg !== 'string' || !isAdvisorySeverity(item.severity)) return undefined;
    if (!(absent(url) || typeof url === 'string') || !(absent(title) || typeof title === 'string') || !(absent(range) || typeof range === 'string')) return undefined;
    if (!(absent(cwe) || isStringList(cwe))) return undefined;
    let score: number | undefined;
    let vector: string | undefined;
    if (!absent(cvss)) {
      if (!isObject(cvss)) return undefined;
      const s = cvss.score;
      const vs = cvss.vectorString;
      if (!(absent(s) || (typeof s === 'number' && Number.isFinite(s))) || !(absent(vs) || typeof vs === 'string')) return undefined;
      score = absent(s) ? undefined : s;
      vector = absent(vs) ? undefined : vs;
    }
    const ghsa = typeof url === 'string' ? ghsaIn(url) : undefined;
    const advisory: Advisory = {
      key: ghsa ?? `npm:${sourceId}`,
      cves: [],
      sourceId,
      title: typeof title === 'string' ? title : `Advisory ${sourceId}`,
      severity: item.severity as AdvisorySeverity,
      cwes: absent(cwe) ? [] : cwe,
    };
    if (ghsa) advisory.ghsa = ghsa;
    if (url) advisory.url = url;
    if (score || vector) advisory.cvss = score && vector ? { score, vector } : score ? { score } : { vector: vector as string };
    if (range) advisory.vulnerableRange = range;
    const vulnerability: Vulnerability = { advisory, package: pkg, versions: [], paths: [], direct: isDirect, nodes };
    if (fix) vulnerability.fix = fix;
    out.push(vulnerability);
  }
  return { name, isDirect, effects };
}

/** Reads one entry checking every value, so that whatever is wrong is reported with its place. */
function readChecked(key: string, value: unknown, out: Vulnerability[], dependencyVias: DependencyVia[]): Entry {
  const where = at('vulnerabilities', key);
  const v = obj(value, where);
  const name = optStr(v.name, at(where, 'name')) ?? key;
  severity(v.severity, at(where, 'severity'));
  const via = arr(v.via, at(where, 'via'));
  const effects = stringList(v.effects, at(where, 'effects'));
  const nodes = stringList(v.nodes, at(where, 'nodes'));
  const isDirect = optBool(v.isDirect, at(where, 'isDirect')) ?? false;
  const fix = fixOf(v.fixAvailable, where);
  if (via.length === 0) throw new ShapeError(`${String(where)}.via is empty: npm always says why a package is vulnerable`);
  for (let i = 0; i < via.length; i++) {
    const item = via[i];
    if (typeof item === 'string') {
      dependencyVias.push({ key, index: i, name: item });
      continue;
    }
    const itemAt = at(at(where, 'via'), i);
    const advisory = advisoryOf(obj(item, itemAt), itemAt);
    const vulnerability: Vulnerability = { advisory, package: optStr((item as JsonObject).name, at(itemAt, 'name')) ?? name, versions: [], paths: [], direct: isDirect, nodes };
    if (fix) vulnerability.fix = fix;
    out.push(vulnerability);
  }
  return { name, isDirect, effects };
}

function advisoryOf(item: JsonObject, where: Place): Advisory {
  const source = id(item.source, at(where, 'source'));
  const url = optStr(item.url, at(where, 'url'));
  const cvss = item.cvss === undefined || item.cvss === null ? undefined : obj(item.cvss, at(where, 'cvss'));
  const ghsa = ghsaIn(url);
  const advisory: Advisory = {
    key: ghsa ?? `npm:${source}`,
    cves: [],
    sourceId: source,
    title: optStr(item.title, at(where, 'title')) ?? `Advisory ${source}`,
    severity: severity(item.severity, at(where, 'severity')),
    cwes: cweList(item.cwe, at(where, 'cwe')),
  };
  if (ghsa) advisory.ghsa = ghsa;
  if (url) advisory.url = url;
  if (cvss) {
    const score = optNum(cvss.score, at(at(where, 'cvss'), 'score'));
    const vector = optStr(cvss.vectorString, at(at(where, 'cvss'), 'vectorString'));
    if (score || vector) advisory.cvss = score && vector ? { score, vector } : score ? { score } : { vector: vector as string };
  }
  const range = optStr(item.range, at(where, 'range'));
  if (range) advisory.vulnerableRange = range;
  return advisory;
}

/** A list of strings, checked in place (no copy: reports can hold millions of them). */
function stringList(value: unknown, where: Place): string[] {
  if (value === undefined || value === null) return [];
  const list = arr(value, where);
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') str(list[i], at(where, i));
  return list as string[];
}

function fixOf(value: unknown, entry: Place): Fix | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return { available: value, fromReport: true };
  const where = at(entry, 'fixAvailable');
  const o = obj(value, where);
  return {
    available: true,
    name: str(o.name, at(where, 'name')),
    version: str(o.version, at(where, 'version')),
    semverMajor: optBool(o.isSemVerMajor, at(where, 'isSemVerMajor')) ?? false,
    fromReport: true,
  };
}
