import { Range, major, minVersion, satisfies, validRange } from 'semver';
import type { Location } from '../../core/finding.js';
import type { OtherProject } from './ecosystems.js';
import { LockGraph, type Root } from './lockfiles/graph.js';
import type { Lockfile } from './lockfiles/model.js';
import { declaredKind, installed, type Manifest } from './manifest.js';
import { pathDepth, pathRoot, type Fix, type PackageManager, type ParsedReport, type Vulnerability } from './model.js';
import { managerOf, workspaceDir, type Discovery, type Project } from './project.js';

/** A vulnerability placed in the repository: its paths, dev/prod, and the package.json line to annotate. */
export interface Located {
  v: Vulnerability;
  location: Location;
  /** The direct dependency that pulls the package in, when it is transitive. */
  via?: string;
  manifest?: Manifest;
  /** The package manager (`npm`, `pnpm`, …, or `uv`, `go`, `bundler`, `composer` for other ecosystems). */
  manager: PackageManager | string;
  project?: Project;
  /** The project of another ecosystem the advisory is about. */
  other?: OtherProject;
  /** The report it came from. */
  report: string;
}

const graphs = new WeakMap<Project, LockGraph>();

/** Paths kept per advisory from the lockfile graph (one per direct dependency that leads there). */
const PATH_LIMIT = 20;

/** The lockfile graph of a project, with every direct dependency of its package.json files as roots. */
export function graphOf(project: Project): LockGraph | undefined {
  const lock = project.lockfile;
  if (!lock) return undefined;
  let graph = graphs.get(project);
  if (graph) return graph;
  graph = new LockGraph(lock, rootsOf(project, lock));
  graphs.set(project, graph);
  return graph;
}

function rootsOf(project: Project, lock: Lockfile): Root[] {
  const roots: Root[] = [];
  for (const m of project.manifests) {
    const dir = workspaceDir(project, m);
    for (const d of installed(m)) {
      const r = lock.resolveDirect(dir, d.name, d.spec);
      if (r?.id) roots.push({ dir, name: d.name, kind: d.kind, id: r.id });
    }
  }
  return roots;
}

function inRange(version: string, range: string | undefined): boolean {
  if (!range || !validRange(range)) return true;
  try {
    return satisfies(version, range, { includePrerelease: true, loose: true });
  } catch {
    return true;
  }
}

/** The manifest that declares `name`, preferring a workspace, then the project's own package.json. */
function declaring(manifests: readonly Manifest[], name: string, workspace: string | undefined, project: Project | undefined): Manifest | undefined {
  const installing = manifests.filter((m) => m.dependencies.some((d) => d.name === name && d.kind !== 'peer'));
  const candidates = installing.length ? installing : manifests.filter((m) => m.dependencies.some((d) => d.name === name));
  if (!candidates.length) return undefined;
  if (workspace !== undefined && project) {
    const exact = candidates.find((m) => workspaceDir(project, m) === workspace);
    if (exact) return exact;
  }
  const rootDir = project?.dir ?? '';
  return candidates.find((m) => m.dir === rootDir) ?? candidates[0];
}

/** `packages/web/node_modules/x` → `packages/web`; hoisted `node_modules/x` → undefined. */
function workspaceOfNode(node: string): string | undefined {
  if (node.startsWith('node_modules/')) return undefined;
  const at = node.indexOf('/node_modules/');
  return at > 0 ? node.slice(0, at) : undefined;
}

/** `<2.0.0` or `>=1.0.0 <2.0.0` → `>=2.0.0`: the first version out of a range with one upper bound. */
function patchedFromVulnerable(range: string | undefined): string | undefined {
  if (!range || range.includes('||')) return undefined;
  try {
    const parsed = new Range(range);
    const upper = parsed.set[0]?.filter((c) => c.operator === '<');
    return parsed.set.length === 1 && upper?.length === 1 ? `>=${upper[0]?.semver.version}` : undefined;
  } catch {
    return undefined;
  }
}

