import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { PolicyError, type PolicyProblem } from '../src/policy/errors.js';
import { loadPolicy, loadPolicyText } from '../src/policy/load.js';
import { PRESETS } from '../src/policy/presets.js';
import { buildPolicySchema } from '../src/policy/schema.js';
import { makeDir } from './helpers/repo.js';

async function problems(text: string, files: Record<string, string> = {}): Promise<PolicyProblem[]> {
  const root = makeDir(files);
  try {
    await loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

async function load(text: string, files: Record<string, string> = {}) {
  return loadPolicyText('security-policy.yml', text, { root: makeDir(files), checks: CHECKS });
}

describe('policy loading', () => {
  it('a two-line policy extends recommended', async () => {
    const loaded = await load('version: 1\nextends: [recommended]\n');
    expect(loaded.chain).toEqual(['preset:recommended', 'security-policy.yml']);
    expect(loaded.policy.failOn).toBe('error');
    expect(Object.keys(loaded.policy.checks)).toContain('files');
  });

  it('no extends means recommended; an empty list means nothing', async () => {
    expect((await load('version: 1\n')).chain).toEqual(['preset:recommended', 'security-policy.yml']);
    const bare = await load('version: 1\nextends: []\n');
    expect(bare.chain).toEqual(['security-policy.yml']);
    expect(bare.policy.checks).toEqual({});
  });

  it('no policy file runs recommended and says so', async () => {
    const loaded = await loadPolicy({ root: makeDir({ 'a.txt': 'x' }), checks: CHECKS });
    expect(loaded.defaulted).toBe(true);
    expect(loaded.chain).toEqual(['preset:recommended']);
  });

  it('finds .github/security-policy.yml', async () => {
    const root = makeDir({ '.github/security-policy.yml': 'version: 1\nfail-on: warning\n' });
    const loaded = await loadPolicy({ root, checks: CHECKS });
    expect(loaded.source?.file).toBe('.github/security-policy.yml');
    expect(loaded.policy.failOn).toBe('warning');
  });

  it('merges sections key by key, later layers winning, and accumulates ignores', async () => {
    const base = 'version: 1\nextends: []\nignore: ["vendor/**"]\nchecks:\n  files:\n    allow: ["a/**"]\n';
    const loaded = await load('version: 1\nextends: [./base.yml]\nignore: ["dist/**"]\nchecks:\n  files:\n    enabled: false\n', { 'base.yml': base });
    expect(loaded.policy.ignore).toEqual(['vendor/**', 'dist/**']);
    expect(loaded.policy.checks.files).toEqual({ allow: ['a/**'], enabled: false });
  });

  it('parses sizes', async () => {
    expect((await load('version: 1\nlimits:\n  max-file-size: 2MB\n')).policy.limits.maxFileSize).toBe(2 * 1024 * 1024);
    expect((await load('version: 1\nlimits:\n  max-file-size: 512\n')).policy.limits.maxFileSize).toBe(512);
  });

  it('every preset is valid on its own', async () => {
    for (const name of Object.keys(PRESETS)) {
      const loaded = await load(`version: 1\nextends: [${name}]\n`);
      expect(loaded.chain).toContain(`preset:${name}`);
    }
  });
});

describe('malformed policies give file, line, column and key', () => {
  it('bad YAML', async () => {
    const [p] = await problems('version: 1\nchecks:\n  files: {enabled: true\n');
    expect(p).toMatchObject({ file: 'security-policy.yml', line: 4 });
    expect(p?.message).toMatch(/^invalid YAML/);
  });

  it('a tab-indented or broken mapping', async () => {
    const [p] = await problems('version: 1\nchecks:\n  files:\n   enabled: true\n  - x\n');
    expect(p?.line).toBe(5);
  });

  it('duplicate keys', async () => {
    const [p] = await problems('version: 1\nfail-on: error\nfail-on: warning\n');
    expect(p).toMatchObject({ line: 3, column: 1 });
    expect(p?.message).toMatch(/unique/);
  });

  it('unknown top-level key, with a suggestion', async () => {
    const list = await problems('version: 1\nfail_on: error\n');
    expect(list).toEqual([
      { file: 'security-policy.yml', line: 2, column: 1, key: 'fail_on', message: 'unknown key "fail_on": did you mean "fail-on"?' },
    ]);
  });

  it('unknown key inside a check section', async () => {
    const [p] = await problems('version: 1\nchecks:\n  files:\n    alow: ["x/**"]\n');
    expect(p).toMatchObject({ line: 4, column: 5, key: 'checks.files.alow' });
    expect(p?.message).toBe('unknown key "alow" in checks.files: did you mean "allow"?');
  });

  it('unknown check', async () => {
    const [p] = await problems('version: 1\nchecks:\n  filez: {}\n');
    expect(p).toMatchObject({ line: 3, column: 3, key: 'checks.filez' });
    expect(p?.message).toMatch(/did you mean "files"/);
  });

  it('wrong type', async () => {
    const [p] = await problems('version: 1\nignore: "dist/**"\n');
    expect(p).toMatchObject({ line: 2, column: 9, key: 'ignore' });
    expect(p?.message).toBe('ignore must be a list, found a string ("dist/**")');
  });

  it('wrong enum value', async () => {
    const [p] = await problems('version: 1\nfail-on: critical\n');
    expect(p).toMatchObject({ line: 2, column: 10 });
    expect(p?.message).toMatch(/fail-on must be one of "error", "warning", "notice", "none", found a string \("critical"\)/);
  });

  it('wrong version', async () => {
    const [p] = await problems('version: 2\n');
    expect(p).toMatchObject({ line: 1, column: 10, message: 'version must be 1, found a number (2)' });
  });

  it('missing version', async () => {
    const [p] = await problems('fail-on: error\n');
    expect(p?.message).toBe('(root) is missing the required key "version"');
  });

  it('bad globs', async () => {
    const list = await problems('version: 1\nignore:\n  - "src/[abc"\n  - "../outside/**"\n  - "/etc/passwd"\n');
    expect(list.map((p) => [p.line, p.column, p.key])).toEqual([
      [3, 5, 'ignore[0]'],
      [4, 5, 'ignore[1]'],
      [5, 5, 'ignore[2]'],
    ]);
    expect(list[0]?.message).toMatch(/"src\/\[abc" is not a valid glob: Missing closing: "\]"/);
    expect(list[1]?.message).toMatch(/climbs out of the repository/);
    expect(list[2]?.message).toMatch(/is absolute/);
  });

  it('exceptions need a reason, an expiry and something to match', async () => {
    const list = await problems('version: 1\nexceptions:\n  - path: "a/**"\n    expires: 2027-02-30\n');
    const messages = list.map((p) => p.message);
    expect(messages).toContain('exceptions[0] is missing the required key "reason"');
    expect(messages).toContain('exceptions[0]: an exception needs a `fingerprint` or a `rule` (optionally with a `path`)');
    expect(messages).toContain('exceptions[0].expires "2027-02-30" is not a valid date (write YYYY-MM-DD, e.g. 2027-01-31)');
    expect(list.find((p) => p.key === 'exceptions[0].expires')).toMatchObject({ line: 4, column: 14 });
  });

  it('exceptions naming an unknown rule', async () => {
    const [p] = await problems('version: 1\nexceptions:\n  - rule: files/sensitive-fil\n    reason: test keys\n    expires: 2030-01-01\n');
    expect(p).toMatchObject({ line: 3, column: 11, key: 'exceptions[0].rule' });
    expect(p?.message).toBe('unknown rule "files/sensitive-fil" in exception: did you mean "files/sensitive-file"?');
  });

  it('unknown preset', async () => {
    const [p] = await problems('version: 1\nextends: [recomended]\n');
    expect(p).toMatchObject({ line: 2, column: 11 });
    expect(p?.message).toMatch(/unknown preset "recomended": did you mean "recommended"\?/);
  });

  it('extends that climbs out of the repository, or cycles', async () => {
    const [p] = await problems('version: 1\nextends: ["../../etc/policy.yml"]\n');
    expect(p?.message).toMatch(/climbs out of the repository/);
    const cycle = await problems('version: 1\nextends: [./a.yml]\n', { 'a.yml': 'version: 1\nextends: [./b.yml]\n', 'b.yml': 'version: 1\nextends: [./a.yml]\n' });
    expect(cycle[0]?.message).toBe('extends forms a cycle: security-policy.yml → a.yml → b.yml → a.yml');
    expect(cycle[0]?.file).toBe('b.yml');
  });

  it('problems in an extended file name that file', async () => {
    const [p] = await problems('version: 1\nextends: [./base.yml]\n', { 'base.yml': 'version: 1\nchecks:\n  files:\n    nope: 1\n' });
    expect(p).toMatchObject({ file: 'base.yml', line: 4, column: 5 });
  });

  it('YAML alias bombs are refused', async () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const name of ['b', 'c', 'd', 'e', 'f', 'g']) {
      const prev = String.fromCharCode(name.charCodeAt(0) - 1);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const [p] = await problems(`${bomb.join('\n')}\n`);
    expect(p?.message).toMatch(/alias/i);
    expect(p?.line).toBe(3);
  });

  it('huge policies are refused', async () => {
    const [p] = await problems(`version: 1\n${'# padding\n'.repeat(60_000)}`);
    expect(p?.message).toMatch(/larger than 512 KiB/);
  });

  it('an empty file, or a list', async () => {
    expect((await problems(''))[0]?.message).toMatch(/empty/);
    expect((await problems('- a\n- b\n'))[0]?.message).toMatch(/must be a map/);
  });

  it('a missing explicit policy file', async () => {
    await expect(loadPolicy({ root: makeDir({}), file: 'nope.yml', checks: CHECKS })).rejects.toThrow(/nope.yml:1:1: policy file not found/);
  });
});

describe('the JSON Schema', () => {
  it('the committed schema file matches the registered checks', () => {
    const committed = JSON.parse(readFileSync('schema/security-policy.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildPolicySchema(CHECKS))));
  });
});
