import type { Advisory, Fix, PackageManager, ParsedReport, ReportFormat, Vulnerability } from '../model.js';
import { ShapeError, arr, cweList, ghsaIn, id, isCve, isObject, num, obj, optBool, optNum, optStr, severity, severityTotal, str, strList, type JsonObject } from './shape.js';

const HINTED: Record<PackageManager, ReportFormat> = { npm: 'npm6', pnpm: 'pnpm', 'yarn-classic': 'npm6', 'yarn-berry': 'yarn-berry', bun: 'npm6' };

/** One advisory object of the npm 6 shape, which npm 6, pnpm, Yarn 1 and Yarn 2/3 all use. */
export function advisoryOf(a: JsonObject, at: string): { advisory: Advisory; module: string; findings: { version?: string; paths: string[] }[] } {
  const source = id(a.id, `${at}.id`);
  const module = str(a.module_name, `${at}.module_name`);
  const url = optStr(a.url, `${at}.url`);
  const ghsa = ghsaIn(optStr(a.github_advisory_id, `${at}.github_advisory_id`)) ?? ghsaIn(url);
  const cves = strList(a.cves, `${at}.cves`).filter(isCve).map((c) => c.toUpperCase());
  const cvss = a.cvss === undefined || a.cvss === null ? undefined : obj(a.cvss, `${at}.cvss`);
  const score = cvss ? optNum(cvss.score, `${at}.cvss.score`) : undefined;
  const vector = cvss ? optStr(cvss.vectorString, `${at}.cvss.vectorString`) : undefined;
  const vulnerable = optStr(a.vulnerable_versions, `${at}.vulnerable_versions`);
  const patched = optStr(a.patched_versions, `${at}.patched_versions`);
  const findings = arr(a.findings ?? [], `${at}.findings`).map((f, i) => {
    const fo = obj(f, `${at}.findings[${i}]`);
    const version = optStr(fo.version, `${at}.findings[${i}].version`);
    return { ...(version ? { version } : {}), paths: strList(fo.paths, `${at}.findings[${i}].paths`) };
  });
  const advisory: Advisory = {
    key: ghsa ?? cves[0] ?? `npm:${source}`,
    ...(ghsa ? { ghsa } : {}),
    cves,
    sourceId: source,
    title: optStr(a.title, `${at}.title`) ?? `Advisory ${source} in ${module}`,
    ...(url ? { url } : {}),
    severity: severity(a.severity, `${at}.severity`),
    ...(score || vector ? { cvss: { ...(score ? { score } : {}), ...(vector ? { vector } : {}) } } : {}),
    cwes: cweList(a.cwe, `${at}.cwe`),
    ...(vulnerable ? { vulnerableRange: vulnerable } : {}),
    ...(patched ? { patchedRange: patched } : {}),
  };
  return { advisory, module, findings };
}

export interface Resolution {
  id: string;
  path: string;
  dev?: boolean;
}

export function resolutionOf(r: unknown, at: string): Resolution {
  const ro = obj(r, at);
  const dev = optBool(ro.dev, `${at}.dev`);
  return { id: id(ro.id, `${at}.id`), path: str(ro.path, `${at}.path`), ...(dev !== undefined ? { dev } : {}) };
}

