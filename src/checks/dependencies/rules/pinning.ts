import { valid } from 'semver';
import type { FindingInput } from '../../../core/finding.js';
import type { Lockfile } from '../lockfiles/model.js';
import type { Manifest } from '../manifest.js';
import { RULES } from '../meta.js';
import { workspaceDir, type Discovery } from '../project.js';
import { isLocalSpec } from './lockfile.js';

const GIT = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#|$)|^[\w.-]+\/[\w.-]+(#.*)?$/;

/** Why a dependency spec is not pinned to one version, or undefined when it is. */
export function unpinnedReason(spec: string): string | undefined {
  const s = spec.trim();
  if (isLocalSpec(s) || s.startsWith('catalog:')) return undefined;
  if (s.startsWith('npm:')) {
    const at = s.lastIndexOf('@');
    return at > 4 ? unpinnedReason(s.slice(at + 1)) : 'is an alias without a version';
  }
  if (GIT.test(s)) {
    const hash = s.split('#')[1];
    if (hash && /^[0-9a-f]{7,40}$/i.test(hash)) return undefined;
    return hash ? `is a git reference to "${hash}", which can move: pin a commit (#<sha>)` : 'is a git URL without a commit: pin one (#<sha>)';
  }
  if (/^https?:\/\//.test(s)) return undefined; // a tarball URL names one artifact
  if (valid(s.replace(/^[=v]+/, ''))) return undefined;
  if (s === '' || s === '*' || s === 'x' || s === 'latest') return `is "${s || '(empty)'}", any version`;
  if (/^[a-z][a-z0-9-]*$/i.test(s)) return `is the dist-tag "${s}", which moves`;
  return `is the range "${s}"`;
}

/** `unpinned`: ranges, tags and unpinned git URLs in package.json, when the policy asks for pinning. */
export function pinningFindings(discovery: Discovery, mode: true | 'production'): FindingInput[] {
  const out: FindingInput[] = [];
  const projectOf = new Map<Manifest, { lock?: Lockfile; dir: string }>();
  for (const p of discovery.projects) for (const m of p.manifests) projectOf.set(m, { ...(p.lockfile ? { lock: p.lockfile } : {}), dir: workspaceDir(p, m) });
  for (const m of discovery.manifests) {
    for (const d of m.dependencies) {
      if (d.kind === 'peer' || (mode === 'production' && d.kind === 'dev')) continue;
      const reason = unpinnedReason(d.spec);
      if (!reason) continue;
      const where = projectOf.get(m);
      const locked = where?.lock?.resolveDirect(where.dir, d.name, d.spec);
      const suggestion = locked?.version && !locked.local ? ` Pin the locked version: "${d.name}": "${locked.version}".` : ' Pin an exact version.';
      out.push({
        ruleId: RULES.unpinned,
        message: `\`${d.name}\` ${reason}.${suggestion}`,
        location: { path: m.path, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn },
        identity: `${m.path}|${d.name}`,
        help: 'Exact versions make every install take the same code, so a compromised or broken release cannot slip in through a range. Set `save-exact=true` in `.npmrc` (or `--save-exact`, `pnpm add -E`, `yarn add -E`) so that new dependencies are pinned too, and let Dependabot or Renovate propose upgrades.',
      });
    }
  }
  return out;
}
