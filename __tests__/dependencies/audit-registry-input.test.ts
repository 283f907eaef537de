import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { withAuditRegistry } from '../../src/checks/dependencies/registry.js';
import { main, type CliIo } from '../../src/cli/main.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { buildAction, runActionAsync } from '../helpers/action.js';
import { makeRepo } from '../helpers/repo.js';
import { startFakeRegistry, qsRegistryAnswer, type FakeRegistry } from './fake-registry.js';
import { JOB_SECRETS, RUN_POLICY, hostileNpmrc, leakedSecrets, npmHighWith, withJobEnv } from './run-helpers.js';

// The registry `run: true` audits against, chosen by the workflow (action input) or the developer (CLI
// flag) over the policy: the real npm audits a repository whose .npmrc names another registry.

const servers: FakeRegistry[] = [];
async function registry(...args: Parameters<typeof startFakeRegistry>): Promise<FakeRegistry> {
  const r = await startFakeRegistry(...args);
  servers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the CLI', () => {
  it('the CLI flag --audit-registry overrides the policy, and refuses what is not an https URL', async () => {
    const trusted = await registry(qsRegistryAnswer);
    const root = npmHighWith({ '.npmrc': hostileNpmrc(trusted.url), 'security-policy.yml': `${RUN_POLICY}    registry: https://registry.example.invalid/\n` });
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: root, env: {} };
    const code = await withJobEnv(JOB_SECRETS, () => main(['scan', '.', '--format', 'json', '--audit-registry', trusted.url], io));
    expect(code).toBe(1);
    expect(stdout).toContain('GHSA-hrpp-h998-j3pp');
    expect(leakedSecrets(trusted.requests)).toEqual([]);
    expect(await main(['scan', '.', '--audit-registry', 'http://registry.example.com/'], io)).toBe(2);
    expect(stderr).toContain('audit-registry is not an https URL');
  }, 120_000);

  it('the override normalises the URL, and adds no dependencies section to a policy that has none', async () => {
    const withSection = (await loadPolicyText('security-policy.yml', RUN_POLICY, { root: makeRepo({}), checks: CHECKS })).policy;
    withAuditRegistry(withSection, 'https://npm.example.com/mirror');
    expect(withSection.checks.dependencies).toMatchObject({ run: true, registry: 'https://npm.example.com/mirror/' });
    const without = (await loadPolicyText('security-policy.yml', 'version: 1\nextends: []\n', { root: makeRepo({}), checks: CHECKS })).policy;
    withAuditRegistry(without, 'https://npm.example.com/');
    expect(without.checks.dependencies).toBeUndefined();
    expect(() => withAuditRegistry(without, 'ftp://npm.example.com/')).toThrow('audit-registry is not an https URL');
  });
});

describe('the action', () => {
  let entry: string;
  beforeAll(() => {
    entry = buildAction();
  }, 120_000);

  it('the audit-registry input overrides the policy; INPUT_TOKEN and GITHUB_TOKEN reach no registry', async () => {
    const pr = await registry();
    const trusted = await registry(qsRegistryAnswer);
    const npmrc = `registry=${pr.url}\n${pr.url.replace('http:', '')}:_authToken=\${INPUT_TOKEN}\n${trusted.url.replace('http:', '')}:_authToken=\${GITHUB_TOKEN}\nuser-agent=\${SECRET_FOR_TEST}\n`;
    const workspace = npmHighWith({ '.npmrc': npmrc, 'security-policy.yml': RUN_POLICY });
    const run = await runActionAsync({ entry, workspace, inputs: { token: JOB_SECRETS.INPUT_TOKEN, 'audit-registry': trusted.url }, env: { GITHUB_TOKEN: JOB_SECRETS.GITHUB_TOKEN, SECRET_FOR_TEST: JOB_SECRETS.SECRET_FOR_TEST } });
    expect(pr.requests).toEqual([]);
    expect(trusted.requests.map((r) => `${r.method} ${r.url}`)).toContain('POST /-/npm/v1/security/advisories/bulk');
    expect(leakedSecrets(trusted.requests)).toEqual([]);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary).toContain('GHSA-hrpp-h998-j3pp');

    const refused = await runActionAsync({ entry, workspace, inputs: { token: '', 'audit-registry': 'https://user:pw@registry.example.com/' } });
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toContain('audit-registry carries credentials');
  }, 180_000);
});
