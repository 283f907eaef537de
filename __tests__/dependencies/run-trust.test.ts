import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/checks/dependencies/run-audit.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo } from './monorepo.js';
import { fakeBin, projectOf } from './run-helpers.js';

// What a package manager prints is only read as clean when it comes from the audit registry and counts
// the project's dependencies. These use stand-in package managers: the real npm, given the registry on its
// command line and no config, asks no other host.

const CLEAN_NPM7 = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 }, dependencies: { prod: 10, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 9 } },
});

/** What pnpm prints when the registry's audit endpoint answers for an empty tree (npm 6 shape). */
const EMPTY_TREE_NPM6 = JSON.stringify({
  actions: [],
  advisories: {},
  muted: [],
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 }, dependencies: 0, devDependencies: 0, optionalDependencies: 0, totalDependencies: 0 },
});

const RUN_POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    run-timeout: 30\n';

/** Runs a scan with `bin` first on the job's PATH. */
async function withPath<T>(bin: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PATH;
  process.env.PATH = `${bin}:${before}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = before;
  }
}

function path(bin: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${bin}:${process.env.PATH}` };
}

async function npmHigh() {
  const root = makeRepo({ 'package.json': fixture('npm-high', 'package.json'), 'package-lock.json': fixture('npm-high', 'package-lock.json') });
  return { root, project: await projectOf(root, 'package-lock.json', ['package.json']) };
}

describe('an answer from another registry is unavailable, never clean', () => {
  it('npm that says it fetched from another host: the gate fails instead of passing', async () => {
    const { root } = await npmHigh();
    const bin = fakeBin('npm', `echo 'npm http fetch POST 200 http://user:pw@elsewhere.example:8080/-/npm/v1/security/advisories/bulk 5ms' >&2\necho '${CLEAN_NPM7}'`);
    const report = await withPath(bin, () => scanDir(root, { policy: RUN_POLICY }));
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]?.message).toBe(
      'Dependency audit unavailable — npm audit --json --package-lock-only --ignore-scripts: `npm audit --json --package-lock-only --ignore-scripts` fetched from http://elsewhere.example:8080, not only from the audit registry https://registry.npmjs.org/: an answer from another registry is never read as clean. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.',
    );
  });

  it('npm that fetched from another path of the registry host, and npm that stayed on the registry', async () => {
    const { root, project } = await npmHigh();
    const registry = 'https://npm.example.com/mirror/';
    const elsewhere = fakeBin('npm', `echo 'npm http fetch POST 200 https://npm.example.com/other/-/npm/v1/security/advisories/bulk 5ms' >&2\necho '${CLEAN_NPM7}'`);
    const moved = await runAudit({ root, project, manager: 'npm', registry, timeoutSeconds: 30, env: path(elsewhere) });
    expect(moved.outcome).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('fetched from https://npm.example.com/other/-/npm/v1/security/advisories/bulk, not only from the audit registry https://npm.example.com/mirror/') });
    const stayed = fakeBin('npm', `echo 'npm http fetch POST 200 https://npm.example.com/mirror/-/npm/v1/security/advisories/bulk 5ms' >&2\necho '${CLEAN_NPM7}'`);
    const { outcome } = await runAudit({ root, project, manager: 'npm', registry, timeoutSeconds: 30, env: path(stayed) });
    expect(outcome).toMatchObject({ kind: 'report', report: { format: 'npm7', vulnerabilities: [] } });
  });

  it('Yarn 1, which always asks its own alias of the public registry, is not run against another registry', async () => {
    const root = makeRepo(monorepo('yarn-v1'));
    const project = await projectOf(root, 'yarn.lock', ['package.json']);
    const bin = fakeBin('yarn', `echo '{"type":"auditSummary","data":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":0,"critical":0},"dependencies":9,"devDependencies":0,"optionalDependencies":0,"totalDependencies":9}}'`);
    const { outcome } = await runAudit({ root, project, manager: 'yarn-classic', registry: 'https://npm.example.com/', timeoutSeconds: 30, env: path(bin) });
    expect(outcome).toEqual({
      kind: 'unavailable',
      reason: '`yarn audit` (Yarn 1) always asks registry.yarnpkg.com, not the audit registry https://npm.example.com/: write the report in a workflow step and list it in `reports`',
    });
  });
});

describe('a report that counts no dependencies of a project that has some is unavailable', () => {
  it('pnpm, whose registry answered for an empty tree: the gate fails instead of passing', async () => {
    const root = makeRepo(monorepo('pnpm-v9'));
    const report = await withPath(fakeBin('pnpm', `echo '${EMPTY_TREE_NPM6}'`), () => scanDir(root, { policy: RUN_POLICY }));
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]?.message).toBe(
      "Dependency audit unavailable — pnpm audit --json (pnpm): the audit counted no dependencies, although 3 package.json files declare 4: it did not audit this project's lockfile, so it is not read as clean. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.",
    );
  });

  it('Yarn 1, whose summary counts no dependency', async () => {
    const root = makeRepo({ 'package.json': '{"dependencies":{"minimist":"1.2.5"}}', 'yarn.lock': '# yarn lockfile v1\n' });
    const project = await projectOf(root, 'yarn.lock', ['package.json']);
    const bin = fakeBin('yarn', `echo '{"type":"auditSummary","data":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":0,"critical":0},"dependencies":0,"devDependencies":0,"optionalDependencies":0,"totalDependencies":0}}'`);
    const { outcome } = await runAudit({ root, project, manager: 'yarn-classic', timeoutSeconds: 30, env: path(bin) });
    expect(outcome).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/^the audit counted no dependencies, although package\.json declares 1:/) });
  });

  it('a project whose only dependencies are its own workspaces is clean with zero counted', async () => {
    const root = makeRepo({ 'package.json': '{"private":true,"workspaces":["packages/*"]}', 'packages/a/package.json': '{"name":"a","dependencies":{"b":"1.0.0"}}', 'packages/b/package.json': '{"name":"b"}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const project = await projectOf(root, 'pnpm-lock.yaml', ['package.json', 'packages/a/package.json', 'packages/b/package.json']);
    const { outcome } = await runAudit({ root, project, manager: 'pnpm', timeoutSeconds: 30, env: path(fakeBin('pnpm', `echo '${EMPTY_TREE_NPM6}'`)) });
    expect(outcome).toMatchObject({ kind: 'report', report: { vulnerabilities: [], dependencyCount: 0 } });
  });
});
