import type { SourceFile } from '../../sources/source-file.js';
import { isObject } from './formats/shape.js';
import { jsonKeyOffsets } from './json-keys.js';
import type { DependencyKind } from './lockfiles/model.js';

export const MANIFEST_FIELDS: [string, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

export interface ManifestDependency {
  name: string;
  spec: string;
  kind: DependencyKind;
  /** Where the dependency's key is written. */
  line: number;
  column: number;
  endColumn: number;
}

/** A package.json, with the line of every dependency. */
export interface Manifest {
  path: string;
  /** Directory of the package.json, '' at the root. */
  dir: string;
  name?: string;
  dependencies: ManifestDependency[];
  /** Workspace globs (`workspaces` as a list or `{packages}`). */
  workspaces: string[];
  /** The `packageManager` field (`pnpm@9.1.0`), when present. */
  packageManager?: string;
  /** Line of each top-level key that holds dependencies (`dependencies`, `devDependencies`, …). */
  fieldLines: Record<string, number>;
  /**
   * Packages whose version the manifest forces for the whole tree (Yarn `resolutions`, npm `overrides`,
   * pnpm `pnpm.overrides`), by package name: the lockfile records the forced version, not the declared range.
   */
  overrides: Map<string, string>;
  file: SourceFile;
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function joinPath(dir: string, rest: string): string {
  return dir ? `${dir}/${rest}` : rest;
}

/** Parses a package.json; a message when it is not valid JSON or not an object. */
export function parseManifest(file: SourceFile): Manifest | string {
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (error) {
    return `${file.path} is not valid JSON (${(error as Error).message})`;
  }
  if (!isObject(data)) return `${file.path} is not a JSON object`;
  const offsets = jsonKeyOffsets(file.text, 2);
  const dependencies: ManifestDependency[] = [];
  const fieldLines: Record<string, number> = {};
  for (const [field, kind] of MANIFEST_FIELDS) {
    const deps = data[field];
    if (!isObject(deps)) continue;
    const fieldAt = offsets.get(field);
    if (fieldAt !== undefined) fieldLines[field] = file.position(fieldAt).line;
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string') continue;
      const at = offsets.get(`${field}\0${name}`) ?? offsets.get(field) ?? 0;
      const pos = file.position(at);
      dependencies.push({ name, spec, kind, line: pos.line, column: pos.column, endColumn: pos.column + JSON.stringify(name).length });
    }
  }
  const ws = data.workspaces;
  const workspaces = Array.isArray(ws) ? ws : isObject(ws) && Array.isArray(ws.packages) ? ws.packages : [];
  return {
    path: file.path,
    dir: dirOf(file.path),
    ...(typeof data.name === 'string' ? { name: data.name } : {}),
    dependencies,
    workspaces: workspaces.filter((w): w is string => typeof w === 'string'),
    ...(typeof data.packageManager === 'string' ? { packageManager: data.packageManager } : {}),
    fieldLines,
    overrides: overridesOf(data),
    file,
  };
}

/**
 * The package a resolution key targets (`foo`, `@s/foo`, `foo@npm:1.0.0`, `parent/foo`, a glob path): its
 * name. pnpm's `parent>child` keys force the child only under that parent, never a direct dependency.
 */
function targetOf(key: string): string | undefined {
  if (key.includes('>')) return undefined;
  const parts = key.split('/');
  let i = parts.length - 1;
  if (i > 0 && (parts[i - 1] as string).startsWith('@')) i--;
  const last = parts.slice(i).join('/');
  const at = last.indexOf('@', 1);
  const name = at === -1 ? last : last.slice(0, at);
  return /^(?:@[\w.-]+\/)?[\w.-]+$/.test(name) ? name : undefined;
}

/** Packages a resolutions or overrides map forces, by name. */
export function forcedVersions(...maps: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (map: unknown) => {
    if (!isObject(map)) return;
    for (const [key, value] of Object.entries(map)) {
      const name = targetOf(key);
      if (name && typeof value === 'string') out.set(name, value);
      else if (name && isObject(value)) {
        // npm: { "foo": { ".": "1.0.0", "bar": "2.0.0" } } forces foo, and bar under foo.
        if (typeof value['.'] === 'string') out.set(name, value['.']);
        add(Object.fromEntries(Object.entries(value).filter(([k]) => k !== '.')));
      }
    }
  };
  for (const map of maps) add(map);
  return out;
}

function overridesOf(data: Record<string, unknown>): Map<string, string> {
  return forcedVersions(data.resolutions, data.overrides, isObject(data.pnpm) ? data.pnpm.overrides : undefined);
}

/** The dependencies a lockfile must cover: everything but peers. */
export function installed(manifest: Manifest): ManifestDependency[] {
  return manifest.dependencies.filter((d) => d.kind !== 'peer');
}

/** How a dependency is declared, for dev/prod: dev only when it is in devDependencies and nowhere else. */
export function declaredKind(manifest: Manifest, name: string): DependencyKind | undefined {
  const kinds = manifest.dependencies.filter((d) => d.name === name).map((d) => d.kind);
  if (!kinds.length) return undefined;
  if (kinds.includes('prod')) return 'prod';
  if (kinds.includes('optional')) return 'optional';
  if (kinds.includes('dev')) return 'dev';
  return 'peer';
}
