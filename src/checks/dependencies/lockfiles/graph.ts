import type { DependencyKind, Lockfile } from './model.js';

/** A direct dependency of a workspace, resolved to its lockfile entry: where dependency paths start. */
export interface Root {
  /** Workspace directory relative to the lockfile ('' for the lockfile's own package.json). */
  dir: string;
  name: string;
  kind: DependencyKind;
  id: string;
}

export interface FoundPath {
  /** Package names from the direct dependency down to the target. */
  names: string[];
  root: Root;
}

/**
 * The dependency graph of one lockfile, walked upwards: from every installed copy of a package to the
 * direct dependencies that pull it in.
 */
export class LockGraph {
  private readonly parents = new Map<string, string[]>();
  private readonly byName = new Map<string, string[]>();
  private readonly rootsById = new Map<string, Root[]>();

  constructor(
    readonly lock: Lockfile,
    roots: readonly Root[],
  ) {
    for (const pkg of lock.packages.values()) {
      const same = this.byName.get(pkg.name);
      if (same) same.push(pkg.id);
      else this.byName.set(pkg.name, [pkg.id]);
      for (const dep of pkg.dependencies) {
        const list = this.parents.get(dep);
        if (list) list.push(pkg.id);
        else this.parents.set(dep, [pkg.id]);
      }
    }
    for (const r of roots) this.rootsById.set(r.id, [...(this.rootsById.get(r.id) ?? []), r]);
  }

  /** Installed ids of a package, optionally only some versions. */
  idsOf(name: string, versions?: ReadonlySet<string>): string[] {
    const ids = this.byName.get(name) ?? [];
    if (!versions?.size) return ids;
    return ids.filter((id) => versions.has(this.lock.packages.get(id)?.version ?? ''));
  }

  /** The shortest path from each direct dependency that leads to the package, at most `limit`. */
  findPaths(name: string, versions?: ReadonlySet<string>, limit = 20): FoundPath[] {
    const found: FoundPath[] = [];
    // Breadth-first from the targets up; `below` links each reached id to the id under it on its path.
    const below = new Map<string, string | null>();
    let frontier: string[] = [];
    for (const id of this.idsOf(name, versions)) {
      below.set(id, null);
      frontier.push(id);
    }
    const seenRoots = new Set<Root>();
    while (frontier.length && found.length < limit) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const root of this.rootsById.get(id) ?? []) {
          if (seenRoots.has(root) || found.length >= limit) continue;
          seenRoots.add(root);
          const names: string[] = [];
          let at: string | null | undefined = id;
          while (at) {
            names.push(this.lock.packages.get(at)?.name ?? at);
            at = below.get(at);
          }
          names[0] = root.name; // an alias installs a package under another name
          found.push({ names, root });
        }
        for (const parent of this.parents.get(id) ?? []) {
          if (below.has(parent)) continue;
          below.set(parent, id);
          next.push(parent);
        }
      }
      frontier = next;
    }
    return found;
  }
}

/** Every installed version of every package, as `name@version` (for comparing a PR's base and head). */
export function installedVersions(lock: Lockfile): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const pkg of lock.packages.values()) {
    if (!pkg.version) continue;
    const set = out.get(pkg.name);
    if (set) set.add(pkg.version);
    else out.set(pkg.name, new Set([pkg.version]));
  }
  return out;
}
