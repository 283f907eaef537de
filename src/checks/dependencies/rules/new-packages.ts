import type { FindingInput } from '../../../core/finding.js';
import type { BaseState } from '../base.js';
import type { Decision } from '../gate.js';
import { installed } from '../manifest.js';
import { RULES } from '../meta.js';
import { workspaceDir, type Discovery } from '../project.js';

const LISTED = 50;

/** The packages a direct dependency brings that the lockfile at the PR base did not have. */
function broughtIn(lock: NonNullable<Discovery['projects'][number]['lockfile']>, rootId: string, before: Map<string, Set<string>> | undefined): string[] {
  const seen = new Set<string>([rootId]);
  const stack = [rootId];
  const out: string[] = [];
  while (stack.length) {
    const id = stack.pop() as string;
    const pkg = lock.packages.get(id);
    if (!pkg) continue;
    if (!before?.get(pkg.name)?.has(pkg.version)) out.push(`${pkg.name}@${pkg.version}`);
    for (const dep of pkg.dependencies) {
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...new Set(out)].sort();
}

/** `new-package`: the direct dependencies a pull request adds, with what they bring and their advisories. */
export function newPackageFindings(discovery: Discovery, base: BaseState, decisions: readonly Decision[], audited: (lockfilePath: string) => boolean): FindingInput[] {
  const out: FindingInput[] = [];
  const projectOf = new Map(discovery.projects.flatMap((p) => p.manifests.map((m) => [m, p] as const)));
  for (const m of discovery.manifests) {
    const before = base.manifests.get(m.path);
    const project = projectOf.get(m);
    const lock = project?.lockfile;
    const baseVersions = project ? base.versions.get(project.lockfilePath) : undefined;
    for (const d of installed(m)) {
      if (before?.has(d.name)) continue;
      const locked = project && lock ? lock.resolveDirect(workspaceDir(project, m), d.name, d.spec) : undefined;
      const brought = lock && locked?.id && !locked.local ? broughtIn(lock, locked.id, baseVersions) : [];
      const names = new Set(brought.map((b) => b.slice(0, b.lastIndexOf('@'))));
      names.add(d.name);
      const advisories = decisions
        .filter((x) => names.has(x.located.v.package) && x.status !== 'ignored-dev')
        .map((x) => ({ id: x.located.v.advisory.key, package: x.located.v.package, severity: x.located.v.advisory.severity, title: x.located.v.advisory.title, status: x.status }));
      const kind = d.kind === 'dev' ? 'dev dependency' : d.kind === 'optional' ? 'optional dependency' : 'dependency';
      const others = brought.filter((b) => !b.startsWith(`${d.name}@`)).length;
      const parts = [`New ${kind} \`${d.name}\` ("${d.spec}"${locked?.version ? `, locked at ${locked.version}` : ''}).`];
      if (others) parts.push(`It brings ${others} other package${others === 1 ? '' : 's'} new to ${lock?.path}.`);
      // Without an audit of its lockfile, no advisory listed is not "no advisory".
      const checked = !!project && audited(project.lockfilePath);
      if (advisories.length) parts.push(`Advisories: ${advisories.map((a) => `${a.package} ${a.id} (${a.severity})`).join(', ')}.`);
      else if (!checked) parts.push(`Not audited: no audit covers ${project ? project.lockfilePath : m.path}, so its advisories are not known.`);
      out.push({
        ruleId: RULES.newPackage,
        message: parts.join(' '),
        location: { path: m.path, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn },
        identity: `${m.path}|${d.name}`,
        properties: {
          package: d.name,
          spec: d.spec,
          kind: d.kind,
          ...(locked?.version ? { version: locked.version } : {}),
          newPackages: brought.slice(0, LISTED),
          newPackageCount: brought.length,
          advisories,
          audited: checked,
        },
      });
    }
  }
  return out;
}
