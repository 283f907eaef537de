import { stringify } from 'yaml';
import { CHECKS } from '../checks/index.js';
import type { RepoInfo } from '../core/check.js';
import { POLICY_FILE_NAMES } from '../policy/load.js';
import { workingTreeOrigin } from '../policy/origin.js';
import { PRESETS } from '../policy/presets.js';
import { SCHEMA_ID } from '../policy/schema.js';
import { Git } from '../sources/git.js';
import { listFiles } from '../sources/list.js';
import { UnsafeWriteError, writeRepositoryFile } from '../util/safe-write.js';

export interface Starter {
  path: string;
  text: string;
}

/** Presets that fit a repository, from what its files show. */
function presetsFor(repo: RepoInfo): string[] {
  const presets = ['recommended'];
  const deps = { ...(repo.packageJson?.dependencies as object | undefined), ...(repo.packageJson?.devDependencies as object | undefined) };
  if ('next' in deps && 'nextjs' in PRESETS) presets.push('nextjs');
  else if (('express' in deps || 'fastify' in deps || 'koa' in deps) && 'web-app' in PRESETS) presets.push('web-app');
  return presets;
}

/** The text of a starter policy suited to what is in the repository. */
export async function starterPolicy(root: string): Promise<string> {
  const git = await Git.open(root);
  const listing = await listFiles(root, git);
  let packageJson: Record<string, unknown> | undefined;
  try {
    packageJson = JSON.parse(await workingTreeOrigin(root, git?.topLevel ?? root).read('package.json')) as Record<string, unknown>;
  } catch {
    packageJson = undefined;
  }
  const repo: RepoInfo = { root, paths: listing.entries.map((e) => e.path), packageJson };
  const checks: Record<string, unknown> = {};
  for (const check of CHECKS) {
    const section = check.starter?.(repo);
    if (section) checks[check.meta.id] = section;
  }
  const policy: Record<string, unknown> = { version: 1, extends: presetsFor(repo), 'fail-on': 'error' };
  if (Object.keys(checks).length) policy.checks = checks;
  const header = [
    `# yaml-language-server: $schema=${SCHEMA_ID}`,
    '# Security Gate policy. Reference: https://github.com/security-gate/security-gate#policy-reference',
    '# Every check of the presets runs; the sections below adjust them to this repository.',
  ];
  return `${header.join('\n')}\n${stringify(policy, { lineWidth: 0 })}`;
}

export async function writeStarterPolicy(root: string, options: { force: boolean }): Promise<Starter> {
  const path = POLICY_FILE_NAMES[0] as string;
  const text = await starterPolicy(root);
  const repository = (await Git.open(root))?.topLevel ?? root;
  try {
    await writeRepositoryFile(repository, `${root}/${path}`, text, { overwrite: options.force, shown: path });
  } catch (error) {
    if (error instanceof UnsafeWriteError && error.message.endsWith('already exists')) throw new Error(`${path} already exists (use --force to overwrite it)`, { cause: error });
    throw error;
  }
  return { path, text };
}
