import type { CheckContext } from '../../core/check.js';
import { GitError } from '../../sources/git.js';
import { isObject } from './formats/shape.js';
import { installedVersions } from './lockfiles/graph.js';
import { parseLockfile } from './lockfiles/index.js';
import { MANIFEST_FIELDS, type Manifest } from './manifest.js';
import type { Project } from './project.js';

/** What the PR's base commit had: installed versions per package, and each package.json's dependencies. */
export interface BaseState {
  /** The base commit, resolved. */
  commit: string;
  /** Per project (by lockfile path): versions at base; an empty map when the lockfile is new in the PR. */
  versions: Map<string, Map<string, Set<string>>>;
  /** Per package.json path: dependency names at base; undefined when the file is new. */
  manifests: Map<string, Set<string> | undefined>;
}

function missingAtBase(error: unknown): boolean {
  return error instanceof GitError && /does not exist|exists on disk, but not in|path .* does not exist|invalid object name|bad revision/i.test(error.stderr);
}

async function showAtBase(ctx: CheckContext, commit: string, path: string): Promise<string | undefined> {
  try {
    return await (ctx.git as NonNullable<CheckContext['git']>).text(['show', `${commit}:./${path}`]);
  } catch (error) {
    if (missingAtBase(error)) return undefined;
    throw error;
  }
}

/**
 * Reads the lockfiles and package.json files at the PR's base with `git show`, so that the PR's own
 * additions can be told from what was already there, from one audit report and the lockfile diff.
 * A string when the base cannot be read (a shallow clone without it).
 */
export async function readBase(ctx: CheckContext, projects: readonly Project[], manifests: readonly Manifest[]): Promise<BaseState | string | undefined> {
  const base = ctx.scope.kind === 'pr' ? ctx.scope.base : undefined;
  if (!base) return undefined;
  if (!ctx.git) return 'the scan is not inside a git repository, so the PR base cannot be read';
  const commit = await ctx.git.resolve(base);
  if (!commit) return `the PR base ${base.slice(0, 12)} is not in this clone (check out with \`fetch-depth: 0\`)`;
  // Only files the PR changed (or git does not track) need reading at the base; the others were the same.
  const changed = new Set((await ctx.git.text(['diff', '--relative', '--name-only', '-z', '--no-renames', commit, '--'])).split('\0').filter(Boolean));
  for (const entry of ctx.files) if (!entry.tracked) changed.add(entry.path);
  const versions = new Map<string, Map<string, Set<string>>>();
  for (const project of projects) {
    if (!changed.has(project.lockfilePath)) {
      if (project.lockfile) versions.set(project.lockfilePath, installedVersions(project.lockfile));
      continue;
    }
    const text = await showAtBase(ctx, commit, project.lockfilePath);
    if (text === undefined) {
      versions.set(project.lockfilePath, new Map());
      continue;
    }
    try {
      versions.set(project.lockfilePath, installedVersions(parseLockfile(project.lockfilePath, text)));
    } catch (error) {
      return `${project.lockfilePath} at the PR base cannot be read: ${(error as Error).message}`;
    }
  }
  const manifestDeps = new Map<string, Set<string> | undefined>();
  for (const m of manifests) {
    if (!changed.has(m.path)) {
      manifestDeps.set(m.path, new Set(m.dependencies.filter((d) => d.kind !== 'peer').map((d) => d.name)));
      continue;
    }
    const text = await showAtBase(ctx, commit, m.path);
    if (text === undefined) {
      manifestDeps.set(m.path, undefined);
      continue;
    }
    const names = new Set<string>();
    try {
      const data: unknown = JSON.parse(text);
      if (isObject(data)) {
        for (const [field, kind] of MANIFEST_FIELDS) {
          const deps = data[field];
          if (kind !== 'peer' && isObject(deps)) for (const name of Object.keys(deps)) names.add(name);
        }
      }
    } catch {
      // A package.json that did not parse at base declared nothing usable: everything in it is new.
    }
    manifestDeps.set(m.path, names);
  }
  return { commit, versions, manifests: manifestDeps };
}
