import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/checks/secrets/detector.js';
import { compilePatterns } from '../../src/checks/secrets/settings.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import type { PatternOutcome } from '../../src/checks/secrets/types.js';
import { commit, git, makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { SampleRandom } from '../helpers/secret-samples.js';

// Patterns with star height one pass the load-time check (regex-safety.ts), yet some backtrack
// exponentially. Each of these takes minutes to hours on the lines below when run directly.
const r = new SampleRandom(16);
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const policy = (section: string) => `version: 1\nextends: []\nchecks:\n  secrets:\n    time-budget: 200\n${section.replace(/^/gm, '    ')}\n`;
const custom = (regex: string, keywords: string[]) =>
  `patterns:\n  - id: acme-token\n    title: Acme internal API token\n    regex: ${JSON.stringify(regex)}\n    keywords: ${JSON.stringify(keywords)}\n`;

const SLOW = [
  { regex: '(a|aa)+$', keywords: ['aaaa'], line: `export const padding = "${'a'.repeat(64)}!";\n` },
  { regex: '(\\w|\\d){1,30}(a|aa)+$', keywords: ['aaaa'], line: `export const padding = "${'7'.repeat(30)}${'a'.repeat(40)}!";\n` },
  // The classic mistake in a real token pattern: alternatives that match the same characters.
  { regex: '\\bacme_(?<secret>(?:[a-z]|[a-z0-9]){20,})$', keywords: ['acme_'], line: `const example = "acme_${'q'.repeat(48)}"; // see docs\n` },
];

describe('the policy\'s secret patterns run under the time budget (issue 16, item 6)', () => {
  it.each(SLOW)('a custom pattern $regex that backtracks on a file is stopped there and reported; the file is not checked by it', async ({ regex, keywords, line }) => {
    const root = makeRepo({ 'src/padding.ts': line, 'src/ok.ts': 'export const ok = 1;\n' });
    const report = await scanDir(root, { policy: policy(custom(regex, keywords)) });
    expect(summarise(report)).toEqual(['secrets/pattern-timeout src/padding.ts']);
    const [finding] = report.findings;
    expect(finding?.message).toBe('The pattern secrets/acme-token (checks.secrets.patterns[0]) ran longer than 200 ms on this file and was stopped: this file is NOT checked by it.');
    expect(finding?.severity).toBe('error');
    expect(report.verdict).toBe('fail');
    // Finding nothing there is not a pass for the pattern: the check says what it could not evaluate.
    expect(report.checks.find((c) => c.id === 'secrets')?.notEvaluated).toEqual(['the pattern secrets/acme-token ran over its time budget (200 ms), so some files are not checked by it']);
  }, 20_000);

  it('the same pattern still finds its secrets, with their group, elsewhere in the same scan', async () => {
    const token = `acme_${r.chars(LOWER, 32)}`;
    const root = makeRepo({ 'docs/example.ts': (SLOW[2] as (typeof SLOW)[number]).line, 'src/settings.py': `API_URL = "https://api.acme.test"\nACME_TOKEN = ${token}\n` });
    const report = await scanDir(root, { policy: policy(custom('\\bacme_(?<secret>(?:[a-z]|[a-z0-9]){20,})$', ['acme_'])) });
    expect(summarise(report)).toEqual(['secrets/pattern-timeout docs/example.ts', 'secrets/acme-token src/settings.py:2']);
    const found = report.findings[1];
    // The secret is the named group: the token without its `acme_`.
    expect(found?.location).toEqual({ path: 'src/settings.py', line: 2, column: 19, endLine: 2, endColumn: 19 + 32 });
    expect(found?.properties).toMatchObject({ secretLength: 32 });
  }, 20_000);

  it('after 3 files over budget the pattern stops running, and one finding counts the files it skipped', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`data/f${i}.ts`] = (SLOW[0] as (typeof SLOW)[number]).line;
    files['data/g.ts'] = 'const aaaa = 1;\n';
    files['src/unrelated.ts'] = 'export const x = 1;\n';
    const started = Date.now();
    const report = await scanDir(makeRepo(files), { policy: policy(custom('(a|aa)+$', ['aaaa'])) });
    expect(summarise(report)).toEqual(['secrets/pattern-timeout data/f0.ts', 'secrets/pattern-timeout data/f1.ts', 'secrets/pattern-timeout data/f2.ts', 'secrets/pattern-timeout security-policy.yml:7']);
    expect(report.findings[3]?.message).toBe(
      'The pattern secrets/acme-token (checks.secrets.patterns[0]) ran longer than 200 ms on 3 files, so it was stopped and not run on 3 more files: they are NOT checked by it.',
    );
    // Three budgets, not five: the pattern did not run on the files after the third.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('an allow value that backtracks leaves the secret reported, with a finding that says why; after 3, it stops', async () => {
    const files: Record<string, string> = { 'test/fixture.ini': `token = acme_${r.chars('0123456789', 40)}\n` };
    const secrets: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) {
      secrets.push(r.chars('0123456789', 40));
      files[`config/${name}.ini`] = `[acme]\ntoken = acme_${secrets.at(-1)}\n`;
    }
    const allow = `allow:\n  - value: ${JSON.stringify('(\\w|\\d){1,30}(a|aa)+$')}\n    reason: documented test keys\n  - path: "test/**"\n    reason: fixtures\n`;
    const report = await scanDir(makeRepo(files), { policy: policy(`${custom('\\bacme_[0-9]{40}\\b', ['acme_'])}${allow}`) });
    expect(summarise(report)).toEqual([
      'secrets/acme-token config/a.ini:2',
      'secrets/pattern-timeout config/a.ini:2',
      'secrets/acme-token config/b.ini:2',
      'secrets/pattern-timeout config/b.ini:2',
      'secrets/acme-token config/c.ini:2',
      'secrets/pattern-timeout config/c.ini:2',
      'secrets/acme-token config/d.ini:2',
      'secrets/pattern-timeout security-policy.yml:12',
    ]);
    expect(report.findings[1]?.message).toBe('The value pattern of checks.secrets.allow[0] ran longer than 200 ms on the secret found here and was stopped: the secret is reported as not allowed.');
    expect(report.findings[7]?.message).toBe(
      'The value pattern of checks.secrets.allow[0] ran longer than 200 ms on 3 secrets, so it was stopped and not run on 1 more secret: they are reported as not allowed.',
    );
    // The path entry still allows the fixture (whose secret the slow entry was not tried on: it had stopped);
    // the slow entry is not called unused, since it was never fully judged.
    expect(report.suppressed.map((s) => `${s.ruleId} ${s.location?.path} ${s.suppression.kind}`)).toEqual(['secrets/acme-token test/fixture.ini allowlist']);
    for (const secret of secrets) expect(JSON.stringify(report)).not.toContain(secret);
  }, 20_000);

  it('a pattern that backtracks on the empty string is refused when the check starts, not run for minutes', async () => {
    const nothing = `${'(|)'.repeat(30)}x`;
    const root = makeRepo({ 'src/a.ts': 'export const a = 1;\n' });
    const secrets = await scanDir(root, { policy: policy(custom(nothing, ['xx'])) });
    expect(secrets.checks.find((c) => c.id === 'secrets')?.error).toContain('checks.secrets.patterns[0] (acme-token): the regex ran longer than 200 ms on the empty string');
    const rules = await scanDir(root, { policy: `version: 1\nextends: []\nchecks:\n  rules:\n    time-budget: 200\nrules:\n  - id: slow\n    message: x\n    files: "**"\n    require: ${JSON.stringify(nothing)}\n` });
    expect(rules.checks.find((c) => c.id === 'rules')?.error).toContain('the require pattern');
    expect(rules.checks.find((c) => c.id === 'rules')?.error).toContain('ran longer than 200 ms on the empty string');
  }, 20_000);

  it('on a pull request, a hunk a commit adds is reported with its commit when the pattern runs over budget there', async () => {
    const root = makeRepo({ 'src/app.ts': 'export const app = 1;\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const added = commit(root, { 'src/padding.ts': `// generated\n${(SLOW[0] as (typeof SLOW)[number]).line}` }, 'add padding');
    const report = await scanDir(root, { policy: policy(custom('(a|aa)+$', ['aaaa'])), scope: { kind: 'pr', base, head: added } });
    const timeouts = report.findings.filter((f) => f.ruleId === 'secrets/pattern-timeout');
    expect(timeouts.map((f) => [f.location?.path, f.location?.line, f.commit ?? 'diff'])).toEqual([
      ['src/padding.ts', 1, 'diff'],
      ['src/padding.ts', 1, added],
    ]);
    expect(timeouts[0]?.message).toBe('The pattern secrets/acme-token (checks.secrets.patterns[0]) ran longer than 200 ms on the lines added here and was stopped: these lines are NOT checked by it.');
  }, 20_000);
});

