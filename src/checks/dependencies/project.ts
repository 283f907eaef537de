import picomatch from 'picomatch';
import type { CheckContext } from '../../core/check.js';
import { isLockfileName, parseLockfile, LockfileError } from './lockfiles/index.js';
import { LOCKFILE_NAMES, type Lockfile } from './lockfiles/model.js';
import { dirOf, installed, joinPath, parseManifest, type Manifest } from './manifest.js';
import type { PackageManager } from './model.js';
import { parsePnpmWorkspace, type PnpmWorkspace } from './pnpm-workspace.js';
import { readRepoFile } from './read.js';

/** A lockfile with the package.json files it covers (its own directory and its workspaces). */
export interface Project {
  /** Directory of the lockfile, '' at the root. */
  dir: string;
  lockfilePath: string;
  lockfile?: Lockfile;
  /** Why the lockfile could not be read. */
  lockfileProblem?: string;
  /** A binary lockfile (`bun.lockb`): present, but not read, so its sync with package.json is not known. */
  binaryLockfile?: boolean;
  lockfileMtimeMs?: number;
  manifests: Manifest[];
  /** Names of the workspace packages, which resolve locally rather than from a registry. */
  workspaceNames: Set<string>;
  /** Versions the workspace forces beyond package.json (`overrides` of pnpm-workspace.yaml and of the lockfile). */
  overrides?: Map<string, string>;
  /** pnpm catalogs of the workspace (`catalog:` specifiers), by catalog name. */
  catalogs?: Map<string, Map<string, string>>;
}

/** A lockfile inside a member of another project's workspace: the workspace's lockfile is the one installs use. */
export interface NestedLockfile {
  project: Project;
  authority: Project;
}

export interface Discovery {
  projects: Project[];
  /** package.json files that install dependencies and have no lockfile. */
  orphans: Manifest[];
  manifests: Manifest[];
  /** package.json files that could not be parsed, with why. */
  broken: { path: string; problem: string }[];
  /** Lockfiles of workspace members that the workspace's own lockfile overrides. */
  nested: NestedLockfile[];
}

const LOCKFILE_PRIORITY: Record<string, number> = { 'npm-shrinkwrap.json': 0, 'pnpm-lock.yaml': 1, 'yarn.lock': 2, 'bun.lock': 3, 'bun.lockb': 4, 'package-lock.json': 5 };
const MANAGER_OF_FIELD: Record<string, string> = { npm: 'npm-shrinkwrap.json|package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock', bun: 'bun.lock|bun.lockb' };

function inNodeModules(path: string): boolean {
  return path.startsWith('node_modules/') || path.includes('/node_modules/');
}

