import { describe, expect, it } from 'vitest';
import { parseHeaderPath, unquoteC } from '../../src/checks/secrets/scopes/patch.js';
import { addedBlocks as parse } from '../helpers/patch.js';

describe('PatchParser', () => {
  it('reads added runs with their new line numbers, across files and commits', () => {
    const log = [
      '\x01' + 'a'.repeat(40),
      '',
      'diff --git a/src/app.ts b/src/app.ts',
      'index 1111111..2222222 100644',
      '--- a/src/app.ts',
      '+++ b/src/app.ts',
      '@@ -3,0 +4,2 @@ export function x() {',
      '+const a = 1;',
      '+const b = 2;',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/config/new.yml b/config/new.yml',
      'new file mode 100644',
      'index 0000000..3333333',
      '--- /dev/null',
      '+++ b/config/new.yml',
      '@@ -0,0 +1,3 @@',
      '+a: 1',
      '++++ not a header',
      '+-- not a removal',
      '\x01' + 'b'.repeat(40),
      '',
      'diff --git a/src/app.ts b/src/app.ts',
      '--- a/src/app.ts',
      '+++ b/src/app.ts',
      '@@ -4,2 +3,0 @@',
      '-const a = 1;',
      '-const b = 2;',
    ].join('\n');
    expect(parse(log)).toEqual([
      { path: 'src/app.ts', commit: 'a'.repeat(40), startLine: 4, lines: ['const a = 1;', 'const b = 2;'], added: [true, true] },
      { path: 'src/app.ts', commit: 'a'.repeat(40), startLine: 12, lines: ['new'], added: [true] },
      { path: 'config/new.yml', commit: 'a'.repeat(40), startLine: 1, lines: ['a: 1', '+++ not a header', '-- not a removal'], added: [true, true, true] },
    ]);
  });

  it('skips binary files, deletions and "no newline" markers; keeps CR of CRLF lines', () => {
    const diff = [
      'diff --git a/img.png b/img.png',
      'Binary files a/img.png and b/img.png differ',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/w.txt b/w.txt',
      '--- a/w.txt',
      '+++ b/w.txt',
      '@@ -1 +1 @@',
      '-x',
      '\\ No newline at end of file',
      '+y\r',
      '\\ No newline at end of file',
    ].join('\n');
    expect(parse(diff)).toEqual([{ path: 'w.txt', commit: undefined, startLine: 1, lines: ['y\r'], added: [true] }]);
  });

  it('keeps context lines with the added ones as the new side of a hunk; hunks that add nothing are dropped', () => {
    const diff = [
      'diff --git a/k.pem b/k.pem',
      '--- a/k.pem',
      '+++ b/k.pem',
      '@@ -1,4 +1,4 @@',
      ' -----BEGIN KEY-----',
      '-old1',
      '-old2',
      '+new1',
      '+new2',
      ' -----END KEY-----',
      '@@ -10,3 +10,2 @@',
      ' a',
      '-b',
      ' c',
    ].join('\n');
    expect(parse(diff)).toEqual([
      { path: 'k.pem', commit: undefined, startLine: 1, lines: ['-----BEGIN KEY-----', 'new1', 'new2', '-----END KEY-----'], added: [false, true, true, false] },
    ]);
  });

  it('decodes quoted and spaced paths', () => {
    expect(parseHeaderPath('b/dir/my file.txt\t')).toBe('dir/my file.txt');
    expect(parseHeaderPath('"b/caf\\303\\251/\\"q\\".txt"')).toBe('café/"q".txt');
    expect(parseHeaderPath('/dev/null')).toBeUndefined();
    expect(unquoteC('"tab\\there"')).toBe('tab\there');
  });
});
