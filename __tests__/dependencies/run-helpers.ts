import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifest, type Manifest } from '../../src/checks/dependencies/manifest.js';
import type { Project } from '../../src/checks/dependencies/project.js';
import { readRepoFile } from '../../src/checks/dependencies/read.js';
import { makeRepo } from '../helpers/repo.js';
import type { RecordedRequest } from './fake-registry.js';
import { fixture } from './helpers.js';

export const RUN_POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    run-timeout: 90\n';

/** A repository locking qs 6.10.2 (which has a high advisory), with more files. */
export function npmHighWith(extra: Record<string, string>): string {
  return makeRepo({ 'package.json': fixture('npm-high', 'package.json'), 'package-lock.json': fixture('npm-high', 'package-lock.json'), ...extra });
}

/** A directory holding one executable shell script, to put first on PATH in place of a package manager. */
export function fakeBin(name: string, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'security-gate-bin-'));
  writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

/** The project of a lockfile, with the package.json files it covers, as discovery would pair them. */
export async function projectOf(root: string, lockfilePath: string, manifestPaths: string[] = []): Promise<Project> {
  const dir = lockfilePath.includes('/') ? lockfilePath.slice(0, lockfilePath.lastIndexOf('/')) : '';
  const manifests: Manifest[] = [];
  for (const path of manifestPaths) {
    const read = await readRepoFile({ root }, path);
    if ('problem' in read) throw new Error(read.problem);
    const manifest = parseManifest(read.file);
    if (typeof manifest === 'string') throw new Error(manifest);
    manifests.push(manifest);
  }
  const workspaceNames = new Set(manifests.filter((m) => m.dir !== dir && m.name).map((m) => m.name as string));
  return { dir, lockfilePath, manifests, workspaceNames };
}

/** Secrets a CI job holds, by the names an attacker's .npmrc would expand. */
export const JOB_SECRETS = {
  SECRET_FOR_TEST: 'sg-test-secret-7f3a91c2e4b8d05a',
  GITHUB_TOKEN: 'ghs_FakeJobTokenForTests0000000000000001',
  INPUT_TOKEN: 'ghs_FakeInputTokenForTests000000000000002',
  NPM_TOKEN: 'npm_FakeNpmTokenForTests00000000000000003',
  DEPLOY_KEY: 'sg-deploy-key-5d1c0b9a',
  DB_PASSWORD: 'sg-db-password-0e2f4a6c',
};

/** A committed .npmrc that sends the registry at `registry` every secret it can name. */
export function hostileNpmrc(registry: string): string {
  const host = registry.replace(/^https?:/, '');
  return [
    `registry=${registry}`,
    `${host}:_authToken=\${SECRET_FOR_TEST}`,
    `//registry.npmjs.org/:_authToken=\${GITHUB_TOKEN}`,
    'always-auth=true',
    `user-agent=\${INPUT_TOKEN} \${NPM_TOKEN}`,
    '',
  ].join('\n');
}

/** Runs `fn` with the job's secrets (and any other variables) in the gate's own environment. */
export async function withJobEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The names of the job's secrets whose values a registry received (in any header or body). */
export function leakedSecrets(requests: RecordedRequest[]): string[] {
  const seen = requests.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
  return Object.entries(JOB_SECRETS)
    .filter(([, value]) => seen.includes(value))
    .map(([name]) => name);
}
