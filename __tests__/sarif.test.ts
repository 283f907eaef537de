import type { Ajv } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import { createRequire } from 'node:module';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { defineCheck, type Check } from '../src/core/check.js';
import type { Report } from '../src/core/report.js';
import { sarifReporter } from '../src/reporters/sarif.js';
import { codeScanningProblems } from './helpers/code-scanning.js';
import { marker } from './helpers/marker-check.js';
import { commit, makeRepo, scanDir } from './helpers/repo.js';

const require = createRequire(import.meta.url);
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module) as unknown as new (o: object) => Ajv;
const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>);

/** The SARIF of a report, checked against the OASIS schema and code scanning's rules. */
function sarifOf(report: Report): Sarif.Log {
  const log = JSON.parse(sarifReporter.render(report)) as Sarif.Log;
  expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
  expect(codeScanningProblems(log)).toEqual([]);
  return log;
}

const blind = defineCheck({
  meta: { id: 'blind', title: 'Blind', description: 'Cannot read Django settings.', covers: ['Security headers are configured'], rules: [{ id: 'blind/hsts', title: 'HSTS', description: 'HSTS.', severity: 'error' }], settings: {} },
  create(ctx) {
    return { finish: () => ctx.notEvaluated('no reader for Django settings') };
  },
}) as Check<never>;

