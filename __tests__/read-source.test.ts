import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/sources/read.js';
import { makeDir } from './helpers/repo.js';

const LIMITS = { maxFileSize: 1024 };

describe('readSource: one read per file, never following links, never blocking', () => {
  it('reads and decodes a regular file; the listing size skips an oversized one unopened', async () => {
    const root = makeDir({ 'a.txt': 'token = 1\n', 'big.txt': 'x'.repeat(2048) });
    const read = await readSource(root, 'a.txt', LIMITS, 10);
    expect(read.file?.text).toBe('token = 1\n');
    expect(await readSource(root, 'big.txt', LIMITS, 2048)).toEqual({ skipped: 'too-large' });
    // A file that grew after it was listed is still refused once read.
    expect(await readSource(root, 'big.txt', LIMITS, 10)).toEqual({ skipped: 'too-large' });
    // Off the listing (an audit report): looked at before it is read.
    expect(await readSource(root, 'big.txt', LIMITS)).toEqual({ skipped: 'too-large' });
    expect(await readSource(root, 'missing.txt', LIMITS)).toEqual({ skipped: 'missing' });
    expect(await readSource(root, 'missing.txt', LIMITS, 10)).toEqual({ skipped: 'missing' });
  });

  it('symlinks, directories and FIFOs swapped in after listing are refused, without hanging', async () => {
    const root = makeDir({ 'real.txt': 'x\n' });
    symlinkSync('/etc/passwd', join(root, 'link.txt'));
    mkdirSync(join(root, 'dir.txt'));
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    for (const known of [5, undefined]) {
      expect(await readSource(root, 'link.txt', LIMITS, known)).toEqual({ skipped: 'symlink' });
      expect(await readSource(root, 'dir.txt', LIMITS, known)).toEqual({ skipped: 'other' });
      // A FIFO with no writer would block a plain read forever; O_NONBLOCK makes it an empty or refused read.
      const fifo = await readSource(root, 'pipe.txt', LIMITS, known);
      expect(fifo.file?.text ?? fifo.skipped).toMatch(/^(?:|other)$/);
    }
    writeFileSync(join(root, 'bin.dat'), Buffer.from([0, 1, 2]));
    expect(await readSource(root, 'bin.dat', LIMITS, 3)).toEqual({ skipped: 'binary' });
  });
});
