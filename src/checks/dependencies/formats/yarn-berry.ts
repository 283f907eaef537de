import type { Advisory, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, describe, ghsaIn, id, isObject, obj, optStr, severity, str, strList, type JsonObject } from './shape.js';

/** True for a line of Yarn 4's `yarn npm audit --json` tree (`{"value":"qs","children":{…}}`). */
export function isBerryTreeLine(value: JsonObject): boolean {
  return typeof value.value === 'string' && 'children' in value;
}

/**
 * `yarn npm audit --json` of Yarn 4: one tree node per line, `value` the package and `children` the
 * advisory (`ID`, `Issue`, `URL`, `Severity`, `Vulnerable Versions`, `Tree Versions`, `Dependents`).
 * Lines without an advisory URL whose id says "deprecation" (or that have no id) are deprecation
 * notices, not advisories.
 */
export function parseYarnBerryTree(lines: readonly { line: number; value: JsonObject }[]): ParsedReport {
  const merged = new Map<string, Vulnerability>();
  let deprecations = 0;
  let saidClean = false;
  for (const { line, value } of lines) {
    const at = `line ${line}`;
    if (!isBerryTreeLine(value)) {
      if (value.type === 'error') throw new ShapeError(`yarn reported an error (${at}): ${typeof value.data === 'string' ? value.data : describe(value.data)}`);
      if (typeof value.type === 'string') {
        // Info and warning lines of Yarn's JSON stream; Yarn says so when the audit found nothing.
        if (typeof value.data === 'string' && /no audit suggestions/i.test(value.data)) saidClean = true;
        continue;
      }
      throw new ShapeError(`${at} is not a Yarn audit line: expected {"value": <package>, "children": {…}}`);
    }
    const pkg = str(value.value, `${at}: value`);
    const c = obj(value.children, `${at}: children`);
    const url = optStr(c.URL, `${at}: children.URL`);
    const rawId = c.ID;
    const title = optStr(c.Issue, `${at}: children.Issue`);
    const numericId = typeof rawId === 'number';
    // Yarn 4 deprecation notices carry no advisory URL and an id like "request (deprecation)" (or none).
    const noId = rawId === undefined || rawId === null;
    if (!url && !numericId && ((typeof rawId === 'string' && /deprecat/i.test(rawId)) || (noId && title !== undefined))) {
      deprecations++;
      continue;
    }
    const sourceId = rawId === undefined || rawId === null ? undefined : id(rawId, `${at}: children.ID`);
    const ghsa = ghsaIn(url) ?? ghsaIn(sourceId);
    if (!ghsa && !sourceId) throw new ShapeError(`${at}: the advisory has neither an ID nor an advisory URL`);
    const vulnerable = optStr(c['Vulnerable Versions'], `${at}: children["Vulnerable Versions"]`);
    const advisory: Advisory = {
      key: ghsa ?? `npm:${sourceId}`,
      ...(ghsa ? { ghsa } : {}),
      cves: [],
      ...(sourceId ? { sourceId } : {}),
      title: title ?? `Advisory ${sourceId ?? ghsa} in ${pkg}`,
      ...(url ? { url } : {}),
      severity: severity(c.Severity, `${at}: children.Severity`),
      cwes: [],
      ...(vulnerable ? { vulnerableRange: vulnerable } : {}),
    };
    const versions = listOf(c['Tree Versions'], `${at}: children["Tree Versions"]`);
    const dependents = listOf(c.Dependents, `${at}: children.Dependents`);
    const key = `${advisory.key}\0${pkg}`;
    const known = merged.get(key);
    if (known) {
      known.versions = [...new Set([...known.versions, ...versions])].sort();
      known.dependents = [...new Set([...(known.dependents ?? []), ...dependents])].sort();
    } else {
      merged.set(key, { advisory, package: pkg, versions, paths: [], dependents });
    }
  }
  if (merged.size === 0 && deprecations === 0 && !saidClean) {
    throw new ShapeError('the Yarn output has neither advisories nor "No audit suggestions": the audit did not finish');
  }
  return { format: 'yarn-berry', vulnerabilities: [...merged.values()], deprecations, pathsUnreliable: true };
}

/** Yarn writes a list of strings, or (as a tree) a list of `{value}` nodes. */
function listOf(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => isObject(v))) {
    return value.map((v, i) => str((v as JsonObject).value, `${where}[${i}].value`));
  }
  return strList(value, where);
}
