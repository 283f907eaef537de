import { describe, expect, it } from 'vitest';
import { defineCheck, type Check } from '../src/core/check.js';
import { CHECKS } from '../src/checks/index.js';
import { CheckTester, CheckTesterError, scanTree, summarise, treeOrigin, treeSource } from './helpers/check-tester.js';

const rules = new CheckTester('rules');
const forbidTodo = { policy: 'version: 1\nextends: []\nrules:\n  - id: no-todo\n    message: No TODO\n    forbid: TODO-SECURITY\n    files: ["**/*.ts"]\n' };

describe('the CheckTester itself', () => {
  it('passes a valid case with no finding, and fails one that has a finding, naming it', async () => {
    await rules.valid({ ...forbidTodo, files: { 'a.ts': 'fine\n' } });
    await expect(rules.valid({ ...forbidTodo, files: { 'a.ts': 'x\n// TODO-SECURITY\n' } })).rejects.toThrow(/expected no finding, got 1:\n {2}rules\/no-todo a\.ts:2:4/);
  });

  it('passes an invalid case whose findings match in rule, path, line, column, message and severity', async () => {
    const report = await rules.invalid({
      ...forbidTodo,
      files: { 'a.ts': 'x\n// TODO-SECURITY\n', 'b.ts': 'TODO-SECURITY\n' },
      errors: [{ ruleId: 'rules/no-todo', path: 'a.ts', line: 2, column: 4, message: 'No TODO', severity: 'error' }, 'rules/no-todo b.ts:1:1'],
    });
    expect(summarise(report)).toEqual(['rules/no-todo a.ts:2', 'rules/no-todo b.ts:1']);
  });

  it('fails an invalid case on a wrong line, column, path, rule, message, severity or count', async () => {
    const files = { 'a.ts': 'x\n// TODO-SECURITY\n' };
    const fails = (errors: Parameters<CheckTester['invalid']>[0]['errors']) => expect(rules.invalid({ ...forbidTodo, files, errors })).rejects.toBeInstanceOf(CheckTesterError);
    await fails(['rules/no-todo a.ts:3']);
    await fails(['rules/no-todo a.ts:2:5']);
    await fails(['rules/no-todo b.ts:2']);
    await fails(['rules/other a.ts:2']);
    await fails([{ ruleId: 'rules/no-todo', message: 'not in the message' }]);
    await fails([{ ruleId: 'rules/no-todo', message: /^nothing$/ }]);
    await fails([{ ruleId: 'rules/no-todo', severity: 'notice' }]);
    await fails(['rules/no-todo', 'rules/no-todo']);
    await expect(rules.invalid({ ...forbidTodo, files, errors: [] })).rejects.toThrow(/at least one finding/);
    await expect(rules.invalid({ ...forbidTodo, files, errors: ['rules/no-todo a.ts:3'] })).rejects.toThrow('#1: line 2, expected 3');
  });

  it('fails when the check reports a rule its metadata does not declare, or throws', async () => {
    const base = { id: 'fake', title: 'Fake', description: 'A check for the tester', covers: [], settings: {} };
    const undeclared = defineCheck({ meta: { ...base, rules: [] }, create: (ctx) => ({ finish: () => ctx.report({ ruleId: 'fake/undeclared', message: 'm' }) }) });
    await expect(new CheckTester('fake', { checks: [...CHECKS, undeclared as Check<never>] }).invalid({ files: { a: '' }, errors: ['fake/undeclared'] })).rejects.toThrow(
      'fake/undeclared is reported but not declared',
    );
    const throwing = defineCheck({ meta: { ...base, rules: [] }, create: () => ({ finish: () => { throw new Error('boom'); } }) });
    await expect(new CheckTester('fake', { checks: [...CHECKS, throwing as Check<never>] }).valid({ files: { a: '' } })).rejects.toThrow('the fake check failed: boom');
    expect(() => new CheckTester('nope')).toThrow(/no check "nope"/);
  });

  it('settings become the check section of a policy that extends nothing', () => {
    expect(new CheckTester('headers', { settings: { required: { 'X-Frame-Options': 'DENY' } } }).policyFor({ files: {} })).toBe(
      'version: 1\nextends: []\nchecks:\n  headers: {"required":{"X-Frame-Options":"DENY"}}\n',
    );
  });
});

