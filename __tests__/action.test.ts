import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction, runAction as runBundle, type RunActionOptions } from './helpers/action.js';
import { makeRepo } from './helpers/repo.js';

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
let entry: string;
beforeAll(() => {
  entry = buildAction();
});
const runAction = (options: RunActionOptions) => runBundle({ ...options, entry });

describe('the bundled action (dist/index.js) run as the runner runs it', () => {
  it('fails the step, annotates, writes outputs, the job summary and SARIF', () => {
    const workspace = makeRepo({
      'app/security-policy.yml': 'version: 1\nchecks:\n  files: {}\n',
      'app/deploy/id_rsa': 'x\n',
      'app/src/index.ts': 'export {};\n',
    });
    const run = runAction({ workspace, inputs: { token: TOKEN, 'working-directory': 'app', 'sarif-file': 'out/gate.sarif' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error title=Credential file committed (files/sensitive-file),file=app/deploy/id_rsa::deploy/id_rsa looks like an SSH private key');
    expect(run.stdout).toContain('::error::Security Gate failed: 1 error(s), 0 warning(s), 0 notice(s) (fail-on: error).');
    expect(run.outputs).toMatchObject({ conclusion: 'failure', verdict: 'fail', errors: '1', warnings: '0', notices: '0', findings: '1', 'sarif-file': 'out/gate.sarif' });
    expect(run.summary).toMatch(/^## ❌ Security Gate: failed/);
    expect(run.summary).toContain('`app/deploy/id_rsa`');
    const sarif = JSON.parse(readFileSync(join(workspace, 'out/gate.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/deploy/id_rsa');
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)]) expect(text).not.toContain(TOKEN);
  });

  it('passes a clean repository with a success conclusion', () => {
    const run = runAction({ workspace: makeRepo({ 'src/a.ts': 'export {};\n' }) });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ conclusion: 'success', verdict: 'pass', errors: '0' });
    expect(run.stdout).toContain('::notice::No security-policy.yml found: the recommended preset ran.');
    expect(run.summary).toMatch(/^## ✅ Security Gate: passed/);
  });

  it('the fail-on input overrides the policy', () => {
    const run = runAction({ workspace: makeRepo({ 'deploy/id_rsa': 'x\n' }), inputs: { 'fail-on': 'none' } });
    expect(run.status).toBe(0);
    expect(run.outputs.conclusion).toBe('neutral');
  });

  it('an invalid policy fails with annotations on the policy file', () => {
    const workspace = makeRepo({ 'security-policy.yml': 'version: 1\nchecks:\n  files:\n    alow: []\n' });
    const run = runAction({ workspace });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error title=Invalid security policy,file=security-policy.yml,line=4,col=5::unknown key "alow" in checks.files: did you mean "allow"?');
    expect(run.outputs.conclusion).toBe('failure');
    expect(run.summary).toContain('invalid policy');
  });

  it('runs the pass in worker threads from its own bundle, with the findings of one thread', () => {
    const files: Record<string, string> = { '.env.example': 'API_URL=\n', 'deploy/id_rsa': 'x\n' };
    for (let i = 0; i < 200; i++) files[`src/m${String(i).padStart(3, '0')}.ts`] = `export const m${i} = [process.env.API_URL, process.env.FLAG_${i % 7}];\n`;
    const workspace = makeRepo(files);
    const reports = ['1', '2'].map((threads) => {
      const run = runAction({ workspace, inputs: { threads, 'save-report': `report-${threads}.json`, token: '' } });
      expect(run.status, run.stdout).toBe(1);
      return JSON.parse(readFileSync(join(workspace, `report-${threads}.json`), 'utf8')) as { report: { findings: unknown[]; stats: { threads: number } } };
    });
    expect(reports.map((r) => r.report.stats.threads)).toEqual([1, 2]);
    expect(reports[0]?.report.findings.length).toBeGreaterThan(7);
    expect(reports[1]?.report.findings).toEqual(reports[0]?.report.findings);
  });

  it('bad inputs and a broken event payload are clear errors', () => {
    const workspace = makeRepo({ 'a.ts': 'x\n' });
    expect(runAction({ workspace, inputs: { 'fail-on': 'critical' } }).stdout).toContain('input fail-on must be error, warning, notice or none, not "critical"');
    expect(runAction({ workspace, inputs: { 'working-directory': '../..' } }).stdout).toContain('input working-directory climbs out of the repository');
    expect(runAction({ workspace, inputs: { threads: 'many' } }).stdout).toContain('input threads must be auto or a whole number from 1 to 64, not "many"');
    const broken = runAction({ workspace, eventName: 'pull_request', payload: { pull_request: { number: 1 } } });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('the pull_request payload lacks pull_request.number, base.sha or head.sha');
  });
});
