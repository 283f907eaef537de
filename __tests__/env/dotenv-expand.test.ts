import dotenv from 'dotenv';
import { expand } from 'dotenv-expand';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandAll, findReferences } from '../../src/checks/env/dotenv-expand.js';
import { parseDotenv } from '../../src/checks/env/dotenv-parse.js';

function ours(text: string): Record<string, string> {
  const values = new Map([...parseDotenv(text).byKey].map(([k, e]) => [k, e.value]));
  return Object.fromEntries(expandAll(values));
}

function theirs(text: string): Record<string, string> {
  return expand({ parsed: dotenv.parse(text), processEnv: {} }).parsed as Record<string, string>;
}

const NAMES = ['A', 'B', 'C', 'DB_USER', 'UNSET'];
const literal = fc.stringMatching(/^[a-z0-9 :/.@_-]{0,6}$/);
const reference = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `\${${n}}`),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(':-', '-', ':+', '+'), fc.stringMatching(/^[a-z0-9./]{0,5}$/)).map(([n, op, d]) => `\${${n}${op}${d}}`),
  fc.constantFrom(...NAMES).map((n) => `$${n}`),
);
const value = fc.array(fc.oneof(literal, reference), { maxLength: 4 }).map((parts) =>
  // An unbraced $NAME must not run into following word characters it was not meant to include.
  parts.reduce((acc, part) => (/\$[A-Za-z_]\w*$/.test(acc) && /^\w/.test(part) ? `${acc} ${part}` : acc + part), ''),
);
const file = fc
  .array(fc.tuple(fc.constantFrom(...NAMES.slice(0, 4)), fc.constantFrom('', '"', "'"), value), { maxLength: 8 })
  .map((lines) => lines.map(([k, q, v]) => `${k}=${q}${v}${q}`).join('\n'));

describe('expandAll matches dotenv-expand (empty process environment)', () => {
  it('on realistic files', () => {
    const text = [
      'DB_USER=app',
      'DB_PASS=secret',
      'DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@${DB_HOST:-localhost}:5432/app',
      'LATER=${DEFINED_AFTER}',
      'DEFINED_AFTER=x',
      'ALT=${DB_USER:+set}',
      'ESCAPED=\\${DB_USER}',
      'BARE=$DB_USER/x',
    ].join('\n');
    expect(ours(text)).toEqual(theirs(text));
    expect(ours(text).DATABASE_URL).toBe('postgres://app:secret@localhost:5432/app');
    expect(ours(text).ESCAPED).toBe('${DB_USER}');
  });

  it('on random files (property)', () => {
    fc.assert(fc.property(file, (text) => {
      expect(ours(text)).toEqual(theirs(text));
    }), { numRuns: 5000 });
  });

  it('lists references with their operators and positions', () => {
    expect(findReferences('x${A:-d}y$B \\${C}')).toEqual([
      { name: 'A', start: 1, end: 8, operator: ':-', operand: 'd' },
      { name: 'B', start: 9, end: 11 },
    ]);
  });
});