describe('the in-memory tree', () => {
  it('lists like git: .gitignore files (nested, negated, directories) leave files out; .git never listed; untracked files listed as such', async () => {
    const source = treeSource({
      '.gitignore': '.env\nbuild/\n*.log\n!keep.log\n',
      '.env': 'A=1\n',
      'build/out.js': 'x',
      'a.log': '',
      'keep.log': '',
      'pkg/.gitignore': 'local.txt\n',
      'pkg/local.txt': '',
      'pkg/kept.txt': '',
      'local.txt': '',
      '.git/config': '',
      'new.ts': { content: 'x', untracked: true },
      'link': { symlink: 'a.log' },
    });
    const { entries } = await source.list();
    expect(entries.map((e) => `${e.path}${e.tracked ? '' : ' (untracked)'}${e.kind === 'file' ? '' : ` ${e.kind}`}`)).toEqual([
      '.gitignore',
      'keep.log',
      'link symlink',
      'local.txt',
      'new.ts (untracked)',
      'pkg/.gitignore',
      'pkg/kept.txt',
    ]);
    expect(await source.changed()).toBeUndefined();
  });

  it('reads as the disk reader does: binary by extension or content, too large, BOMs and Latin-1', async () => {
    const source = treeSource({ 'a.png': 'text', 'b.bin.txt': Buffer.from([0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'c.txt': 'x'.repeat(100), 'd.txt': Buffer.from([0xff, 0xfe, 0x41, 0]), 'e.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]) });
    const limits = { maxFileSize: 50 };
    expect((await source.read('a.png', limits)).skipped).toBe('binary');
    expect((await source.read('b.bin.txt', limits)).skipped).toBe('binary');
    expect((await source.read('c.txt', limits)).skipped).toBe('too-large');
    expect((await source.read('d.txt', limits)).file).toMatchObject({ text: 'A', encoding: 'utf16le' });
    expect((await source.read('e.txt', limits)).file).toMatchObject({ text: 'café', encoding: 'latin1' });
    expect((await source.read('missing.txt', limits)).skipped).toBe('missing');
  });

  it('serves the policy, its extends and baselines from the tree, refusing what leaves it', async () => {
    const origin = treeOrigin({ 'security-policy.yml': 'version: 1\n', 'link.yml': { symlink: '/etc/passwd' } });
    expect(await origin.read('./security-policy.yml')).toBe('version: 1\n');
    await expect(origin.read('../x.yml')).rejects.toMatchObject({ code: 'refused' });
    await expect(origin.read('link.yml')).rejects.toMatchObject({ code: 'refused' });
    await expect(origin.read('none.yml')).rejects.toMatchObject({ code: 'missing' });
  });

  it('scans without git: the tree own policy file and its local extends, as a git repository would (verified against one)', async () => {
    const tree = {
      'security-policy.yml': 'version: 1\nextends: [./base.yml]\nfail-on: warning\n',
      'base.yml': 'version: 1\nextends: []\nrules:\n  - id: no-todo\n    message: No TODO\n    forbid: TODO-SECURITY\n    files: "**/*.ts"\n    severity: warning\n',
      'src/a.ts': 'TODO-SECURITY\n',
      '.gitignore': 'ignored.ts\n',
      'ignored.ts': 'TODO-SECURITY\n',
    };
    const report = await scanTree(tree, { verify: true });
    expect(summarise(report)).toEqual(['rules/no-todo src/a.ts:1']);
    expect(report.verdict).toBe('fail');
    expect(report.policy.chain).toEqual(['base.yml', 'security-policy.yml']);
  });

  it('a pull request: only the changed paths are judged by the checks that look at changed files', async () => {
    const tree = { 'a.ts': 'TODO-SECURITY\n', 'b.ts': 'TODO-SECURITY\n' };
    const policy = forbidTodo.policy;
    expect(summarise(await scanTree(tree, { policy }))).toEqual(['rules/no-todo a.ts:1', 'rules/no-todo b.ts:1']);
    expect(summarise(await scanTree(tree, { policy, changed: ['b.ts'] }))).toEqual(['rules/no-todo b.ts:1']);
  });
});

rules.run('registered cases', {
  valid: [{ ...forbidTodo, files: { 'a.ts': 'nothing to see\n', 'a.md': 'TODO-SECURITY\n' } }],
  invalid: [{ ...forbidTodo, files: { 'src/x.ts': '  TODO-SECURITY\n' }, errors: [{ ruleId: 'rules/no-todo', path: 'src/x.ts', line: 1, column: 3, message: 'No TODO' }] }],
});
