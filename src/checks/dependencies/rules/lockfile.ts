import { satisfies, validRange } from 'semver';
import type { FindingInput } from '../../../core/finding.js';
import { FOR_READERS } from '../for-readers.js';
import type { LockedDirect, Lockfile } from '../lockfiles/model.js';
import { installed, type Manifest, type ManifestDependency } from '../manifest.js';
import { RULES } from '../meta.js';
import { catalogOf } from '../pnpm-workspace.js';
import { managerOf, workspaceDir, type Discovery, type Project } from '../project.js';

const INSTALL: Record<string, string> = {
  npm: 'npm install',
  pnpm: 'pnpm install',
  'yarn-classic': 'yarn install',
  'yarn-berry': 'yarn install',
  bun: 'bun install',
};

/** Specs that resolve to a local folder or another workspace, which no registry version describes. */
export function isLocalSpec(spec: string): boolean {
  return /^(workspace|link|file|portal):/.test(spec) || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/');
}

/** The semver range a spec asks for (`npm:real@^1` → `^1`), or undefined for tags, URLs and git. */
export function rangeOf(spec: string): string | undefined {
  let s = spec.trim();
  if (s.startsWith('npm:')) {
    const at = s.lastIndexOf('@');
    if (at <= 4) return undefined;
    s = s.slice(at + 1);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.includes('/')) return undefined;
  return validRange(s, { loose: true }) ?? undefined;
}

function depLocation(m: Manifest, d: ManifestDependency) {
  return { path: m.path, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn };
}

function normaliseSpec(spec: string): string {
  const s = spec.trim();
  return catalogOf(s) !== undefined ? `catalog:${catalogOf(s)}` : s.replace(/^npm:(?=[^@]+$)/, '');
}

/**
 * A `catalog:` dependency: the range comes from pnpm-workspace.yaml, which the lockfile records under
 * `catalogs`. A catalog without the entry, or an entry changed since the install, is out of sync.
 */
function catalogProblem(project: Project, lock: Lockfile, m: Manifest, d: ManifestDependency, catalog: string, locked: LockedDirect | undefined, install: string): string | undefined {
  const range = project.catalogs?.get(catalog)?.get(d.name);
  const where = catalog === 'default' ? 'the `catalog` of pnpm-workspace.yaml' : `the catalog \`${catalog}\` of pnpm-workspace.yaml`;
  if (range === undefined) return `\`${d.name}\` is "${d.spec}" in ${m.path}, but ${where} has no entry for it: \`${install}\` fails until it does.`;
  const recorded = lock.catalogs?.get(catalog)?.get(d.name)?.specifier;
  if (recorded !== undefined && normaliseSpec(recorded) !== normaliseSpec(range)) {
    return `\`${d.name}\` is "${range}" in ${where} (${m.path} uses "${d.spec}"), but ${lock.path} was written for "${recorded}": run \`${install}\` and commit ${lock.path}.`;
  }
  const allowed = rangeOf(range);
  if (allowed && locked?.version && !satisfies(locked.version, allowed, { includePrerelease: true, loose: true })) {
    return `\`${d.name}\` is locked at ${locked.version} in ${lock.path}, which "${range}" (${where}) does not allow: run \`${install}\` and commit ${lock.path}.`;
  }
  return undefined;
}

