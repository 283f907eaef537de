import { describe, expect, it } from 'vitest';
import { notRunInCi, requiredSuiteMissing, tooFew, type TestsFacts } from '../src/checks/tests/rules.js';
import type { CheckContext } from '../src/core/check.js';
import type { FindingInput } from '../src/core/finding.js';

// The tests check's rules are functions of the facts its collect phase gathers: each is judged here
// alone, on facts written out, without a repository or a scan.

function facts(over: Partial<TestsFacts> = {}): { f: TestsFacts; reported: FindingInput[] } {
  const reported: FindingInput[] = [];
  const ctx = { report: (finding: FindingInput) => reported.push(finding), describePolicyPath: (path: (string | number)[]) => path.join('.') } as unknown as CheckContext;
  const f: TestsFacts = {
    ctx,
    settings: {},
    paths: [],
    trackedPaths: [],
    committed: () => true,
    ecosystems: [],
    isTestFile: (p) => p.endsWith('.test.ts'),
    isRequired: () => false,
    required: [],
    facts: new Map(),
    packages: new Map(),
    workflows: [],
    otherCi: [],
    testFiles: [],
    committedTests: [],
    readText: async () => undefined,
    ...over,
  };
  return { f, reported };
}

describe('tests rules, each on its own facts', () => {
  it('tooFew counts committed test files against min-files, and leaves an empty project to no-test-script', () => {
    const few = facts({ settings: { 'min-files': 3 }, testFiles: ['a.test.ts', 'b.test.ts'], committedTests: ['a.test.ts'] });
    tooFew(few.f, false);
    expect(few.reported.map((r) => [r.ruleId, r.message])).toEqual([
      ['tests/too-few', "Found 1 test file with at least one test matching the test runners' default globs (1 more file with tests is not committed); the policy asks for at least 3 (min-files, checks.tests.min-files)."],
    ]);
    const empty = facts({ settings: { globs: ['**/*.test.ts'] } });
    tooFew(empty.f, true);
    expect(empty.reported).toEqual([]);
    tooFew(empty.f, false);
    expect(empty.reported.map((r) => r.identity)).toEqual(['too-few']);
  });

  it('requiredSuiteMissing says why each required suite does not count', () => {
    const { f, reported } = facts({
      paths: ['tests/auth.test.ts', 'tests/csrf.test.ts'],
      committed: (p) => p !== 'tests/csrf.test.ts',
      facts: new Map([['tests/auth.test.ts', { tests: 0, focused: [] }]]),
      required: ['tests/auth.test.ts', 'tests/csrf.test.ts', 'tests/xss.test.ts'].map((entry) => ({ entry, test: (p: string) => p === entry })),
    });
    requiredSuiteMissing(f);
    expect(reported.map((r) => r.message)).toEqual([
      'The required test suite `tests/auth.test.ts` matches `tests/auth.test.ts`, but it contains no test that runs (no `it`/`test` call, or every test skipped).',
      'The required test suite `tests/csrf.test.ts` matches only files that are not committed (`tests/csrf.test.ts`).',
      'The required test suite `tests/xss.test.ts` matches no file.',
    ]);
  });

  it('notRunInCi reads the workflows: a step with continue-on-error does not count', async () => {
    const workflow = 'on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n        continue-on-error: true\n';
    const { f, reported } = facts({ committedTests: ['a.test.ts'], workflows: [{ path: '.github/workflows/ci.yml', text: workflow }] });
    await notRunInCi(f);
    expect(reported.map((r) => [r.ruleId, r.identity, r.location])).toEqual([['tests/not-run-in-ci', 'ignored:.github/workflows/ci.yml', { path: '.github/workflows/ci.yml', line: 6 }]]);
    const ok = facts({ committedTests: ['a.test.ts'], workflows: [{ path: '.github/workflows/ci.yml', text: workflow.replace('        continue-on-error: true\n', '') }] });
    await notRunInCi(ok.f);
    expect(ok.reported).toEqual([]);
  });
});