describe('the detector and policy patterns', () => {
  const rules = compilePatterns([{ id: 'acme-token', title: 'Acme token', regex: '(?<key>acme)_(?<secret>[a-z0-9]{24})(a|aa)*$', keywords: ['acme_'] }], SECRET_RULES, 200);

  it('finds a policy pattern\'s matches with their groups, through the executor', () => {
    const token = r.chars(LOWER, 24);
    const outcomes: PatternOutcome[] = [];
    const [m, ...rest] = createDetector(rules, { budgetMs: 200 }).scan(`const t = acme_${token}\n`, 'a.ts', { outcomes });
    expect(rest).toEqual([]);
    expect([m?.rule.id, m?.secret, m?.start]).toEqual(['secrets/acme-token', token, 15]);
    expect(outcomes).toEqual([{ rule: 'secrets/acme-token', status: 'ran', matched: true }]);
  });

  it('reports over budget and skipped patterns to the caller, and throws rather than pass silently without one', () => {
    const d = createDetector(rules, { budgetMs: 100 });
    const slow = `x = acme_${r.chars(LOWER, 24)}${'a'.repeat(60)}!\n`;
    const outcomes: PatternOutcome[] = [];
    expect(d.scan(slow, 'a.ts', { outcomes })).toEqual([]);
    expect(outcomes).toEqual([{ rule: 'secrets/acme-token', status: 'over-budget' }]);
    const skipped: PatternOutcome[] = [];
    expect(d.scan(slow, 'a.ts', { skip: () => true, outcomes: skipped })).toEqual([]);
    expect(skipped).toEqual([{ rule: 'secrets/acme-token', status: 'skipped' }]);
    expect(() => d.scan(slow, 'a.ts')).toThrow('secrets/acme-token: the pattern ran longer than 100 ms on a.ts');
  }, 20_000);
});
