import { describe, expect, it } from 'vitest';
import { RegexExecutor } from '../src/util/regex-executor.js';
import { regexProblem } from '../src/util/regex-safety.js';

describe('the budgeted regex executor', () => {
  it('returns every match with the places of its numbered and named groups, per text', () => {
    const executor = new RegexExecutor();
    const result = executor.run({ source: '(?<key>token)=(?<value>\\w+)|(#)', flags: 'i', texts: ['a TOKEN=abc; token=zz', '#'], budgetMs: 1000 });
    expect(result).toEqual({
      kind: 'ok',
      matches: [
        [
          { index: 2, end: 11, indices: [[2, 11], [2, 7], [8, 11], undefined], groups: { key: [2, 7], value: [8, 11] } },
          { index: 13, end: 21, indices: [[13, 21], [13, 18], [19, 21], undefined], groups: { key: [13, 18], value: [19, 21] } },
        ],
        [{ index: 0, end: 1, indices: [[0, 1], undefined, undefined, [0, 1]], groups: { key: undefined, value: undefined } }],
      ],
    });
    expect(executor.run({ source: 'a', flags: '', texts: ['aaaa'], budgetMs: 1000, limit: 2 })).toMatchObject({ kind: 'ok', matches: [[{ index: 0 }, { index: 1 }]] });
    expect(executor.run({ source: '(', flags: '', texts: [''], budgetMs: 1000 })).toMatchObject({ kind: 'error', message: expect.stringContaining('Unterminated group') });
    executor.close();
  });

  it('stops a pattern past its budget, synchronously, and the next run works on a fresh helper', () => {
    const executor = new RegexExecutor();
    const started = performance.now();
    // About 2^60 steps when run directly.
    expect(executor.run({ source: '(a|aa)+$', flags: '', texts: [`${'a'.repeat(60)}!`], budgetMs: 150 })).toEqual({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(executor.run({ source: '(a|aa)+$', flags: '', texts: ['baaa'], budgetMs: 1000 })).toMatchObject({ kind: 'ok', matches: [[{ index: 1, end: 4 }]] });
    executor.close();
  }, 20_000);
});

describe('the load-time check still refuses what it refused', () => {
  it('refuses nested quantifiers and invalid patterns; lets star height one through (for the budget to bound)', () => {
    for (const nested of ['(a+)+$', '(x+x+)+y', '(\\w+\\s?)*$', '([a-z]+)*@', '(?:\\d*)*x']) expect(regexProblem(nested), nested).toContain('may backtrack catastrophically');
    expect(regexProblem('(')).toContain('is not a valid regular expression');
    expect(regexProblem('[z-a]')).toContain('is not a valid regular expression');
    for (const flat of ['(a|aa)+$', '(\\w|\\d){1,30}(a|aa)+$', '\\bacme_[a-z0-9]{32}\\b', '(|)(|)(|)x']) expect(regexProblem(flat), flat).toBeUndefined();
  });
});
