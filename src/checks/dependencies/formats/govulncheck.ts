import type { Advisory, ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, ghsaIn, isCve, isObject, obj, optStr, str, strList, type Json, type JsonObject } from './shape.js';

/**
 * Splits a stream of JSON values written one after another (govulncheck's `-json` / `-format json`
 * output: indented objects, not one per line). Undefined when the text is not such a stream.
 */
export function splitJsonStream(text: string): Json[] | undefined {
  const values: Json[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)) as Json);
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s/.test(ch as string)) return undefined;
  }
  return depth === 0 && !inString ? values : undefined;
}

/** The first message of a govulncheck stream is its `config`. */
export function isGovulncheck(first: Json | undefined): boolean {
  return isObject(first) && isObject(first.config) && (first.config.scanner_name === 'govulncheck' || typeof first.config.protocol_version === 'string');
}

interface Reach {
  module?: string;
  version?: string;
  fixed?: string;
  /** 0: module required, 1: package imported, 2: symbol called. */
  level: number;
  where?: string;
}

function frameLevel(frame: JsonObject): number {
  if (typeof frame.function === 'string' && frame.function) return 2;
  if (typeof frame.package === 'string' && frame.package) return 1;
  return 0;
}

/** Where the code calls into the vulnerable symbol: the last frame with a position (the caller in the module). */
function callSite(trace: JsonObject[]): string | undefined {
  const caller = trace.length > 1 ? trace[trace.length - 1] : undefined;
  const pos = caller && isObject(caller.position) ? caller.position : undefined;
  if (!caller || !pos || typeof pos.filename !== 'string') return undefined;
  const fn = typeof caller.function === 'string' ? ` (${caller.function})` : '';
  return `${pos.filename}:${typeof pos.line === 'number' ? pos.line : '?'}${fn}`;
}

function advisoryOf(entry: JsonObject | undefined, id: string, module: string): Advisory {
  const aliases = entry ? strList(entry.aliases ?? [], `osv ${id}.aliases`) : [];
  const ghsa = [id, ...aliases].map((a) => ghsaIn(a)).find(Boolean);
  const cves = aliases.filter(isCve).map((c) => c.toUpperCase()).sort();
  const summary = entry ? (optStr(entry.summary, `osv ${id}.summary`) ?? optStr(entry.details, `osv ${id}.details`)) : undefined;
  const db = entry && isObject(entry.database_specific) ? entry.database_specific : undefined;
  const title = summary ? (summary.split(/\n/)[0] ?? summary) : `${id} in ${module}`;
  return {
    key: ghsa ?? cves[0] ?? id,
    ...(ghsa ? { ghsa } : {}),
    cves,
    sourceId: id,
    title: title.length > 160 ? `${title.slice(0, 157)}…` : title,
    url: typeof db?.url === 'string' ? db.url : `https://pkg.go.dev/vuln/${id}`,
    // The Go vulnerability database gives no severity.
    severity: 'high',
    severityAssumed: true,
    cwes: [],
  };
}

/**
 * govulncheck's JSON stream: `config`, `progress`, `SBOM`, `osv` entries and `finding`s. A finding whose
 * trace reaches a function is a call of vulnerable code; one that stops at a package or module is an
 * import or a requirement, which govulncheck itself does not count as affecting the code — at symbol level.
 */
export function parseGovulncheck(messages: Json[]): ParsedReport {
  const config = obj(obj(messages[0], 'message 1').config, 'message 1.config');
  const level = optStr(config.scan_level, 'config.scan_level') ?? 'symbol';
  const entries = new Map<string, JsonObject>();
  const reach = new Map<string, Reach>();
  const modules = new Set<string>();
  for (const [i, raw] of messages.entries()) {
    const message = obj(raw, `message ${i + 1}`);
    if (isObject(message.osv)) entries.set(str(message.osv.id, `message ${i + 1}.osv.id`), message.osv);
    if (isObject(message.SBOM)) for (const m of arr(message.SBOM.modules ?? [], `message ${i + 1}.SBOM.modules`)) if (isObject(m) && typeof m.path === 'string') modules.add(m.path);
    if (message.finding === undefined) continue;
    const finding = obj(message.finding, `message ${i + 1}.finding`);
    const id = str(finding.osv, `message ${i + 1}.finding.osv`);
    const trace = arr(finding.trace, `message ${i + 1}.finding.trace`).map((f, j) => obj(f, `message ${i + 1}.finding.trace[${j}]`));
    const top = trace[0];
    if (!top) throw new ShapeError(`message ${i + 1}: finding ${id} has an empty trace`);
    const module = str(top.module, `message ${i + 1}.finding.trace[0].module`);
    const key = `${id}\0${module}`;
    const known = reach.get(key) ?? { module, level: -1 };
    const frame = frameLevel(top);
    if (frame > known.level) {
      const site = frame === 2 ? callSite(trace) : undefined;
      reach.set(key, { ...known, level: frame, ...(site ? { where: site } : {}) });
    }
    const entry = reach.get(key) as Reach;
    if (typeof top.version === 'string') entry.version = top.version;
    const fixed = optStr(finding.fixed_version, `message ${i + 1}.finding.fixed_version`);
    if (fixed) entry.fixed = fixed;
  }
  // At symbol level only calls affect the code; at package level an import does; at module level nothing can tell.
  const needed = level === 'symbol' ? 2 : level === 'package' ? 1 : 0;
  const vulnerabilities: Vulnerability[] = [];
  for (const [key, r] of reach) {
    const id = key.slice(0, key.indexOf('\0'));
    const module = r.module as string;
    const reachable = r.level >= needed;
    const how = r.level === 2 ? `called${r.where ? ` from ${r.where}` : ''}` : r.level === 1 ? 'package imported, vulnerable code not called' : 'module required, vulnerable package not imported';
    const version = r.version?.replace(/^v/, '');
    const fixed = r.fixed?.replace(/^v/, '');
    vulnerabilities.push({
      advisory: { ...advisoryOf(entries.get(id), id, module), ...(fixed ? { patchedRange: `>=${fixed}` } : {}) },
      package: module,
      versions: version ? [version] : [],
      paths: [module],
      fix: fixed ? { available: true, name: module, version: fixed, fromReport: true } : { available: false },
      ecosystem: 'Go',
      reachable,
      note: `govulncheck: ${how}`,
    });
  }
  return { format: 'govulncheck', vulnerabilities, deprecations: 0, ...(modules.size ? { dependencyCount: modules.size } : {}), pathsUnreliable: true };
}