function checkManifest(project: Project, lock: Lockfile, m: Manifest, install: string): FindingInput[] {
  const out: FindingInput[] = [];
  const dir = workspaceDir(project, m);
  const declared = new Set(m.dependencies.map((d) => d.name));
  // A package in several fields (dependencies and devDependencies): the lockfile records one of its specs.
  const specsOf = (name: string) => new Set(installed(m).filter((x) => x.name === name).map((x) => normaliseSpec(x.spec)));
  // Overrides apply from the project's root package.json (and a workspace's own, for pnpm and npm), and from pnpm-workspace.yaml.
  const root = project.manifests.find((p) => p.dir === project.dir);
  const overrides = new Map([...(project.overrides ?? []), ...(root?.overrides ?? []), ...m.overrides]);
  for (const d of installed(m)) {
    if (isLocalSpec(d.spec) || (project.workspaceNames.has(d.name) && !lock.recordsSpecs)) continue;
    const forced = overrides.get(d.name);
    if (forced !== undefined) {
      // The lockfile records the forced version; only its absence under either spec says it is stale.
      const anyLocked = lock.resolveDirect(dir, d.name, d.spec) ?? lock.resolveDirect(dir, d.name, forced) ?? [...lock.packages.values()].find((p) => p.name === d.name);
      if (!anyLocked) {
        out.push({
          ruleId: RULES.outOfSync,
          message: `\`${d.name}\` ("${d.spec}", forced to "${forced}") is in ${m.path} but not in ${lock.path}: run \`${install}\` and commit ${lock.path}.`,
          location: depLocation(m, d),
          identity: `${m.path}|${d.name}`,
        });
      }
      continue;
    }
    const locked = lock.resolveDirect(dir, d.name, d.spec);
    const identity = `${m.path}|${d.name}`;
    const catalog = catalogOf(d.spec);
    if (catalog !== undefined && (project.catalogs?.size || lock.catalogs?.size)) {
      const problem = catalogProblem(project, lock, m, d, catalog, locked, install);
      if (problem) out.push({ ruleId: RULES.outOfSync, message: problem, location: depLocation(m, d), identity });
      if (problem || locked) continue;
    }
    if (!locked) {
      out.push({
        ruleId: RULES.outOfSync,
        message: `\`${d.name}\` ("${d.spec}") is in ${m.path} but not in ${lock.path}: the lockfile was not updated after the dependency was added. Run \`${install}\` and commit ${lock.path}.`,
        location: depLocation(m, d),
        identity,
      });
      continue;
    }
    if (locked.local) continue;
    if (lock.recordsSpecs && locked.spec !== undefined && !specsOf(d.name).has(normaliseSpec(locked.spec))) {
      out.push({
        ruleId: RULES.outOfSync,
        message: `\`${d.name}\` is "${d.spec}" in ${m.path} but ${lock.path} was written for "${locked.spec}": run \`${install}\` and commit ${lock.path}.`,
        location: depLocation(m, d),
        identity,
      });
      continue;
    }
    const range = rangeOf(d.spec);
    if (range && locked.version && !satisfies(locked.version, range, { includePrerelease: true, loose: true })) {
      out.push({
        ruleId: RULES.outOfSync,
        message: `\`${d.name}\` is locked at ${locked.version} in ${lock.path}, which "${d.spec}" in ${m.path} does not allow: run \`${install}\` and commit ${lock.path}.`,
        location: depLocation(m, d),
        identity,
      });
    }
  }
  // Dependencies the lockfile still records for this package.json but package.json no longer declares.
  const importer = lock.importers.get(dir);
  if (importer && lock.manager !== 'yarn-berry') {
    const stale = [...importer.direct.values()].filter((d) => !declared.has(d.name)).map((d) => d.name);
    if (stale.length) {
      const line = m.fieldLines.dependencies ?? m.fieldLines.devDependencies ?? 1;
      out.push({
        ruleId: RULES.outOfSync,
        message: `${lock.path} still records ${stale.slice(0, 5).map((n) => `\`${n}\``).join(', ')}${stale.length > 5 ? ` and ${stale.length - 5} more` : ''} for ${m.path}, which no longer declares ${stale.length === 1 ? 'it' : 'them'}: run \`${install}\` and commit ${lock.path}.`,
        location: { path: m.path, line },
        identity: `${m.path}|removed|${stale.sort().join(',')}`,
      });
    }
  }
  return out;
}

const LOCKFILE_OF: Record<string, string> = { npm: 'package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock', bun: 'bun.lock' };