/** Splits `a>b>c` (pnpm writes `.>a>b`, or `packages__web>a` for a workspace) into a workspace and a path. */
export function splitPath(path: string): { workspace?: string; path: string[] } {
  const parts = path.split('>').filter((p) => p.length > 0);
  const first = parts[0];
  if (first === '.') return { workspace: '', path: parts.slice(1) };
  if (first !== undefined && (first.includes('__') || first.startsWith('./')) && !first.startsWith('@')) {
    return { workspace: first.replace(/^\.\//, '').split('__').join('/'), path: parts.slice(1) };
  }
  return { path: parts };
}

/** Builds one vulnerability per advisory from findings paths and per-path resolutions. */
export function vulnerabilityOf(
  advisory: Advisory,
  module: string,
  findings: { version?: string; paths: string[] }[],
  resolutions: readonly Resolution[],
  fix: Fix | undefined,
): Vulnerability {
  const devByPath = new Map<string, boolean | undefined>();
  for (const r of resolutions) devByPath.set(r.path, r.dev);
  const rawPaths = new Set<string>();
  for (const f of findings) for (const p of f.paths) rawPaths.add(p);
  for (const r of resolutions) rawPaths.add(r.path);
  const paths: string[] = [];
  const workspaces: string[] = [];
  const devPaths: (boolean | undefined)[] = [];
  for (const raw of [...rawPaths].sort()) {
    const split = splitPath(raw);
    if (!split.path.length) continue;
    paths.push(split.path.join('>'));
    workspaces.push(split.workspace ?? '');
    devPaths.push(devByPath.get(raw));
  }
  const versions = [...new Set(findings.map((f) => f.version).filter((v): v is string => !!v))].sort();
  return {
    advisory,
    package: module,
    versions,
    paths,
    ...(workspaces.some((w) => w) ? { pathWorkspaces: workspaces } : {}),
    devPaths,
    ...(paths.length ? { direct: paths.some((p) => !p.includes('>')) } : {}),
    ...(fix ? { fix } : {}),
  };
}

/**
 * The npm 6 shape (`advisories`, `actions`, `metadata`), written by npm 6, pnpm and Yarn 2/3. The format
 * is told apart by details: pnpm paths begin with `.>`, npm 6 adds a `runId`, Yarn 2/3 lists no actions
 * and bare package names instead of paths.
 */
export function parseNpm6Shape(root: JsonObject, hint?: PackageManager): ParsedReport {
  const advisories = obj(root.advisories, 'advisories');
  const actions = root.actions === undefined ? [] : arr(root.actions, 'actions');
  const metadata = root.metadata === undefined ? undefined : obj(root.metadata, 'metadata');

  const resolutions = new Map<string, Resolution[]>();
  const fixes = new Map<string, Fix>();
  let reviewOnly = false;
  for (const [i, action] of actions.entries()) {
    const at = `actions[${i}]`;
    const a = obj(action, at);
    const kind = str(a.action, `${at}.action`);
    const target = optStr(a.target, `${at}.target`);
    const module = optStr(a.module, `${at}.module`);
    const isMajor = optBool(a.isMajor, `${at}.isMajor`);
    if (kind === 'review') reviewOnly = true;
    for (const [j, r] of arr(a.resolves ?? [], `${at}.resolves`).entries()) {
      const res = resolutionOf(r, `${at}.resolves[${j}]`);
      const list = resolutions.get(res.id) ?? [];
      list.push(res);
      resolutions.set(res.id, list);
      if ((kind === 'install' || kind === 'update') && !fixes.has(res.id)) {
        fixes.set(res.id, { available: true, ...(module ? { name: module } : {}), ...(target ? { version: target } : {}), semverMajor: isMajor ?? false, fromReport: true });
      }
    }
  }

  const out: Vulnerability[] = [];
  let pnpmPaths = false;
  let nestedPaths = false;
  for (const key of Object.keys(advisories)) {
    const at = `advisories[${JSON.stringify(key)}]`;
    const { advisory, module, findings } = advisoryOf(obj(advisories[key], at), at);
    const source = advisory.sourceId as string;
    const res = resolutions.get(source) ?? [];
    for (const f of findings) for (const p of f.paths) {
      if (p === '.' || p.startsWith('.>')) pnpmPaths = true;
      if (p.includes('>')) nestedPaths = true;
    }
    out.push(vulnerabilityOf(advisory, module, findings, res, fixes.get(source)));
  }

  const total = metadata ? severityTotal(metadata.vulnerabilities, 'metadata.vulnerabilities') : undefined;
  if (total !== undefined && total > 0 && out.length === 0) {
    throw new ShapeError(`metadata.vulnerabilities counts ${total} vulnerabilit${total === 1 ? 'y' : 'ies'} but the report lists no advisories: the report is truncated or was edited`);
  }

  const format: ReportFormat =
    pnpmPaths ? 'pnpm'
    : typeof root.runId === 'string' ? 'npm6'
    : hint ? HINTED[hint]
    : reviewOnly ? 'pnpm'
    : actions.length > 0 || nestedPaths ? 'npm6'
    : 'yarn-berry';
  if (format === 'yarn-berry') {
    // Yarn 2/3 write the package name where a path belongs: the real paths come from the lockfile.
    for (const v of out) {
      v.paths = [];
      delete v.devPaths;
      delete v.direct;
    }
  }
  const count = metadata ? dependencyCountOf(metadata) : undefined;
  return { format, vulnerabilities: out, deprecations: 0, ...(count !== undefined ? { dependencyCount: count } : {}), ...(format === 'yarn-berry' ? { pathsUnreliable: true } : {}) };
}

export function dependencyCountOf(metadata: JsonObject): number | undefined {
  const total = metadata.totalDependencies;
  if (typeof total === 'number') return num(total, 'metadata.totalDependencies');
  const deps = metadata.dependencies;
  if (isObject(deps) && typeof deps.total === 'number') return deps.total;
  return typeof deps === 'number' ? deps : undefined;
}
