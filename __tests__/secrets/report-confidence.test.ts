// Every reporter shows how sure a secrets finding is; the CLI lists the candidates the policy keeps quiet.
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import { consoleReporter } from '../../src/reporters/console.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { markdownReporter } from '../../src/reporters/markdown.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import { makeRepo, scanDir } from '../helpers/repo.js';
import { SampleRandom, githubToken } from '../helpers/secret-samples.js';

const r = new SampleRandom(2718);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const POLICY = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n';

function repo() {
  return makeRepo({
    'src/github.ts': `export const token = '${githubToken(r)}';\n`,
    'app/settings.py': `SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "${r.chars(ALNUM, 50)}")\n`,
    'tests/test_login.py': `PASSWORD = "${r.chars(ALNUM, 24)}"\n`,
  });
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: process.cwd(), env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('confidence in every reporter', () => {
  it('JSON carries confidence and context in properties; SARIF ranks each result and gives each rule its precision', async () => {
    const report = await scanDir(repo(), { policy: POLICY, only: ['secrets'] });
    const json = JSON.parse(jsonReporter.render(report)) as { findings: { ruleId: string; properties: Record<string, unknown> }[]; notes: string[] };
    expect(json.findings.map((f) => [f.ruleId, f.properties.confidence, f.properties.context])).toEqual([
      ['secrets/env-default', 'medium', 'source'],
      ['secrets/github-pat', 'high', 'source'],
    ]);
    expect(json.notes.some((n) => n.startsWith('secrets: 1 candidate below'))).toBe(true);

    const sarif = JSON.parse(sarifReporter.render(report));
    const results = sarif.runs[0].results as { ruleId: string; rank: number }[];
    expect(results.map((x) => [x.ruleId, x.rank])).toEqual([
      ['secrets/env-default', 60],
      ['secrets/github-pat', 90],
    ]);
    const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: { precision: string } }[];
    expect(Object.fromEntries(rules.map((x) => [x.id, x.properties.precision]))).toEqual({ 'secrets/env-default': 'low', 'secrets/github-pat': 'very-high' });
  });

  it('the console and Markdown name the confidence next to the rule', async () => {
    const report = await scanDir(repo(), { policy: POLICY, only: ['secrets'] });
    const text = consoleReporter.render(report);
    expect(text).toMatch(/secrets\/github-pat high/);
    expect(text).toMatch(/secrets\/env-default medium/);
    expect(text).toContain('note: secrets: 1 candidate below the policy');
    const md = markdownReporter.render(report);
    expect(md).toContain('_(high confidence)_');
    expect(md).toContain('> secrets: 1 candidate below the policy');
  });
});

describe('security-gate scan --all-candidates', () => {
  it('lists the quiet candidates as notices: the verdict and the exit code do not change', async () => {
    const root = makeRepo({ 'tests/test_login.py': `PASSWORD = "${r.chars(ALNUM, 24)}"\n`, 'src/a.ts': 'export {};\n' });
    const quiet = await cli(['scan', root, '--format', 'json']);
    const all = await cli(['scan', root, '--format', 'json', '--all-candidates']);
    expect([quiet.code, all.code]).toEqual([0, 0]);
    const secrets = (out: string) => (JSON.parse(out) as { findings: { check: string; severity: string; properties: Record<string, unknown> }[] }).findings.filter((f) => f.check === 'secrets');
    expect(secrets(quiet.stdout)).toEqual([]);
    expect(secrets(all.stdout).map((f) => [f.severity, f.properties.candidate, f.properties.context])).toEqual([['notice', true, 'test']]);
    const help = await cli(['scan', '--help']);
    expect(help.stdout).toContain('--all-candidates');
  });
});
