import { parse } from 'yaml';
import { isObject, type JsonObject } from '../formats/shape.js';
import { forcedVersions } from '../manifest.js';
import { LockfileError, bareVersion, splitNameAt, type DependencyKind, type Importer, type LockedDirect, type LockedPackage, type Lockfile } from './model.js';

const IMPORTER_FIELDS: [string, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** A package key of any lockfile version → name and version: `/qs/6.10.2` (v5), `/qs@6.10.2` (v6), `qs@6.10.2` (v9). */
export function parsePnpmKey(key: string, major: number): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  if (major < 6) {
    // v5: [registry/]name/version[_peers]
    const slash = k.lastIndexOf('/');
    if (slash <= 0) return undefined;
    const version = bareVersion(k.slice(slash + 1));
    const segments = k.slice(0, slash).split('/');
    const scope = segments[segments.length - 2];
    const name = scope?.startsWith('@') ? segments.slice(-2).join('/') : (segments[segments.length - 1] as string);
    return /^\d/.test(version) ? { name, version } : undefined;
  }
  const paren = k.indexOf('(');
  if (paren !== -1) k = k.slice(0, paren);
  const split = splitNameAt(k);
  if (!split || !/^\d/.test(split.rest)) return undefined;
  return { name: split.name, version: bareVersion(split.rest) };
}

/** pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x. */
export function parsePnpmLock(path: string, text: string): Lockfile {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 1000, logLevel: 'error' });
  } catch (error) {
    throw new LockfileError(`${path} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!isObject(data)) throw new LockfileError(`${path} is not a pnpm lockfile`);
  const rawVersion = data.lockfileVersion;
  if (rawVersion === undefined) throw new LockfileError(`${path} has no lockfileVersion`);
  const version = String(rawVersion);
  const major = Number.parseInt(version, 10);
  if (!Number.isFinite(major)) throw new LockfileError(`${path}: lockfileVersion ${version} is not a number`);

  const packages = new Map<string, LockedPackage>();
  const refs = new Map<string, JsonObject>();
  const sources = isObject(data.snapshots) ? data.snapshots : isObject(data.packages) ? data.packages : {};
  const meta = isObject(data.packages) ? data.packages : {};
  for (const [key, raw] of Object.entries(sources)) {
    const parsed = parsePnpmKey(key, major);
    if (!parsed) continue;
    const id = `${parsed.name}@${parsed.version}`;
    const info = isObject(raw) ? raw : {};
    const metaInfo = (isObject(meta[key]) ? meta[key] : info) as JsonObject;
    const known = packages.get(id);
    if (!known) packages.set(id, { id, name: parsed.name, version: parsed.version, ...(typeof metaInfo.dev === 'boolean' ? { dev: metaInfo.dev } : {}), dependencies: [] });
    refs.set(key, info);
  }
  const refToId = (name: string, ref: unknown): string | undefined => {
    if (typeof ref !== 'string' || ref.startsWith('link:') || ref.startsWith('file:')) return undefined;
    if (ref.startsWith('/') || (!/^\d/.test(ref) && ref.includes('@'))) {
      const p = parsePnpmKey(ref, major);
      return p ? `${p.name}@${p.version}` : undefined;
    }
    return `${name}@${bareVersion(ref)}`;
  };
  for (const [key, info] of refs) {
    const parsed = parsePnpmKey(key, major) as { name: string; version: string };
    const pkg = packages.get(`${parsed.name}@${parsed.version}`) as LockedPackage;
    for (const field of ['dependencies', 'optionalDependencies']) {
      const deps = info[field];
      if (!isObject(deps)) continue;
      for (const [name, ref] of Object.entries(deps)) {
        const id = refToId(name, ref);
        if (id && packages.has(id) && !pkg.dependencies.includes(id)) pkg.dependencies.push(id);
      }
    }
  }

  const importers = new Map<string, Importer>();
  const rawImporters: [string, JsonObject][] = isObject(data.importers) ? Object.entries(data.importers).filter((e): e is [string, JsonObject] => isObject(e[1])) : [['.', data]];
  for (const [dirKey, imp] of rawImporters) {
    const dir = dirKey === '.' ? '' : dirKey.replace(/^\.\//, '');
    const specifiers = isObject(imp.specifiers) ? imp.specifiers : {};
    const direct = new Map<string, LockedDirect>();
    for (const [field, kind] of IMPORTER_FIELDS) {
      const deps = imp[field];
      if (!isObject(deps)) continue;
      for (const [name, entry] of Object.entries(deps)) {
        const spec = isObject(entry) ? entry.specifier : specifiers[name];
        const ref = isObject(entry) ? entry.version : entry;
        const local = typeof ref === 'string' && (ref.startsWith('link:') || ref.startsWith('file:'));
        const id = refToId(name, ref);
        const version = id ? splitNameAt(id)?.rest : undefined;
        direct.set(name, {
          name,
          kind,
          ...(typeof spec === 'string' ? { spec } : {}),
          ...(id && version ? { id, version } : {}),
          ...(local ? { local: true } : {}),
        });
      }
    }
    importers.set(dir, { dir, direct });
  }
  const catalogs = new Map<string, Map<string, { specifier: string; version?: string }>>();
  for (const [name, entries] of Object.entries(isObject(data.catalogs) ? data.catalogs : {})) {
    const byPackage = new Map<string, { specifier: string; version?: string }>();
    for (const [pkg, entry] of Object.entries(isObject(entries) ? entries : {})) {
      if (isObject(entry) && typeof entry.specifier === 'string') byPackage.set(pkg, { specifier: entry.specifier, ...(typeof entry.version === 'string' ? { version: entry.version } : {}) });
    }
    catalogs.set(name, byPackage);
  }
  return {
    manager: 'pnpm',
    path,
    version,
    packages,
    importers,
    recordsSpecs: true,
    catalogs,
    overrides: forcedVersions(data.overrides),
    resolveDirect: (dir, name) => importers.get(dir)?.direct.get(name),
  };
}
