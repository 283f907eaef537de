import { isObject, type JsonObject } from '../formats/shape.js';
import { LockfileError, type DependencyKind, type Importer, type LockedDirect, type LockedPackage, type Lockfile } from './model.js';

const DEP_FIELDS: [string, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
];

function names(entry: JsonObject, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const deps = entry[f];
    if (isObject(deps)) out.push(...Object.keys(deps));
  }
  return out;
}

function nameFromPath(key: string): string {
  const at = key.lastIndexOf('node_modules/');
  return at === -1 ? key : key.slice(at + 'node_modules/'.length);
}

/** package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. */
export function parseNpmLock(path: string, text: string): Lockfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LockfileError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw new LockfileError(`${path} is not a package-lock object`);
  const version = data.lockfileVersion;
  if (typeof version !== 'number') throw new LockfileError(`${path} has no lockfileVersion`);
  if (isObject(data.packages)) return parseV2(path, version, data.packages);
  if (version === 1 || isObject(data.dependencies)) return parseV1(path, version, isObject(data.dependencies) ? data.dependencies : {});
  throw new LockfileError(`${path}: lockfileVersion ${version} without a "packages" map is not a lockfile this check reads`);
}

function parseV2(path: string, version: number, entries: JsonObject): Lockfile {
  const packages = new Map<string, LockedPackage>();
  const links = new Map<string, string>();
  for (const [key, raw] of Object.entries(entries)) {
    if (!isObject(raw) || key === '') continue;
    if (raw.link === true && typeof raw.resolved === 'string') {
      links.set(key, raw.resolved);
      continue;
    }
    if (!key.includes('node_modules/')) continue; // workspace folders: importers, below
    const name = typeof raw.name === 'string' ? raw.name : nameFromPath(key);
    packages.set(key, { id: key, name, version: typeof raw.version === 'string' ? raw.version : '', ...(typeof raw.dev === 'boolean' ? { dev: raw.dev } : {}), dependencies: [] });
  }
  // Node's resolution: the nearest node_modules up from the dependent.
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (packages.has(candidate) || links.has(candidate)) return candidate;
      if (!base) return undefined;
      // Up to the enclosing node_modules; from a top-level package or a workspace folder, the root.
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  for (const pkg of packages.values()) {
    const raw = entries[pkg.id] as JsonObject;
    for (const dep of names(raw, ['dependencies', 'optionalDependencies', 'peerDependencies'])) {
      const target = resolve(pkg.id, dep);
      if (target && packages.has(target)) pkg.dependencies.push(target);
    }
  }
  const importers = new Map<string, Importer>();
  for (const [key, raw] of Object.entries(entries)) {
    if (!isObject(raw) || key.includes('node_modules/')) continue;
    if (raw.link === true) continue;
    const direct = new Map<string, LockedDirect>();
    for (const [field, kind] of DEP_FIELDS) {
      const deps = raw[field];
      if (!isObject(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        if (direct.has(name) && kind === 'peer') continue;
        direct.set(name, { name, kind, ...(typeof spec === 'string' ? { spec } : {}), ...located(key, name) });
      }
    }
    importers.set(key, { dir: key, direct });
  }
  function located(dir: string, name: string): Partial<LockedDirect> {
    const target = resolve(dir, name);
    if (!target) return {};
    const link = links.get(target);
    if (link !== undefined) {
      const ws = entries[link];
      return { id: target, local: true, ...(isObject(ws) && typeof ws.version === 'string' ? { version: ws.version } : {}) };
    }
    const pkg = packages.get(target);
    return pkg ? { id: target, version: pkg.version } : {};
  }
  return {
    manager: 'npm',
    path,
    version: String(version),
    packages,
    importers,
    recordsSpecs: true,
    resolveDirect(dir, name) {
      const known = importers.get(dir)?.direct.get(name);
      if (known) return known;
      const where = located(dir, name);
      return where.id ? { name, kind: 'prod', ...where } : undefined;
    },
  };
}

function parseV1(path: string, version: number, root: JsonObject): Lockfile {
  const packages = new Map<string, LockedPackage>();
  // Entries are nested: `a` at the top, `a/b` inside a's own dependencies. Ids are those paths.
  const requiresOf = new Map<string, string[]>();
  const walk = (deps: JsonObject, prefix: string) => {
    for (const [name, raw] of Object.entries(deps)) {
      if (!isObject(raw)) continue;
      const id = prefix ? `${prefix}/${name}` : name;
      const v = typeof raw.version === 'string' ? raw.version : '';
      packages.set(id, { id, name, version: v.startsWith('npm:') ? v.slice(v.lastIndexOf('@') + 1) : v, ...(typeof raw.dev === 'boolean' ? { dev: raw.dev } : {}), dependencies: [] });
      requiresOf.set(id, isObject(raw.requires) ? Object.keys(raw.requires) : []);
      if (isObject(raw.dependencies)) walk(raw.dependencies, id);
    }
  };
  walk(root, '');
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = base ? `${base}/${name}` : name;
      if (packages.has(candidate)) return candidate;
      if (!base) return undefined;
      // Up one level of nesting; scoped names contain a slash of their own.
      base = parentId(base, packages);
    }
  };
  for (const pkg of packages.values()) {
    for (const dep of requiresOf.get(pkg.id) ?? []) {
      const target = resolve(pkg.id, dep);
      if (target) pkg.dependencies.push(target);
    }
  }
  return {
    manager: 'npm',
    path,
    version: String(version),
    packages,
    importers: new Map(),
    recordsSpecs: false,
    resolveDirect(dir, name) {
      if (dir !== '') return undefined;
      const pkg = packages.get(name);
      return pkg ? { name, kind: pkg.dev ? 'dev' : 'prod', id: pkg.id, version: pkg.version } : undefined;
    },
  };
}

/** The id of the entry that nests `id` (`a/@s/b` → `a`), or '' at the top. */
function parentId(id: string, packages: Map<string, LockedPackage>): string {
  const own = packages.get(id);
  if (!own) return '';
  const prefix = id.slice(0, id.length - own.name.length - 1);
  return prefix.length > 0 ? prefix : '';
}
