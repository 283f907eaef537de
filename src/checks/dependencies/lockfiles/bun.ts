import { isObject, type JsonObject } from '../formats/shape.js';
import { forcedVersions } from '../manifest.js';
import { LockfileError, type DependencyKind, type Importer, type LockedDirect, type LockedPackage, type Lockfile } from './model.js';

const FIELDS: [string, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** bun.lock is JSON with trailing commas after the last member of objects and arrays. */
export function withoutTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += ch;
  }
  return out;
}

/** `name@version` (scoped or not) of a package entry, or of a workspace (`name@workspace:dir`). */
function resolution(entry: unknown): { name: string; version: string } | undefined {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return undefined;
  const spec = entry[0];
  const at = spec.indexOf('@', 1);
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : undefined;
}

function metaOf(entry: unknown): JsonObject {
  if (!Array.isArray(entry)) return {};
  return (entry.find((part, i) => i > 0 && isObject(part)) as JsonObject | undefined) ?? {};
}

/** The package names of a key (`a/@s/b/c` → a, @s/b, c). */
function namesOf(key: string): string[] {
  const out: string[] = [];
  const parts = key.split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith('@') && i + 1 < parts.length) out.push(`${part}/${parts[++i]}`);
    else out.push(part);
  }
  return out;
}

/** The key a dependency of `from` resolves to: nested under it, under each of its parents, then hoisted. */
function resolveKey(packages: JsonObject, from: string, name: string): string | undefined {
  const chain = from ? namesOf(from) : [];
  for (let n = chain.length; n >= 0; n--) {
    const candidate = [...chain.slice(0, n), name].join('/');
    if (candidate in packages) return candidate;
  }
  return undefined;
}

/** bun.lock (the text lockfile of Bun 1.1.39 and later): workspaces with their ranges, and every package. */
export function parseBunLock(path: string, text: string): Lockfile {
  let data: unknown;
  try {
    data = JSON.parse(withoutTrailingCommas(text));
  } catch (error) {
    throw new LockfileError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data) || !isObject(data.workspaces) || !isObject(data.packages)) throw new LockfileError(`${path} is not a bun lockfile (no "workspaces" and "packages")`);
  const entries = data.packages;
  const packages = new Map<string, LockedPackage>();
  const workspaceKeys = new Set<string>();
  for (const [key, entry] of Object.entries(entries)) {
    const r = resolution(entry);
    if (!r) continue;
    if (r.version.startsWith('workspace:')) {
      workspaceKeys.add(key);
      continue;
    }
    packages.set(key, { id: key, name: r.name, version: r.version, dependencies: [] });
  }
  for (const [key, pkg] of packages) {
    const meta = metaOf(entries[key]);
    for (const field of ['dependencies', 'optionalDependencies']) {
      const deps = meta[field];
      if (!isObject(deps)) continue;
      for (const name of Object.keys(deps)) {
        const target = resolveKey(entries, key, name);
        if (target && packages.has(target) && !pkg.dependencies.includes(target)) pkg.dependencies.push(target);
      }
    }
  }

  const importers = new Map<string, Importer>();
  for (const [dir, raw] of Object.entries(data.workspaces)) {
    if (!isObject(raw)) continue;
    const own = typeof raw.name === 'string' ? raw.name : '';
    const direct = new Map<string, LockedDirect>();
    for (const [field, kind] of FIELDS) {
      const deps = raw[field];
      if (!isObject(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        if (typeof spec !== 'string') continue;
        // A workspace's own copies sit under its name; the rest are hoisted.
        const key = (dir && own ? resolveKey(entries, own, name) : undefined) ?? resolveKey(entries, '', name);
        const pkg = key ? packages.get(key) : undefined;
        const local = /^(workspace|link|file):/.test(spec) || (key !== undefined && workspaceKeys.has(key));
        direct.set(name, { name, kind, spec, ...(pkg ? { id: pkg.id, version: pkg.version } : {}), ...(local ? { local: true } : {}) });
      }
    }
    importers.set(dir, { dir, direct });
  }
  return {
    manager: 'bun',
    path,
    version: String(data.lockfileVersion ?? ''),
    packages,
    importers,
    recordsSpecs: true,
    overrides: forcedVersions(data.overrides),
    resolveDirect: (dir, name) => importers.get(dir)?.direct.get(name),
  };
}
