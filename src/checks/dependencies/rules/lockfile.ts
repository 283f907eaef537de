import { satisfies, validRange } from 'semver';
import type { FindingInput } from '../../../core/finding.js';
import type { Lockfile } from '../lockfiles/model.js';
import { installed, type Manifest, type ManifestDependency } from '../manifest.js';
import { RULES } from '../meta.js';
import { workspaceDir, type Discovery, type Project } from '../project.js';

const INSTALL: Record<string, string> = {
  npm: 'npm install',
  pnpm: 'pnpm install',
  'yarn-classic': 'yarn install',
  'yarn-berry': 'yarn install',
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
  return spec.trim().replace(/^npm:(?=[^@]+$)/, '');
}

function checkManifest(project: Project, lock: Lockfile, m: Manifest, install: string): FindingInput[] {
  const out: FindingInput[] = [];
  const dir = workspaceDir(project, m);
  const declared = new Set(m.dependencies.map((d) => d.name));
  // Overrides apply from the project's root package.json (and a workspace's own, for pnpm and npm).
  const root = project.manifests.find((p) => p.dir === project.dir);
  const overrides = new Map([...(root?.overrides ?? []), ...m.overrides]);
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
    if (lock.recordsSpecs && locked.spec !== undefined && normaliseSpec(locked.spec) !== normaliseSpec(d.spec)) {
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

/** `no-lockfile`, `unreadable` and `lockfile-out-of-sync`. */
export function lockfileFindings(discovery: Discovery): FindingInput[] {
  const out: FindingInput[] = [];
  for (const b of discovery.broken) {
    out.push({ ruleId: RULES.unreadable, message: `${b.problem}: its dependencies cannot be checked.`, location: { path: b.path, line: 1 }, identity: b.path });
  }
  for (const m of discovery.orphans) {
    const count = installed(m).length;
    const line = m.fieldLines.dependencies ?? m.fieldLines.devDependencies ?? m.fieldLines.optionalDependencies ?? 1;
    out.push({
      ruleId: RULES.noLockfile,
      message: `${m.path} declares ${count} dependenc${count === 1 ? 'y' : 'ies'} but has no lockfile (package-lock.json, pnpm-lock.yaml or yarn.lock) next to it or at a workspace root: installs are not reproducible and cannot be audited. Run \`npm install\` (or your package manager's install) and commit the lockfile.`,
      location: { path: m.path, line },
      identity: m.path,
    });
  }
  for (const project of discovery.projects) {
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
  return out;
}
