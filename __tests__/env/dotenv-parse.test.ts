import dotenv from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDotenv, type ParsedEnv } from '../../src/checks/env/dotenv-parse.js';

/** Our map built the way dotenv builds its object (plain assignment), so `__proto__` behaves the same. */
function asDotenvObject(parsed: ParsedEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of parsed.byKey) out[key] = entry.value;
  return out;
}

function same(text: string): void {
  expect(asDotenvObject(parseDotenv(text))).toEqual(dotenv.parse(text));
}

/** Pieces that exercise every branch of dotenv's line expression. */
const TOKENS = [
  'A', 'B', 'key', 'K_1', 'a.b', 'x-y', '9', 'export', 'export ', '=', ' = ', ':', ': ', ' ', '  ', '\t', '\n', '\n', '\n', '\r\n', '\r',
  '#', ' #', '# c', "'", '"', '`', '\\', '\\n', '\\r', '\\"', "\\'", '\\`', '$', '${A}', '{', '}', 'v', 'value', 'x y', '\u00a0', '\u2028', '\ufeff', 'é',
];
const chaos = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));

const key = fc.oneof(fc.constantFrom('A', 'B', 'DATABASE_URL', 'lower', 'a.b-c', 'export', '_X'), fc.stringMatching(/^[\w.-]{1,8}$/));
const rawValue = fc.oneof(
  fc.constantFrom('', 'plain', 'with space', 'x # not a comment', 'p@ss#word', 'a=b', '${A}', 'trail  '),
  fc.stringMatching(/^[^\n\r#'"`]{0,12}$/),
  fc.string({ maxLength: 12 }).map((s) => `"${s}"`),
  fc.string({ maxLength: 12 }).map((s) => `'${s}'`),
  fc.string({ maxLength: 12 }).map((s) => `\`${s}\``),
  fc.constantFrom('"multi\nline"', "'multi\nline'", '"esc\\"aped"', '"unterminated', "'x' junk", '"a\\nb"', "'a\\nb'", '"x" # c', '`a"b\'c`'),
);
const line = fc.oneof(
  fc.tuple(fc.constantFrom('', 'export ', '  ', 'export  '), key, fc.constantFrom('=', ' = ', '= ', ': ', ':\t', ':'), rawValue, fc.constantFrom('', ' # comment', '#c', '   ')).map(([a, k, s, v, c]) => `${a}${k}${s}${v}${c}`),
  fc.constantFrom('', '# comment', '   ', 'NO_EQUALS', '=nokey', 'KEY : v', 'bad key=1', '  # indented'),
);
const structured = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

describe('parseDotenv matches dotenv.parse', () => {
  it('on realistic files', () => {
    same([
      '# Database',
      'DATABASE_URL="postgresql://user:password@localhost:5432/app?schema=public"',
      'export NEXTAUTH_URL=http://localhost:3000',
      "NEXTAUTH_SECRET='changeme' # openssl rand -base64 32",
      'SMTP_HOST: smtp.example.com',
      'PRIVATE_KEY="-----BEGIN KEY-----',
      'abc',
      '-----END KEY-----"',
      'EMPTY=',
      'SPACED = spaced value  ',
      'HASH=a#b',
      'HASH2=a #b',
      'NL="a\\nb"',
      "NL2='a\\nb'",
      'DUP=1',
      'DUP=2',
      'BACKTICK=`it\'s "quoted"`',
    ].join('\n'));
  });

  it('on the odd corners', () => {
    for (const text of [
      'A=\n"x"',
      'A:\nvalue',
      'A\n=1',
      'A="abc\\"\nB="x" y',
      'A="x" y',
      "A='a' 'b'",
      'export\nB=1',
      'export =5',
      'A="unterminated\nB=2',
      'A=1\r\nB="x\r\ny"\r\n',
      '\ufeffA=1',
      'A=x\u2028B=2',
      'A:  ',
      '__proto__=x\nconstructor=y',
      'A="a\\\\"b"',
      'A=\'\'\nB=""\nC=``',
    ]) same(text);
  });

  it('on random token soup (property)', () => {
    fc.assert(fc.property(chaos, (text) => same(text)), { numRuns: 20000 });
  });

  it('on random structured files (property)', () => {
    fc.assert(fc.property(structured, (text) => same(text)), { numRuns: 20000 });
  });
});
