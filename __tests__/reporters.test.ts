import type { Ajv } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import type { Report } from '../src/core/report.js';
import { consoleReporter } from '../src/reporters/console.js';
import { jsonReporter } from '../src/reporters/json.js';
import { cell, markdownReporter } from '../src/reporters/markdown.js';
import { sarifReporter } from '../src/reporters/sarif.js';
import { marker } from './helpers/marker-check.js';
import { makeRepo, scanDir } from './helpers/repo.js';

/** Spelled out at run time, so that the gate scanning this repository does not take these fixtures for directives. */
const IGNORE = ['security-gate', 'ignore'].join('-');

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS with a default export; under ESM the class sits on .default.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module) as unknown as new (o: object) => Ajv;
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>;
const checks = [...CHECKS, marker] as Check<never>[];

async function sampleReport(): Promise<Report> {
  const root = makeRepo({
    'src/app.ts': 'const a = 1;\n// TODO-SECURITY | pipes | and <b>tags</b>\n',
    'src/dir with space/ü.ts': 'TODO-SECURITY\n',
    'src/ok.ts': `// TODO-SECURITY  // ${IGNORE}: marker/todo -- fixture\n`,
    'keys/id_rsa': 'x\n',
  });
  return scanDir(root, {
    policy: 'version: 1\nchecks:\n  marker: {}\n  files: {}\nexceptions:\n  - rule: marker/note\n    reason: none yet\n    expires: 2099-01-01\n',
    checks,
  });
}

describe('SARIF', () => {
  it('is valid against the official SARIF 2.1.0 schema and carries rules, fingerprints and suppressions', async () => {
    const report = await sampleReport();
    const sarif = JSON.parse(sarifReporter.render(report));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(['files/sensitive-file', 'marker/todo', 'policy/exception-unused']);
    const rule = run.tool.driver.rules[1];
    expect(rule.properties['security-severity']).toBe('7.5');
    expect(rule.defaultConfiguration.level).toBe('error');
    const results = run.results as { ruleId: string; ruleIndex: number; locations?: unknown[]; partialFingerprints: Record<string, string>; suppressions?: unknown[]; level: string }[];
    expect(results.every((r) => ids[r.ruleIndex] === r.ruleId)).toBe(true);
    expect(results.every((r) => /^[0-9a-f]{32}$/.test(r.partialFingerprints['securityGate/v1'] as string))).toBe(true);
    const spaced = results.find((r) => JSON.stringify(r.locations).includes('space'));
    expect(JSON.stringify(spaced?.locations)).toContain('src/dir%20with%20space/%C3%BC.ts');
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'fixture' }]);
    expect(results.find((r) => r.ruleId === 'policy/exception-unused')?.level).toBe('note');
  });
});

describe('Markdown', () => {
  it('renders the verdict, what to fix by rule, the checklist and the folded rest', async () => {
    const md = markdownReporter.render(await sampleReport());
    expect(md).toMatch(/^## ❌ Security Gate: failed\n/);
    expect(md).toContain('3 errors · 0 warnings · 1 notice · 1 suppressed — fails on error');
    expect(md).toContain('### What to fix\n\n#### 🔴 Security TODO (`marker/todo`): 2 findings in 2 files\n\n- `src/app.ts:2`: Open security TODO\n- `src/dir with space/ü.ts:1`: Open security TODO\n');
    expect(md).toContain('- ❌ No hardcoded secrets — 1 finding');
    expect(md).toContain('<details><summary>Checks and rules</summary>\n\n- ❌ **Sensitive files** — 1 finding\n  - ❌ `files/sensitive-file` Credential file committed: 1\n');
    expect(md).toContain('- ❌ **Marker** — 2 findings (1 suppressed)\n  - ❌ `marker/todo` Security TODO: 2\n  - ✅ 1 other rule passed\n');
    expect(md).toContain('<details><summary>1 suppressed finding</summary>\n\n- inline: 1 finding (`marker/todo`) — fixture\n');
    // Rules without findings are counted, not listed one by one.
    expect(md).not.toContain('secrets/github-pat');
    expect(cell('a | b\nc <x>')).toBe('a \\| b<br>c &lt;x>');
  });

  it('stays under a size limit, says so, and never leaves a <details> open', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`src/file-${i}.ts`] = 'TODO-SECURITY\n'.repeat(3);
    const report = await scanDir(makeRepo({ ...files, 'ok.ts': `TODO-SECURITY // ${IGNORE}: marker/todo -- x\n` }), {
      policy: 'version: 1\nchecks:\n  marker: {}\n',
      checks,
    });
    const links = { repository: 'https://github.com/octo-org/helpdesk', ref: 'a'.repeat(40) };
    const full = markdownReporter.render(report, { links });
    expect(Buffer.byteLength(full)).toBeGreaterThan(60_000);
    const cut = markdownReporter.render(report, { maxBytes: 20_000, fullReportHint: 'See the SARIF artifact.', links });
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(20_000);
    expect(cut).toMatch(/✂️ [\d,]+ more lines of this report were cut to fit the size limit\. See the SARIF artifact\./);
    expect(cut.split('<details>').length).toBe(cut.split('</details>').length);
    expect(cut).toContain('### Checklist');
  });
});