/** The package manager a package.json without a lockfile is installed with: its own field, the root's, or the repository's lockfiles. */
function managerFor(m: Manifest, discovery: Discovery): string {
  const declared = (m.packageManager ?? discovery.manifests.find((x) => x.dir === '')?.packageManager)?.split('@')[0];
  if (declared && declared in LOCKFILE_OF) return declared;
  const used = new Set(discovery.projects.map((p) => managerOf(p).replace(/-.*/, '')));
  return used.size === 1 ? ([...used][0] as string) : 'npm';
}

export interface LockfileResult {
  findings: FindingInput[];
  /** What the rules could not look at, and why (a binary lockfile). */
  notEvaluated: { reason: string; rules: string[] }[];
}

/** `no-lockfile`, `unreadable`, `lockfile-out-of-sync` and `nested-lockfile`. */
export function lockfileFindings(discovery: Discovery): LockfileResult {
  const out: FindingInput[] = [];
  const notEvaluated: LockfileResult['notEvaluated'] = [];
  for (const b of discovery.broken) {
    out.push({ ruleId: RULES.unreadable, message: `${b.problem}: its dependencies cannot be checked.`, location: { path: b.path, line: 1 }, identity: b.path });
  }
  for (const m of discovery.orphans) {
    if (FOR_READERS.test(m.dir)) continue;
    const count = installed(m).length;
    const line = m.fieldLines.dependencies ?? m.fieldLines.devDependencies ?? m.fieldLines.optionalDependencies ?? 1;
    const manager = managerFor(m, discovery);
    out.push({
      ruleId: RULES.noLockfile,
      message: `${m.path} declares ${count} dependenc${count === 1 ? 'y' : 'ies'} but has no lockfile next to it or at a workspace root: installs are not reproducible and cannot be audited. Run \`${manager} install\`${m.dir ? ` in ${m.dir}` : ''} and commit ${LOCKFILE_OF[manager]} (or list ${m.dir || 'it'} in the workspace of the root's lockfile).`,
      location: { path: m.path, line },
      identity: m.path,
    });
  }
  for (const project of discovery.projects) {
    if (project.binaryLockfile) {
      notEvaluated.push({ reason: `${project.lockfilePath} is binary, so whether it matches package.json is not known (\`bun install --save-text-lockfile\` writes bun.lock, which the check reads)`, rules: [RULES.outOfSync] });
      continue;
    }
    if (!project.lockfile) {
      out.push({
        ruleId: RULES.unreadable,
        message: `${project.lockfileProblem ?? `${project.lockfilePath} cannot be read`}: the lockfile cannot be checked against package.json or audited.`,
        location: { path: project.lockfilePath, line: 1 },
        identity: project.lockfilePath,
      });
      continue;
    }
    const install = INSTALL[project.lockfile.manager] ?? 'npm install';
    for (const m of project.manifests) out.push(...checkManifest(project, project.lockfile, m, install));
  }
  for (const { project, authority } of discovery.nested) out.push(...nestedFindings(project, authority));
  return { findings: out, notEvaluated };
}

/** A member's own lockfile that the workspace lockfile overrides: a notice when it no longer matches the member. */
function nestedFindings(project: Project, authority: Project): FindingInput[] {
  const lock = project.lockfile;
  const stale = lock ? project.manifests.flatMap((m) => checkManifest(project, lock, m, INSTALL[lock.manager] ?? 'npm install')) : [];
  if (lock && !stale.length) return [];
  const member = project.dir;
  const why = lock ? `no longer matches ${member}/package.json (${stale.length} difference${stale.length === 1 ? '' : 's'}, e.g. ${stale[0]?.message.split(':')[0]})` : `cannot be read (${project.lockfileProblem ?? 'unknown'})`;
  return [
    {
      ruleId: RULES.nestedLockfile,
      message: `${project.lockfilePath} is not the lockfile of ${member}: ${member} is a member of the workspace at ${authority.dir || 'the repository root'}, whose ${authority.lockfilePath} is what installs use, and this nested lockfile ${why}. Delete it, or keep it in sync if the folder is also installed on its own.`,
      location: { path: project.lockfilePath, line: 1 },
      identity: project.lockfilePath,
    },
  ];
}
