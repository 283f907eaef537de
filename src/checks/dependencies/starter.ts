import { Scalar, YAMLMap } from 'yaml';
import type { RepoInfo } from '../../core/check.js';
import { auditStepText, otherProjectsIn, reportOf } from './ecosystems.js';
import { isObject } from './formats/shape.js';
import { LOCKFILE_NAMES } from './lockfiles/model.js';
import { dirOf, joinPath } from './manifest.js';

interface Proposal {
  report: string;
  /** The workflow step as written in the comment (a command, and when it must run). */
  step: string;
  allowEmpty?: boolean;
}

function isBerry(repo: RepoInfo, dir: string): boolean {
  if (repo.paths.includes(joinPath(dir, '.yarnrc.yml'))) return true;
  const pm = dir === '' && typeof repo.packageJson?.packageManager === 'string' ? repo.packageJson.packageManager : '';
  return /^yarn@([2-9]|\d\d)/.test(pm);
}

/** The report a lockfile's audit should be written to, and the workflow step that writes it. */
export function proposalFor(repo: RepoInfo, lockfile: string): Proposal | undefined {
  const dir = dirOf(lockfile);
  const base = lockfile.slice(lockfile.lastIndexOf('/') + 1);
  const manager = LOCKFILE_NAMES[base];
  const cd = (command: string) => (dir ? `(cd ${dir} && ${command})` : command);
  if (manager === 'npm') return { report: joinPath(dir, 'npm-audit.json'), step: cd('npm audit --json > npm-audit.json || true') };
  if (manager === 'pnpm') return { report: joinPath(dir, 'pnpm-audit.json'), step: cd('pnpm audit --json > pnpm-audit.json || true') };
  if (manager === 'yarn-classic') {
    if (isBerry(repo, dir)) {
      return { report: joinPath(dir, 'yarn-audit.json'), step: cd('yarn npm audit --all --recursive --json > yarn-audit.json || [ -s yarn-audit.json ]'), allowEmpty: true };
    }
    return { report: joinPath(dir, 'yarn-audit.json'), step: cd('yarn audit --json > yarn-audit.json || true') };
  }
  return undefined;
}

/**
 * `security-gate init`: one report per lockfile (and per project of another ecosystem: pip-audit,
 * govulncheck, bundler-audit, composer audit, osv-scanner for Rust), each with the workflow step that
 * writes it as a comment, and the seed checklists' threshold (high and critical fail).
 */
export function starter(repo: RepoInfo): Record<string, unknown> | undefined {
  const lockfiles = repo.paths.filter((p) => !p.includes('node_modules/') && (p.split('/').pop() ?? '') in LOCKFILE_NAMES);
  // One lockfile per directory: a directory with both is for the package manager named in package.json.
  const byDir = new Map<string, string>();
  for (const l of lockfiles.sort()) if (!byDir.has(dirOf(l))) byDir.set(dirOf(l), l);
  const proposals = [...byDir.values()].map((l) => proposalFor(repo, l)).filter((p): p is Proposal => !!p);
  // Other ecosystems: without their report the check says they were not evaluated; init proposes it.
  for (const project of otherProjectsIn(repo.paths)) {
    // One osv-scanner report covers every Rust project.
    if (!proposals.some((p) => p.report === reportOf(project))) proposals.push({ report: reportOf(project), step: auditStepText(project).replace(/^`([^`]*)`/, '$1') });
  }
  const hasDeps = isObject(repo.packageJson) && ['dependencies', 'devDependencies', 'optionalDependencies'].some((f) => isObject(repo.packageJson?.[f]) && Object.keys(repo.packageJson?.[f] as object).length > 0);
  if (!proposals.length) return hasDeps ? { 'fail-on-severity': 'high' } : undefined;
  const reports = proposals.map((p, i) => {
    const node = p.allowEmpty ? new YAMLMap<string, unknown>() : new Scalar(p.report);
    if (node instanceof YAMLMap) {
      node.set('path', p.report);
      node.set('allow-empty', true);
    }
    node.commentBefore = `${i === 0 ? ' Written by a workflow step before the gate runs:\n' : ''}   ${p.step}`;
    return node;
  });
  return { reports, 'fail-on-severity': 'high' };
}
