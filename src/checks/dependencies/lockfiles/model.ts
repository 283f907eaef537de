import type { PackageManager } from '../model.js';

export type DependencyKind = 'prod' | 'dev' | 'optional' | 'peer';

/** One installed package of a lockfile. */
export interface LockedPackage {
  /** Unique within the lockfile (an install path for npm, `name@version` for the others). */
  id: string;
  name: string;
  version: string;
  /** What the lockfile itself says (npm and older pnpm record it); undefined when it does not say. */
  dev?: boolean;
  /** Ids of the packages it depends on, resolved as the package manager resolves them. */
  dependencies: string[];
}

/** A direct dependency of a project or workspace, as the lockfile records it. */
export interface LockedDirect {
  name: string;
  kind: DependencyKind;
  /** The range the lockfile recorded from package.json, when the format records it (npm 7+, pnpm, Yarn Berry). */
  spec?: string;
  /** The installed package; undefined when the lockfile has no entry for it. */
  id?: string;
  version?: string;
  /** Resolved to a workspace or a local directory (`link:`, `file:`, `workspace:`): no registry version. */
  local?: boolean;
}

/** A project or workspace of the lockfile: `''` for the lockfile's own directory, else a relative directory. */
export interface Importer {
  dir: string;
  direct: Map<string, LockedDirect>;
}

export interface Lockfile {
  manager: PackageManager;
  /** Repository-relative path of the lockfile. */
  path: string;
  /** e.g. `3` for package-lock v3, `9.0` for pnpm, `1` for Yarn classic, `8` for Yarn Berry metadata. */
  version: string;
  packages: Map<string, LockedPackage>;
  /** Importers the lockfile records (npm 7+, pnpm, Yarn Berry). Yarn 1 and npm v1 record none. */
  importers: Map<string, Importer>;
  /**
   * The installed package for a direct dependency `name` with range `spec` of the workspace in `dir`,
   * looked up as the package manager does. Undefined when the lockfile has no entry.
   */
  resolveDirect(dir: string, name: string, spec: string): LockedDirect | undefined;
  /** True when the lockfile records the ranges of package.json (so a changed range is a change). */
  recordsSpecs: boolean;
  /** pnpm: the catalog entries the lockfile was written for, by catalog name and package. */
  catalogs?: Map<string, Map<string, { specifier: string; version?: string }>>;
  /** pnpm: the overrides the lockfile was written with, by package name. */
  overrides?: Map<string, string>;
}

export class LockfileError extends Error {
  override name = 'LockfileError';
}

export const LOCKFILE_NAMES: Record<string, PackageManager> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn-classic',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

/** Strips peer-dependency suffixes pnpm adds to versions: `1.2.3(react@18.2.0)`, `1.2.3_react@18.2.0`. */
export function bareVersion(version: string): string {
  const paren = version.indexOf('(');
  let v = paren === -1 ? version : version.slice(0, paren);
  const underscore = v.indexOf('_');
  if (underscore !== -1 && /^\d/.test(v)) v = v.slice(0, underscore);
  return v;
}

/** `@scope/name@1.2.3` → name and the rest (`@` splits after the scope). */
export function splitNameAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}
