// vitest: isolated (a 50 MB file and 800,000 entries leave a heap that the next file in a shared worker would pay to collect)
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/checks/env/dotenv-parse.js';
import { scanTree } from '../helpers/check-tester.js';
import { git, makeRepo, scanDir, summarise, writeFiles } from '../helpers/repo.js';

const CODE = { 'src/index.ts': 'export const url = process.env.DATABASE_URL;\nexport const key = process.env.API_KEY;\n' };
const GITIGNORE = { '.gitignore': '.env\n.env.local\n' };

describe('env check on bad input', () => {
  it('a binary .env.example: a clear error instead of a list of "missing" variables', async () => {
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f]);
    const root = { ...CODE, ...GITIGNORE, '.env.example': binary as unknown as string };
    const report = await scanTree(root, { only: ['env'] });
    expect(summarise(report)).toEqual(['env/unreadable .env.example']);
    expect(report.findings[0]?.message).toBe('.env.example is not a text file (binary content), so the variables it lists cannot be checked.');
    expect(report.findings[0]?.severity).toBe('error');
  });

  it('a committed binary .env: reported as unreadable; a git-crypt encrypted one is accepted', async () => {
    const root = makeRepo({ ...CODE, ...GITIGNORE, '.env.example': 'DATABASE_URL=\nAPI_KEY=\n' });
    writeFiles(root, {
      '.env': Buffer.concat([Buffer.from([0, 0, 0, 0, 1, 2, 3]), Buffer.alloc(64)]) as unknown as string,
      'deploy/.env.local': Buffer.concat([Buffer.from('\0GITCRYPT\0'), Buffer.from([0x8a, 0x11, 0x00, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]) as unknown as string,
    });
    git(root, 'add', '-f', '.env', 'deploy/.env.local');
    git(root, 'commit', '-q', '-m', 'binary env files');
    const report = await scanDir(root, { only: ['env'] });
    expect(summarise(report)).toEqual(['env/unreadable .env']);
    expect(report.findings[0]?.message).toBe('.env is not a text file (binary content); it is committed, and the check cannot tell whether it holds credentials.');
    expect(report.findings[0]?.severity).toBe('warning');
  });

  it('a 50 MB example file: skipped with a clear error under the size limit, parsed in full above it', async () => {
    const line = 'SOME_PADDING_VARIABLE_WITH_A_LONG_NAME=value-value-value-value\n';
    const big = `DATABASE_URL=\nAPI_KEY=\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`;
    expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
    const root = { ...CODE, ...GITIGNORE, '.env.example': big };
    const limited = await scanTree(root, { only: ['env'] });
    expect(summarise(limited)).toEqual(['env/unreadable .env.example']);
    expect(limited.findings[0]?.message).toBe('.env.example is larger than limits.max-file-size (50 MB > 10 MB), so the variables it lists cannot be checked.');
    expect(limited.notes.join('\n')).toMatch(/larger than 10 MB were not scanned/);

    const raised = await scanTree(root, { policy: 'version: 1\nlimits:\n  max-file-size: 64MB\nchecks:\n  env:\n    severity:\n      env/duplicate-key: "off"\n      env/unused-in-example: "off"\n', only: ['env'] });
    expect(summarise(raised)).toEqual([]);
    // 800,000 duplicate entries parsed and judged: about 16 s of CPU, more on a loaded machine.
  }, 180_000);

  it('CRLF files and a byte-order mark: same variables, same lines', async () => {
    const root = {
      ...GITIGNORE,
      'src/index.ts': 'export const a = process.env.DATABASE_URL;\r\nexport const b = process.env.API_KEY;\r\nexport const c = process.env.MISSING_ONE;\r\n',
      '.env.example': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('DATABASE_URL="postgres://localhost/app"\r\n# comment\r\nAPI_KEY=\r\nAPI_KEY=\r\nbroken line\r\n')]) as unknown as string,
    };
    const report = await scanTree(root, { only: ['env'] });
    expect(summarise(report)).toEqual(['env/duplicate-key .env.example:4', 'env/malformed-line .env.example:5', 'env/missing-in-example src/index.ts:3']);
    expect(report.findings[1]?.location).toMatchObject({ line: 5, column: 1, endLine: 5, endColumn: 12 });
    expect(report.findings[2]?.location).toMatchObject({ line: 3, column: 30, endColumn: 41 });
  });

  it('unterminated quotes: the line is reported and parsing goes on as dotenv does', async () => {
    const root = { ...CODE, ...GITIGNORE, '.env.example': 'DATABASE_URL="postgres://localhost/app\nAPI_KEY=\'\nNEXT=1\n' };
    const report = await scanTree(root, { only: ['env'] });
    expect(summarise(report)).toEqual(['env/malformed-line .env.example:1', 'env/malformed-line .env.example:2', 'env/unused-in-example .env.example:3']);
    expect(report.findings[0]?.message).toBe(
      '.env.example: The quote that opens the value of DATABASE_URL is never closed, so dotenv reads the rest of the line literally, quote included. Close the quote.',
    );
  });

  it('parser positions survive CRLF and multi-line values', () => {
    const text = 'A=1\r\nKEY="line one\r\nline two"\r\n  export  B = two # c\r\nC:\r\n';
    const parsed = parseDotenv(text);
    const at = (key: string) => {
      const e = parsed.byKey.get(key);
      return e && [text.slice(e.keyStart, e.keyEnd), text.slice(e.valueStart, e.valueEnd), e.value, e.quote ?? '-', e.exported];
    };
    expect(at('A')).toEqual(['A', '1', '1', '-', false]);
    expect(at('KEY')).toEqual(['KEY', '"line one\r\nline two"', 'line one\nline two', '"', false]);
    expect(at('B')).toEqual(['B', 'two', 'two', '-', true]);
    expect(at('C')).toEqual(['C', '', '', '-', false]);
    expect(parsed.warnings).toEqual([]);
  });

  it('parser warnings: what dotenv ignores or reads surprisingly, with positions', () => {
    const text = ['GOOD=1', 'NO_EQUALS', 'KEY:value', 'KEY : value', '$BAD=1', 'SPLIT=', '"oops"', 'A="x" y', 'lower=1', 'GOOD=2'].join('\n');
    const parsed = parseDotenv(text);
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
    expect(parsed.warnings.map((w) => `${w.kind}@${lineOf(w.start)}`)).toEqual([
      'malformed-line@2', 'malformed-line@3', 'malformed-line@4', 'malformed-line@5', 'value-on-next-line@6', 'text-after-quote@8', 'lowercase-key@9', 'duplicate-key@10',
    ]);
    expect(parsed.byKey.get('SPLIT')?.value).toBe('oops');
    expect(parsed.warnings[1]?.message).toMatch(/`:` must be followed by a space/);
  });
});
