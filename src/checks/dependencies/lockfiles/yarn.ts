import { parse } from 'yaml';
import { isObject } from '../formats/shape.js';
import { LockfileError, splitNameAt, type Importer, type LockedDirect, type LockedPackage, type Lockfile } from './model.js';

interface Entry {
  descriptors: string[];
  version: string;
  dependencies: Record<string, string>;
  workspace?: string;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

/** Splits `"a@^1", a@^1.2` at commas outside quotes. */
function splitKeys(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(unquote(current));
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(unquote(current));
  return out.filter(Boolean);
}

/** The Yarn 1 lockfile format: indented `key value` lines, top-level keys listing descriptors. */
function parseClassicEntries(path: string, text: string): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let block: 'dependencies' | 'other' | undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent === 0) {
      if (!line.endsWith(':')) throw new LockfileError(`${path}:${i + 1}: expected a list of package descriptors ending with ":"`);
      current = { descriptors: splitKeys(line.slice(0, -1)), version: '', dependencies: {} };
      entries.push(current);
      block = undefined;
      continue;
    }
    if (!current) throw new LockfileError(`${path}:${i + 1}: an indented line before any package entry`);
    if (line.endsWith(':')) {
      const key = unquote(line.slice(0, -1));
      block = indent <= 2 && (key === 'dependencies' || key === 'optionalDependencies') ? 'dependencies' : 'other';
      continue;
    }
    const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const key = unquote(m[1] as string);
    const value = unquote(m[2] as string);
    if (indent <= 2) {
      block = undefined;
      if (key === 'version') current.version = value;
    } else if (block === 'dependencies') {
      current.dependencies[key] = value;
    }
  }
  return entries;
}

function parseBerryEntries(path: string, text: string): { entries: Entry[]; version: string } {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 1000, logLevel: 'error' });
  } catch (error) {
    throw new LockfileError(`${path} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!isObject(data)) throw new LockfileError(`${path} is not a Yarn lockfile`);
  const meta = isObject(data.__metadata) ? data.__metadata : {};
  const entries: Entry[] = [];
  for (const [key, raw] of Object.entries(data)) {
    if (key === '__metadata' || !isObject(raw)) continue;
    const resolution = typeof raw.resolution === 'string' ? raw.resolution : '';
    const deps: Record<string, string> = {};
    for (const field of ['dependencies', 'optionalDependencies']) {
      const d = raw[field];
      if (isObject(d)) for (const [name, range] of Object.entries(d)) if (typeof range === 'string') deps[name] = range;
    }
    const ws = /@workspace:(.*)$/.exec(resolution);
    entries.push({
      descriptors: splitKeys(key),
      version: typeof raw.version === 'string' ? raw.version : String(raw.version ?? ''),
      dependencies: deps,
      ...(ws ? { workspace: ws[1] === '.' ? '' : (ws[1] as string) } : {}),
    });
  }
  return { entries, version: String(meta.version ?? '') };
}

/** `yarn.lock` of Yarn 1 (its own format) or Yarn Berry (YAML with `__metadata`). */
export function parseYarnLock(path: string, text: string): Lockfile {
  const berry = /^__metadata:/m.test(text);
  const { entries, version } = berry ? parseBerryEntries(path, text) : { entries: parseClassicEntries(path, text), version: '1' };
  const byDescriptor = new Map<string, Entry>();
  const idOf = new Map<Entry, string>();
  const packages = new Map<string, LockedPackage>();
  for (const entry of entries) {
    for (const d of entry.descriptors) byDescriptor.set(d, entry);
    const name = entry.descriptors[0] ? splitNameAt(entry.descriptors[0])?.name : undefined;
    if (!name || entry.workspace !== undefined) continue;
    const id = `${name}@${entry.version}`;
    idOf.set(entry, id);
    if (!packages.has(id)) packages.set(id, { id, name, version: entry.version, dependencies: [] });
  }
  const descriptorOf = (name: string, range: string) => (berry && !/^[a-z][a-z0-9+.-]*:/i.test(range) ? `${name}@npm:${range}` : `${name}@${range}`);
  for (const entry of entries) {
    const id = idOf.get(entry);
    if (!id) continue;
    const pkg = packages.get(id) as LockedPackage;
    for (const [name, range] of Object.entries(entry.dependencies)) {
      const target = byDescriptor.get(descriptorOf(name, range));
      const targetId = target ? idOf.get(target) : undefined;
      if (targetId && !pkg.dependencies.includes(targetId)) pkg.dependencies.push(targetId);
    }
  }
  const importers = new Map<string, Importer>();
  for (const entry of entries) {
    if (entry.workspace === undefined) continue;
    const direct = new Map<string, LockedDirect>();
    for (const [name, range] of Object.entries(entry.dependencies)) {
      direct.set(name, { name, kind: 'prod', spec: range.replace(/^npm:(?=[^@]*$)/, ''), ...resolved(name, range) });
    }
    importers.set(entry.workspace, { dir: entry.workspace, direct });
  }
  function resolved(name: string, range: string): Partial<LockedDirect> {
    if (/^(workspace|link|portal|file):/.test(range)) return { local: true };
    const target = byDescriptor.get(descriptorOf(name, range));
    if (!target) return {};
    if (target.workspace !== undefined) return { local: true };
    const id = idOf.get(target);
    return id ? { id, version: target.version } : {};
  }
  return {
    manager: berry ? 'yarn-berry' : 'yarn-classic',
    path,
    version,
    packages,
    importers,
    recordsSpecs: berry,
    resolveDirect(dir, name, spec) {
      const recorded = importers.get(dir)?.direct.get(name);
      const where = resolved(name, spec);
      // Berry records each workspace's ranges: a changed range shows as the range the lockfile was written for.
      if (!where.id && !where.local) return recorded?.id || recorded?.local ? recorded : undefined;
      return { name, kind: recorded?.kind ?? 'prod', ...(recorded?.spec ? { spec: recorded.spec } : {}), ...where };
    },
  };
}
