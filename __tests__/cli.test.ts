import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { main, type CliIo } from '../src/cli/main.js';
import { loadPolicy } from '../src/policy/load.js';
import { VERSION } from '../src/version.js';
import { makeDir, makeRepo, writeFiles } from './helpers/repo.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const leaky = () => makeRepo({ 'deploy/id_rsa': 'x\n', 'src/index.ts': 'export const ok = true;\n' });

describe('CLI', () => {
  it('--version matches package.json; --help documents every command', async () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['scan', 'init', 'baseline', '<command> --help', 'Exit codes']) expect(help.stdout).toContain(word);
    const scanHelp = (await cli(['scan', '--help'])).stdout;
    for (const word of ['--policy', '--format', '--output', '--base', '--head', 'Exit codes']) expect(scanHelp).toContain(word);
    expect((await cli([])).code).toBe(2);
  });

  it('exit code 1 when the gate fails, 0 when it passes', async () => {
    const failing = await cli(['scan', leaky()]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('deploy/id_rsa');
    expect(failing.stdout).toMatch(/✖ FAIL {2}1 error/);
    expect(failing.stderr).toContain('No security-policy.yml found');
    const passing = await cli(['scan', makeRepo({ 'src/a.ts': 'export {};\n' })]);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/✔ PASS/);
    expect((await cli(['scan', leaky(), '--fail-on', 'none'])).code).toBe(0);
  });

  it('scans the current directory by default and writes any format to a file', async () => {
    const root = leaky();
    const json = await cli(['scan', '--format', 'json'], root);
    expect(JSON.parse(json.stdout).findings[0].location.path).toBe('deploy/id_rsa');
    const out = await cli(['scan', '-f', 'sarif', '-o', 'reports/gate.sarif'], root);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(root, 'reports/gate.sarif'), 'utf8')).version).toBe('2.1.0');
    const md = await cli(['scan', '--format', 'markdown'], root);
    expect(md.stdout).toMatch(/^## ❌ Security Gate: failed/);
  });

  it('usage and policy errors exit 2 with a precise message', async () => {
    expect(await cli(['scan', '--format', 'xml'])).toMatchObject({ code: 2 });
    expect((await cli(['scan', '--format', 'xml'])).stderr).toContain('unknown format "xml" (formats: console, json, sarif, markdown)');
    expect((await cli(['scan', '--bogus'])).code).toBe(2);
    expect((await cli(['frobnicate'])).stderr).toContain('unknown command "frobnicate"');
    expect((await cli(['scan', '--fail-on', 'high'])).stderr).toContain('--fail-on must be error, warning, notice or none');
    const root = makeRepo({ 'security-policy.yml': 'version: 1\nchecks:\n  files:\n    enabled: yes please\n' });
    const bad = await cli(['scan', root]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('security-policy.yml:4:14: checks.files.enabled must be a boolean, found a string ("yes please")');
    expect((await cli(['scan', root, '--base', 'nope'])).code).toBe(2);
  });

  it('--base must name a commit of the clone', async () => {
    const root = leaky();
    const result = await cli(['scan', root, '--base', 'origin/does-not-exist']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--base origin/does-not-exist is not a commit in this clone');
    expect((await cli(['scan', root, '--head', 'HEAD'])).stderr).toContain('--head needs --base');
  });

  it('init writes a valid starter policy once', async () => {
    const root = makeRepo({ 'package.json': '{"name":"x","dependencies":{"express":"4.19.2"}}', 'src/app.js': 'module.exports = {};\n' });
    const first = await cli(['init', root]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Wrote security-policy.yml');
    const loaded = await loadPolicy({ root, checks: CHECKS });
    expect(loaded.defaulted).toBe(false);
    expect(loaded.chain[0]).toBe('preset:recommended');
    const again = await cli(['init', root]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists (use --force');
    expect((await cli(['init', root, '--force'])).code).toBe(0);
  });

  it('baseline accepts today\'s findings; a new one still fails', async () => {
    const root = leaky();
    writeFiles(root, { 'security-policy.yml': 'version: 1\nbaseline: .security-gate/baseline.json\n' });
    const written = await cli(['baseline', root]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('Wrote 1 finding(s) to .security-gate/baseline.json');
    expect(JSON.parse(readFileSync(join(root, '.security-gate/baseline.json'), 'utf8')).findings[0].rule).toBe('files/sensitive-file');
    expect((await cli(['scan', root])).code).toBe(0);
    writeFiles(root, { 'more/.pgpass': 'x' });
    const after = await cli(['scan', root]);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('more/.pgpass');
    expect(after.stdout).not.toContain('deploy/id_rsa');
    // Regenerating keeps the accepted findings and adds the new one.
    expect((await cli(['baseline', root])).stdout).toContain('Wrote 2 finding(s)');
  });

  it('the bundled dist/cli.js runs without node_modules and keeps the exit codes', () => {
    const dir = makeDir({});
    const version = execFileSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), '--version'], { cwd: dir, encoding: 'utf8' });
    expect(version.trim()).toBe(VERSION);
    const run = spawnSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), 'scan', leaky(), '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).verdict).toBe('fail');
  });
});