describe('SARIF for GitHub code scanning', () => {
  it('the ingestion checker refuses what code scanning refuses', () => {
    const rule = { id: 'a/b', shortDescription: { text: 's' }, fullDescription: { text: 'f' }, help: { text: 'h' }, properties: { tags: ['security', 'dependencies', 'security', 'dependencies'] } };
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x', rules: [rule] } }, results: [
        { ruleId: 'a/b', message: { text: 'no location' }, partialFingerprints: { k: 'v' } },
        { ruleId: 'a/b', message: { text: '' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///abs/path.ts' }, region: { startLine: 0 } } }] },
      ] }],
    } as unknown as Sarif.Log;
    expect(codeScanningProblems(log)).toEqual([
      'runs[0].rules[0] a/b: tags repeat: ["security","dependencies","security","dependencies"]',
      'runs[0].results[0] a/b: locationFromSarifResult: expected at least one location',
      'runs[0].results[1] a/b: message.text is required (and not empty)',
      'runs[0].results[1] a/b locations[0]: uri file:///abs/path.ts is not a path relative to the repository root',
      'runs[0].results[1] a/b locations[0]: region.startLine is required (a line from 1)',
      'runs[0].results[1] a/b: partialFingerprints is required',
    ]);
  });

  it('the bundled example passes the schema and the ingestion rules, tags unique', async () => {
    const log = sarifOf(await scanDir('examples/nextjs-app'));
    const run = log.runs[0]!;
    expect(run.results!.length).toBeGreaterThan(10);
    const dependencies = run.tool.driver.rules!.filter((r) => r.id.startsWith('dependencies/'));
    expect(dependencies.length).toBeGreaterThan(0);
    for (const r of dependencies) expect(r.properties!.tags).toEqual([...new Set(r.properties!.tags as string[])]);
  });

  it('findings about the whole repository are placed on line 1 of a file that exists, never left without a location', async () => {
    // No policy file: `headers/missing` has no place of its own.
    const root = makeRepo({ 'package.json': JSON.stringify({ name: 'app', dependencies: { express: '4.19.2' } }), 'README.md': '# app\n', 'src/index.js': 'module.exports = 1;\n' });
    const report = await scanDir(root);
    const placeless = [...new Set(report.findings.filter((f) => !f.location).map((f) => f.ruleId))];
    expect(placeless).toEqual(expect.arrayContaining(['headers/missing']));
    const results = sarifOf(report).runs[0]!.results!;
    for (const r of results.filter((x) => placeless.includes(x.ruleId!))) {
      expect(r.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
      expect(r.properties!.repositoryLevel).toBe(true);
    }
    // With only a README at the root (the app lives in a folder), what has no place sits on it.
    const bare = makeRepo({ 'README.md': '# app\n', 'app/package.json': JSON.stringify({ name: 'app', dependencies: { express: '4.19.2' } }), 'app/src/index.js': 'module.exports = 1;\n' });
    const report2 = await scanDir(bare);
    const placeless2 = new Set(report2.findings.filter((f) => !f.location).map((f) => f.ruleId));
    expect(placeless2.size).toBeGreaterThan(0);
    for (const r of sarifOf(report2).runs[0]!.results!.filter((x) => placeless2.has(x.ruleId!))) expect(r.locations![0]!.physicalLocation!.artifactLocation!.uri, r.ruleId).toBe('README.md');
  });

  it('partialFingerprints are stable across runs and unrelated edits', async () => {
    const root = makeRepo({ 'src/a.ts': 'export {};\n// TODO-SECURITY rotate\n', 'keys/id_rsa': 'x\n' });
    const checks = [...CHECKS, marker] as Check<never>[];
    const policy = 'version: 1\nchecks:\n  marker: {}\n  files: {}\n';
    const prints = async () => Object.fromEntries(sarifOf(await scanDir(root, { policy, checks })).runs[0]!.results!.map((r) => [`${r.ruleId} ${r.locations![0]!.physicalLocation!.artifactLocation!.uri}`, r.partialFingerprints!['securityGate/v1']]));
    const first = await prints();
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['marker/todo src/a.ts', 'files/sensitive-file keys/id_rsa']));
    expect(await prints()).toEqual(first);
    commit(root, { 'src/a.ts': 'export {};\n\n\nconst x = 1;\n// TODO-SECURITY rotate\n' }, 'move it down');
    expect(await prints()).toEqual(first);
  });

  it('at most 25,000 results, the most severe kept and the rest counted; a finding of a commit sits on line 1 of its file', async () => {
    const report = await scanDir('examples/nextjs-app');
    const base = report.findings;
    report.findings = Array.from({ length: 25_010 }, (_, i) => ({ ...(base[i % base.length]!), severity: i < 10 ? 'notice' : 'error', fingerprint: i.toString(16).padStart(32, '0') }));
    report.findings[20] = { ...report.findings[20]!, commit: 'c'.repeat(40), location: { path: 'src/gone.ts', line: 7 } };
    const run = sarifOf(report).runs[0]!;
    expect(run.results).toHaveLength(25_000);
    expect(run.results!.filter((r) => r.level === 'note')).toEqual([]);
    expect(run.invocations![0]!.toolExecutionNotifications).toContainEqual({ level: 'warning', message: { text: '10 more result(s) were left out: GitHub code scanning accepts 25,000 per run. The JSON report has every finding.' } });
    const fromCommit = run.results!.find((r) => r.properties?.commit)!;
    expect(fromCommit.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'src/gone.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(fromCommit.message.text).toContain(`(in commit ${'c'.repeat(12)}, line 7 there)`);
  });

  it('not evaluated and off are tool execution notifications, told apart', async () => {
    const root = makeRepo({ 'settings.py': 'DEBUG = False\n', '.gitignore': '.env\n' });
    const report = await scanDir(root, {
      checks: [...CHECKS, blind] as Check<never>[],
      policy: 'version: 1\nchecks:\n  blind: {}\n  cookies:\n    enabled: false\n  files:\n    severity:\n      files/sensitive-file: "off"\n',
    });
    const notes = sarifOf(report).runs[0]!.invocations![0]!.toolExecutionNotifications!;
    const status = (p: Record<string, unknown>) => notes.filter((n) => Object.entries(p).every(([k, v]) => n.properties?.[k] === v)).map((n) => [n.level, n.message.text]);
    expect(status({ check: 'blind' })).toEqual([['warning', 'The blind check was not evaluated: no reader for Django settings.']]);
    expect(status({ check: 'cookies' })).toEqual([['note', 'The cookies check is off (disabled by the policy).']]);
    expect(status({ rule: 'files/sensitive-file' })).toEqual([['note', 'Rule files/sensitive-file is off (disabled by the policy).']]);
    expect(status({ checklistItem: 'Security headers are configured', status: 'not-evaluated' })).toHaveLength(1);
  });
});
