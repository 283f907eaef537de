import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AuditDirs } from './audit-env.js';
import { isObject } from './formats/shape.js';
import { joinPath } from './manifest.js';
import type { PackageManager } from './model.js';
import { workspaceDir, type Project } from './project.js';
import { readRepoFile } from './read.js';

/**
 * A private temporary directory where one audit runs: a copy of only what the audit reads (the lockfile,
 * reduced package.json files, pnpm's workspace list), an empty HOME, temp and cache, and empty npm config
 * files. The repository's .npmrc, .yarnrc, .yarnrc.yml, .pnpmfile.cjs and scripts are never copied.
 */
export interface AuditPlace extends AuditDirs {
  root: string;
  /** The copy of the project, where the package manager runs. */
  project: string;
  /** True when the copy has a pnpm-workspace.yaml. */
  pnpmWorkspace: boolean;
}

/** What a package manager needs of package.json to audit a lockfile; no scripts, no packageManager, no config. */
const MANIFEST_FIELDS = [
  'name',
  'version',
  'private',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'bundledDependencies',
  'workspaces',
  'overrides',
  'resolutions',
];

/** What pnpm reads of pnpm-workspace.yaml to audit: the members and the versions they share or force. */
const PNPM_WORKSPACE_FIELDS = ['packages', 'catalog', 'catalogs', 'overrides'];

export function reducedManifest(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of MANIFEST_FIELDS) if (data[field] !== undefined) out[field] = data[field];
  if (isObject(data.pnpm) && data.pnpm.overrides !== undefined) out.pnpm = { overrides: data.pnpm.overrides };
  return out;
}

export function reducedPnpmWorkspace(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PNPM_WORKSPACE_FIELDS) if (data[field] !== undefined) out[field] = data[field];
  return out;
}

/** Creates the private directory and the copy; a problem in words when a file cannot be read safely. */
export async function prepareAuditPlace(root: string, project: Project, manager: PackageManager): Promise<AuditPlace | { problem: string }> {
  const lock = await readRepoFile({ root }, project.lockfilePath);
  if ('problem' in lock) return { problem: lock.problem };
  let workspaceFile: string | undefined;
  if (manager === 'pnpm') {
    const read = await readRepoFile({ root }, joinPath(project.dir, 'pnpm-workspace.yaml'));
    if (!('problem' in read)) {
      try {
        const data: unknown = parse(read.file.text);
        if (isObject(data)) workspaceFile = stringify(reducedPnpmWorkspace(data));
      } catch {
        // pnpm cannot read it either; the audit says so.
      }
    }
  }

  const base = await mkdtemp(join(tmpdir(), 'security-gate-audit-'));
  const place: AuditPlace = {
    root: base,
    project: join(base, 'project'),
    home: join(base, 'home'),
    tmp: join(base, 'tmp'),
    cache: join(base, 'cache'),
    userconfig: join(base, 'npmrc-user'),
    globalconfig: join(base, 'npmrc-global'),
    pnpmWorkspace: workspaceFile !== undefined,
  };
  try {
    await Promise.all([mkdir(place.project), mkdir(place.home), mkdir(place.tmp), mkdir(place.cache)]);
    await Promise.all([writeFile(place.userconfig, ''), writeFile(place.globalconfig, '')]);
    const lockName = project.lockfilePath.slice(project.lockfilePath.lastIndexOf('/') + 1);
    await writeFile(join(place.project, lockName), lock.file.text);
    if (workspaceFile !== undefined) await writeFile(join(place.project, 'pnpm-workspace.yaml'), workspaceFile);
    for (const manifest of project.manifests) {
      const data: unknown = JSON.parse(manifest.file.text);
      if (!isObject(data)) continue;
      const target = join(place.project, workspaceDir(project, manifest), 'package.json');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, `${JSON.stringify(reducedManifest(data), null, 2)}\n`);
    }
  } catch (error) {
    await removeAuditPlace(place);
    return { problem: `the private copy for the audit could not be written: ${(error as Error).message}` };
  }
  return place;
}

export async function removeAuditPlace(place: AuditPlace): Promise<void> {
  await rm(place.root, { recursive: true, force: true, maxRetries: 3 });
}

/** For exit handlers, which cannot wait. */
export function removeAuditPlaceNow(place: AuditPlace): void {
  try {
    rmSync(place.root, { recursive: true, force: true });
  } catch {
    // Best effort while the gate stops; the directory is in the system's temp.
  }
}
