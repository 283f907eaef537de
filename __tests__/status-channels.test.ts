import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { defineCheck, type Check } from '../src/core/check.js';
import { shortSummary } from '../src/github/summary.js';
import { consoleReporter } from '../src/reporters/console.js';
import { jsonReporter } from '../src/reporters/json.js';
import { markdownReporter } from '../src/reporters/markdown.js';
import { makeDir, makeRepo, scanDir } from './helpers/repo.js';

/** A check that cannot read what it is about (a framework it has no reader for). */
const blind = defineCheck({
  meta: { id: 'blind', title: 'Blind', description: 'Cannot read Django settings.', covers: ['Security headers are configured', 'No hardcoded secrets'], rules: [{ id: 'blind/hsts', title: 'HSTS', description: 'HSTS.', severity: 'error' }], settings: {} },
  create(ctx) {
    return { finish: () => ctx.notEvaluated('no reader for Django settings') };
  },
}) as Check<never>;
const checks = [...CHECKS, blind] as Check<never>[];

const EXPECT = 'version: 1\nchecks:\n  env:\n    expect:\n      .env.production:\n        RATE_LIMIT_ENABLED: "true"\n        AUTH_REQUIRED: "true"\n        DEBUG: "false"\n';

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('three-valued status in every channel', () => {
  it('the checklist lists each item once, failed only when a check behind it found something', async () => {
    const root = makeRepo({ 'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n', 'src/a.ts': 'export {};\n' });
    const report = await scanDir(root);
    const md = markdownReporter.render(report);
    // secrets, files and env each cover it: one line, failed (files found a key), not ✅ once and ❌ twice.
    expect(count(md, 'No hardcoded secrets')).toBe(1);
    expect(md).toMatch(/^- ❌ No hardcoded secrets — \d+ findings?$/m);
    const item = report.checklist!.find((i) => i.text === 'No hardcoded secrets')!;
    expect(item.parts.map((p) => [p.check, p.status])).toEqual([['files', 'fail'], ['secrets', 'pass'], ['env', 'pass']]);
    expect(item.status).toBe('fail');
  });

  it('one failing env variable does not turn the other expected values red; a value the policy does not expect is not evaluated', async () => {
    const root = makeRepo({ '.env.production': 'RATE_LIMIT_ENABLED=false\nAUTH_REQUIRED=true\nDEBUG=false\n', 'src/a.ts': 'export {};\n' });
    const report = await scanDir(root, { policy: EXPECT });
    const status = (text: string) => report.checklist!.find((i) => i.text === text)?.status;
    expect(status('Verify that `RATE_LIMIT_ENABLED=true` in production configs')).toBe('fail');
    expect(status('AUTH_REQUIRED=true in production')).toBe('pass');
    expect(status('DEBUG=false')).toBe('pass');
    const md = markdownReporter.render(report);
    expect(md).toContain('- ❌ Verify that `RATE_LIMIT_ENABLED=true` in production configs — 1 finding');
    expect(md).toContain('- ✅ AUTH_REQUIRED=true in production\n');
    expect(md).toContain('- ✅ DEBUG=false\n');

    const unasked = await scanDir(root, { policy: 'version: 1\nchecks:\n  env:\n    expect:\n      .env.production:\n        RATE_LIMIT_ENABLED: "true"\n' });
    const debug = unasked.checklist!.find((i) => i.text === 'DEBUG=false')!;
    expect(debug).toMatchObject({ status: 'not-evaluated', reasons: ['the policy expects no value for DEBUG (checks.env.expect)'] });
    expect(markdownReporter.render(unasked)).toContain('- ❔ DEBUG=false — not evaluated: the policy expects no value for DEBUG (checks.env.expect)');
  });

  it('not evaluated and off are told apart in console, JSON, Markdown and the sticky comment; neither is ✅', async () => {
    const root = makeRepo({ 'settings.py': 'DEBUG = False\n', '.gitignore': '.env\n' });
    const report = await scanDir(root, { checks, policy: 'version: 1\nchecks:\n  blind: {}\n  cookies:\n    enabled: false\n' });
    const item = (text: string) => report.checklist!.find((i) => i.text === text)!;
    expect(item('Security headers are configured')).toMatchObject({ status: 'not-evaluated', reasons: ['no reader for Django settings'] });
    // One part that could not look keeps an item from passing, whatever the others say.
    expect(item('No hardcoded secrets').status).toBe('not-evaluated');
    expect(item('Session cookies are Secure + HttpOnly + SameSite=Strict').status).toBe('disabled');

    const md = markdownReporter.render(report);
    expect(md).toMatch(/^❔ \*\*Not evaluated\*\* \(never counted as passed\): .*Blind \(no reader for Django settings\)/m);
    expect(md).toContain('- ❔ Security headers are configured — not evaluated: no reader for Django settings');
    expect(md).toContain('- ➖ Session cookies are Secure + HttpOnly + SameSite=Strict — off (disabled by the policy)');
    expect(md).toContain('- ➖ **Session cookies** — off (disabled by the policy)');
    expect(md).not.toMatch(/✅ (Security headers are configured|No hardcoded secrets)/);

    const text = consoleReporter.render(report);
    expect(text).toMatch(/Not evaluated \(never counted as passed\):\n( {2}\? .*\n)* {2}\? Blind: no reader for Django settings\n/);
    expect(text).toContain('Off (disabled by the policy): Session cookies');
    expect(text).toMatch(/Checklist: 0 failed · \d+ not evaluated · \d+ passed · 3 off/);
    expect(text).toContain('  ? Security headers are configured: no reader for Django settings');

    const json = JSON.parse(jsonReporter.render(report));
    expect(json.checks.find((c: { id: string }) => c.id === 'blind')).toMatchObject({ status: 'not-evaluated', notEvaluated: ['no reader for Django settings'] });
    expect(json.checks.find((c: { id: string }) => c.id === 'cookies').status).toBe('disabled');
    expect(json.checklist.find((i: { text: string }) => i.text === 'Security headers are configured').status).toBe('not-evaluated');

    const sticky = shortSummary(report, 65_000, { fullReportHint: 'Every finding: https://github.com/o/r/runs/1' });
    expect(sticky).toContain('- ❔ Security headers are configured — not evaluated: no reader for Django settings');
    expect(sticky).not.toContain('<details>');
    // The short form: the gaps, not the folded detail (how short depends on how much was not evaluated).
    expect(sticky.length).toBeLessThan(md.length);
  });

  it('a scan that reads no file, and a check with no rules to apply, say so instead of passing', async () => {
    const empty = await scanDir(makeDir({}), { policy: 'version: 1\nallow-empty-scan: true\n' });
    expect(empty.verdict).toBe('pass');
    expect(empty.checks.filter((c) => c.status === 'pass' && c.id !== 'policy')).toEqual([]);
    expect(empty.checks.find((c) => c.id === 'secrets')).toMatchObject({ status: 'not-evaluated', notEvaluated: ['the scan read no file'] });
    const md = markdownReporter.render(empty);
    expect(md).toContain('> The scan read no file: nothing here was checked, and no check counts as passed.');
    expect(md).not.toMatch(/^- ✅/m);

    const root = makeRepo({ 'src/a.ts': 'export {};\n' });
    const none = await scanDir(root, { policy: 'version: 1\n' });
    expect(none.checks.find((c) => c.id === 'rules')).toMatchObject({ status: 'not-evaluated', notEvaluated: ['there are no rules to evaluate'] });
    expect(none.checklist!.find((i) => i.text === 'Rate limiting on auth endpoints (10/min)')!.status).toBe('not-evaluated');
    const withRule = await scanDir(root, { policy: 'version: 1\nrules:\n  - id: no-eval\n    message: No eval.\n    files: "**/*.ts"\n    forbid: "eval\\\\("\n' });
    expect(withRule.checks.find((c) => c.id === 'rules')).toMatchObject({ status: 'pass', rules: [{ id: 'rules/no-eval', status: 'pass', findings: 0 }] });
  });
});