describe('console', () => {
  it('groups by check and file, ends with a verdict, and colours only when asked', async () => {
    const report = await sampleReport();
    const plain = consoleReporter.render(report, { color: false });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('Marker (marker)\n  src/app.ts\n    2:4      error   Open security TODO  marker/todo');
    expect(plain.trimEnd().split('\n').at(-1)).toBe('✖ FAIL  3 errors · 0 warnings · 1 notice · 1 suppressed — fails on error');
    expect(consoleReporter.render(report, { color: true })).toContain('\u001b[31m');
  });
});

describe('JSON', () => {
  it('has the verdict, counts, findings with fingerprints and the suppressed list', async () => {
    const json = JSON.parse(jsonReporter.render(await sampleReport()));
    expect(json).toMatchObject({ schemaVersion: 1, verdict: 'fail', conclusion: 'failure', counts: { error: 3, warning: 0, notice: 1, suppressed: 1 } });
    expect(json.findings[0]).toMatchObject({ check: 'files', ruleId: 'files/sensitive-file', severity: 'error', location: { path: 'keys/id_rsa' } });
    expect(json.suppressed[0].suppression).toEqual({ kind: 'inline', reason: 'fixture', location: { path: 'src/ok.ts', line: 1, column: 22 } });
  });
});

describe('console at scale', () => {
  /** Steps of every array iterator during `run`: work counted rather than timed. */
  function arraySteps(run: () => void): number {
    const proto = Object.getPrototypeOf([][Symbol.iterator]()) as { next: (...a: unknown[]) => unknown };
    const next = proto.next;
    let steps = 0;
    proto.next = function (this: unknown, ...a: unknown[]) {
      steps++;
      return next.apply(this, a);
    };
    try {
      run();
    } finally {
      proto.next = next;
    }
    return steps;
  }

  it('does work linear in the findings of one file (an .env.example of duplicate keys)', async () => {
    const steps: number[] = [];
    for (const lines of [1000, 4000]) {
      const report = await scanDir(makeRepo({ '.env.example': 'A=\n'.repeat(lines) }), { policy: 'version: 1\nlimits:\n  max-findings-per-file: 100000\nchecks:\n  env: {}\n', only: ['env'] });
      expect(report.findings.filter((f) => f.ruleId === 'env/duplicate-key')).toHaveLength(lines - 1);
      let text = '';
      steps.push(arraySteps(() => (text = consoleReporter.render(report))));
      expect(text.split('\n').filter((l) => l.includes('env/duplicate-key'))).toHaveLength(lines - 1);
    }
    // Four times the findings, about four times the work (a quadratic renderer does sixteen times).
    expect((steps[1] as number) / (steps[0] as number)).toBeLessThan(5);
    expect(steps[1]).toBeLessThan(4000 * 20);
  });
});