function relativeTo(dir: string, path: string): string | undefined {
  if (!dir) return path;
  return path === dir ? '' : path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

function workspaceMatcher(patterns: readonly string[]): (dir: string) => boolean {
  const positive = patterns.filter((p) => !p.startsWith('!')).map((p) => picomatch(p.replace(/^\.\//, '').replace(/\/$/, ''), { dot: true }));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => picomatch(p.slice(1).replace(/^\.\//, '').replace(/\/$/, ''), { dot: true }));
  return (dir) => positive.some((m) => m(dir)) && !negative.some((m) => m(dir));
}

/** Finds every package.json and lockfile of the scan and pairs them, as the package managers would. */
export async function discoverProjects(ctx: CheckContext): Promise<Discovery> {
  const manifestPaths: string[] = [];
  const lockfilesByDir = new Map<string, string[]>();
  const workspaceFiles = new Set<string>();
  for (const entry of ctx.files) {
    if (entry.kind !== 'file' || inNodeModules(entry.path) || ctx.isIgnored(entry.path)) continue;
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    if (base === 'package.json') manifestPaths.push(entry.path);
    else if (isLockfileName(entry.path)) {
      const dir = dirOf(entry.path);
      lockfilesByDir.set(dir, [...(lockfilesByDir.get(dir) ?? []), entry.path]);
    } else if (base === 'pnpm-workspace.yaml') workspaceFiles.add(dirOf(entry.path));
  }

  const manifests: Manifest[] = [];
  const broken: { path: string; problem: string }[] = [];
  await Promise.all(
    manifestPaths.map(async (path) => {
      const file = await ctx.readText(path);
      if (!file) return;
      const parsed = parseManifest(file);
      if (typeof parsed === 'string') broken.push({ path, problem: parsed });
      else manifests.push(parsed);
    }),
  );
  manifests.sort((a, b) => (a.path < b.path ? -1 : 1));
  const manifestByDir = new Map(manifests.map((m) => [m.dir, m]));

  const pnpmWorkspaces = new Map<string, PnpmWorkspace>();
  for (const dir of workspaceFiles) {
    const config = parsePnpmWorkspace((await ctx.readText(joinPath(dir, 'pnpm-workspace.yaml')))?.text);
    // `shared-workspace-lockfile=false` in the workspace's .npmrc: each member keeps its own lockfile.
    const npmrc = (await ctx.readText(joinPath(dir, '.npmrc')))?.text ?? '';
    if (/^\s*shared-workspace-lockfile\s*=\s*false\s*$/m.test(npmrc)) config.sharedLockfile = false;
    pnpmWorkspaces.set(dir, config);
  }

  const projects = new Map<string, Project>();
  for (const [dir, paths] of lockfilesByDir) {
    const manifest = manifestByDir.get(dir);
    const declared = manifest?.packageManager?.split('@')[0];
    const preferred = declared ? MANAGER_OF_FIELD[declared]?.split('|') : undefined;
    const sorted = [...paths].sort((a, b) => {
      const an = a.slice(a.lastIndexOf('/') + 1);
      const bn = b.slice(b.lastIndexOf('/') + 1);
      const ap = preferred?.includes(an) ? -1 : (LOCKFILE_PRIORITY[an] ?? 9);
      const bp = preferred?.includes(bn) ? -1 : (LOCKFILE_PRIORITY[bn] ?? 9);
      return ap - bp;
    });
    const lockfilePath = sorted[0] as string;
    const pnpm = pnpmWorkspaces.get(dir);
    const project: Project = { dir, lockfilePath, manifests: [], workspaceNames: new Set(), overrides: new Map(pnpm?.overrides), catalogs: pnpm?.catalogs ?? new Map() };
    const read = lockfilePath.endsWith('.lockb') ? undefined : await readRepoFile(ctx, lockfilePath);
    if (!read) project.binaryLockfile = true;
    else if ('problem' in read) project.lockfileProblem = read.problem;
    else {
      project.lockfileMtimeMs = read.mtimeMs;
      try {
        project.lockfile = parseLockfile(lockfilePath, read.file.text);
      } catch (error) {
        project.lockfileProblem = error instanceof LockfileError ? error.message : `${lockfilePath}: ${(error as Error).message}`;
      }
    }
    for (const [name, version] of project.lockfile?.overrides ?? []) if (!project.overrides?.has(name)) project.overrides?.set(name, version);
    projects.set(dir, project);
  }

  // A lockfile inside a member of a workspace above it is not the one installs use (unless pnpm keeps one per member).
  const nested: NestedLockfile[] = [];
  for (const project of [...projects.values()]) {
    const authority = workspaceAbove(project.dir, projects, manifestByDir, pnpmWorkspaces);
    if (!authority) continue;
    projects.delete(project.dir);
    nested.push({ project, authority });
  }

  const orphans: Manifest[] = [];
  for (const manifest of manifests) {
    const project = projects.get(manifest.dir) ?? workspaceAbove(manifest.dir, projects, manifestByDir, pnpmWorkspaces);
    const vestigial = nested.find((n) => n.project.dir === manifest.dir);
    if (vestigial) vestigial.project.manifests.push(manifest);
    if (project) project.manifests.push(manifest);
    else if (installed(manifest).length > 0) orphans.push(manifest);
  }
  for (const project of projects.values()) {
    for (const m of project.manifests) if (m.name && m.dir !== project.dir) project.workspaceNames.add(m.name);
  }
  const byDir = (a: { dir: string }, b: { dir: string }) => (a.dir < b.dir ? -1 : 1);
  return { projects: [...projects.values()].sort(byDir), orphans, manifests, broken, nested: nested.sort((a, b) => byDir(a.project, b.project)) };
}

/** The project of a workspace root above `dir` whose workspace includes it (by its lockfile's importers or its globs). */
function workspaceAbove(dir: string, projects: Map<string, Project>, manifests: Map<string, Manifest>, pnpmWorkspaces: Map<string, PnpmWorkspace>): Project | undefined {
  let up = dir;
  while (up) {
    up = dirOf(up);
    const project = projects.get(up);
    if (!project) continue;
    const rel = relativeTo(up, dir);
    if (rel === undefined) continue;
    const pnpm = pnpmWorkspaces.get(up);
    if (pnpm && !pnpm.sharedLockfile && managerOf(project) === 'pnpm') continue;
    if (project.lockfile?.importers.has(rel)) return project;
    const patterns = [...(manifests.get(up)?.workspaces ?? []), ...(pnpm?.packages ?? [])];
    if (patterns.length && workspaceMatcher(patterns)(rel)) return project;
  }
  return undefined;
}

export function managerOf(project: Project): PackageManager {
  if (project.lockfile) return project.lockfile.manager;
  const base = project.lockfilePath.slice(project.lockfilePath.lastIndexOf('/') + 1);
  return LOCKFILE_NAMES[base] ?? 'npm';
}

/** A manifest's directory relative to its project's lockfile ('' for the project's own package.json). */
export function workspaceDir(project: Project, manifest: Manifest): string {
  return relativeTo(project.dir, manifest.dir) ?? '';
}