export function inferFix(v: Vulnerability): Fix {
  const patched = v.advisory.patchedRange ?? patchedFromVulnerable(v.advisory.vulnerableRange);
  if (!patched || !validRange(patched) || /^<0\.0\.0(-0)?$/.test(patched.trim())) return { available: false };
  const target = minVersion(patched);
  if (!target) return { available: false };
  const semverMajor = v.versions.some((installedVersion) => {
    try {
      return major(installedVersion) !== major(target) || (major(target) === 0 && !satisfies(target.version, `^${installedVersion}`));
    } catch {
      return false;
    }
  });
  return { available: true, name: v.package, version: target.version, semverMajor, fromReport: false };
}

/**
 * Fills in what a format leaves out, from the lockfile and the package.json files: installed versions,
 * dependency paths (rebuilt from the lockfile graph when the report has none), direct or transitive, dev
 * or production, a fix when the report names none, and the line of the direct dependency to annotate.
 */
export function locate(report: ParsedReport, reportPath: string, reportProject: Project | undefined, discovery: Discovery, root: string): Located[] {
  const allManifests = discovery.manifests;
  const out: Located[] = [];
  for (const original of report.vulnerabilities) {
    // osv-scanner names the lockfile of each finding; the other formats are about the report's project.
    const sourced = original.source ? sourcePath(original.source, root) : undefined;
    const project = (sourced ? discovery.projects.find((p) => p.lockfilePath === sourced) : undefined) ?? reportProject;
    const manifests = project ? project.manifests : allManifests;
    const graph = project ? graphOf(project) : undefined;
    const lock = project?.lockfile;
    const manager: PackageManager = project ? managerOf(project) : managerOfFormat(report.format);
    const v: Vulnerability = { ...original, paths: [...original.paths], versions: [...original.versions] };
    if (v.ecosystem && v.ecosystem !== 'npm') {
      out.push({ v, location: { path: sourcePath(v.source, root) ?? reportPath }, manager, report: reportPath, ...(project ? { project } : {}) });
      continue;
    }

    // Installed versions: npm 7 names install locations; otherwise every copy the lockfile has in range.
    if (!v.versions.length && lock) {
      const fromNodes = (v.nodes ?? []).map((n) => lock.packages.get(n)?.version).filter((x): x is string => !!x);
      const candidates = fromNodes.length ? fromNodes : (graph?.idsOf(v.package) ?? []).map((id) => lock.packages.get(id)?.version ?? '');
      v.versions = [...new Set(candidates.filter((x) => x && inRange(x, v.advisory.vulnerableRange)))].sort();
    }

    let workspaces: (string | undefined)[] = v.pathWorkspaces ?? v.paths.map(() => undefined);
    let devPaths: (boolean | undefined)[] = v.devPaths ?? v.paths.map(() => undefined);
    if ((report.pathsUnreliable || !v.paths.length) && graph) {
      const found = graph.findPaths(v.package, v.versions.length ? new Set(v.versions) : undefined, PATH_LIMIT + 1);
      if (found.length > PATH_LIMIT) {
        found.length = PATH_LIMIT;
        v.pathsTruncated = true;
      }
      if (found.length) {
        v.paths = found.map((f) => f.names.join('>'));
        workspaces = found.map((f) => f.root.dir);
        devPaths = found.map((f) => f.root.kind === 'dev');
      }
    }
    if (!v.pathWorkspaces && v.nodes?.length && project) {
      // npm 7: a package installed only inside one workspace belongs to that workspace.
      const places = new Set(v.nodes.map(workspaceOfNode));
      const only = places.size === 1 ? [...places][0] : undefined;
      if (only !== undefined) workspaces = v.paths.map((_, i) => workspaces[i] ?? relativeDir(project.dir, only));
    }

    // Each path's direct dependency, its package.json, and dev or not from how it is declared.
    let best: { manifest: Manifest; name: string; length: number } | undefined;
    v.paths = v.paths.map((path, i) => {
      let p = path;
      let root = pathRoot(p);
      let manifest = declaring(manifests, root, workspaces[i], project);
      if (!manifest && p.includes('>')) {
        // Yarn 1 starts workspace paths with the workspace's own name.
        const ws = manifests.find((m) => m.name === root);
        if (ws) {
          p = p.slice(p.indexOf('>') + 1);
          root = pathRoot(p);
          manifest = ws.dependencies.some((d) => d.name === root) ? ws : undefined;
        }
      }
      if (manifest) {
        const kind = declaredKind(manifest, root);
        if (kind) devPaths[i] = kind === 'dev';
        const length = pathDepth(p);
        if (!best || length < best.length) best = { manifest, name: root, length };
      }
      return p;
    });
    if (v.paths.length) {
      v.devPaths = devPaths;
      v.direct = v.paths.some((p) => !p.includes('>'));
      if (devPaths.every((d) => d === true)) v.dev = true;
      else if (devPaths.some((d) => d === false)) v.dev = false;
    }
    if (v.dev === undefined && lock && v.versions.length) {
      const copies = (graph?.idsOf(v.package, new Set(v.versions)) ?? []).map((id) => lock.packages.get(id)?.dev);
      if (copies.length && copies.every((d) => d === true)) v.dev = true;
      else if (copies.some((d) => d === false)) v.dev = false;
    }
    if (!v.paths.length) {
      const own = declaring(manifests, v.package, undefined, project);
      if (own) {
        best = { manifest: own, name: v.package, length: 1 };
        v.paths = [v.package];
        v.direct = true;
        const kind = declaredKind(own, v.package);
        if (kind) v.dev = kind === 'dev';
      }
    }
    if (!v.fix) v.fix = inferFix(v);

    let location: Location;
    let manifest: Manifest | undefined;
    const chosen = best as { manifest: Manifest; name: string; length: number } | undefined;
    if (chosen) {
      manifest = chosen.manifest;
      const dep = manifest.dependencies.find((d) => d.name === chosen.name && d.kind !== 'peer') ?? manifest.dependencies.find((d) => d.name === chosen.name);
      location = dep ? { path: manifest.path, line: dep.line, column: dep.column, endLine: dep.line, endColumn: dep.endColumn } : { path: manifest.path };
    } else {
      manifest = project?.manifests.find((m) => m.dir === project.dir) ?? allManifests.find((m) => m.dir === '');
      location = { path: manifest?.path ?? reportPath };
    }
    const via = chosen && chosen.name !== v.package ? chosen.name : undefined;
    out.push({ v, location, manager, report: reportPath, ...(via ? { via } : {}), ...(manifest ? { manifest } : {}), ...(project ? { project } : {}) });
  }
  return out;
}

function relativeDir(base: string, dir: string): string {
  if (!base) return dir;
  return dir.startsWith(`${base}/`) ? dir.slice(base.length + 1) : dir;
}

function managerOfFormat(format: ParsedReport['format']): PackageManager {
  return format === 'pnpm' ? 'pnpm' : format === 'yarn-classic' ? 'yarn-classic' : format === 'yarn-berry' ? 'yarn-berry' : 'npm';
}

/** An osv-scanner source (an absolute path on the machine that ran it) as a repository path. */
export function sourcePath(source: string | undefined, root: string): string | undefined {
  if (!source) return undefined;
  const normalised = source.split('\\').join('/');
  const rootSlash = `${root.split('\\').join('/').replace(/\/$/, '')}/`;
  if (normalised.startsWith(rootSlash)) return normalised.slice(rootSlash.length);
  if (!normalised.startsWith('/') && !/^[A-Za-z]:/.test(normalised)) return normalised.replace(/^\.\//, '');
  return undefined;
}
