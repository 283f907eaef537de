import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobReader } from '../src/sources/blobs.js';
import { Git } from '../src/sources/git.js';
import { commitSource, indexSource } from '../src/sources/git-source.js';
import { commit, git, makeRepo } from './helpers/repo.js';

describe('files read from git objects (scan --staged, --pre-push)', () => {
  it('reads each listed file from the index, in any order and all at once, with the right content', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/f${i}.ts`] = `export const n${i} = ${'x'.repeat(i * 37)};\n`;
    files['empty.txt'] = '';
    const root = makeRepo(files);
    const source = indexSource((await Git.open(root)) as Git);
    try {
      const listing = await source.list();
      expect(listing.entries).toHaveLength(301);
      const paths = listing.entries.map((e) => e.path).reverse();
      const read = await Promise.all(paths.map((p) => source.read(p, { maxFileSize: 1 << 20 })));
      read.forEach((r, i) => expect(r.file?.text, paths[i]).toBe(files[paths[i] as string]));
    } finally {
      source.close();
    }
  });

  it('skips what is too large without keeping it, binary content, and what the index does not hold', async () => {
    const root = makeRepo({ 'big.txt': 'a'.repeat(300_000), 'small.txt': 'ok\n', 'blob.dat.txt': Buffer.from([0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) });
    symlinkSync('small.txt', join(root, 'link.txt'));
    git(root, 'add', 'link.txt');
    writeFileSync(join(root, 'untracked.txt'), 'on disk only\n');
    const source = indexSource((await Git.open(root)) as Git);
    try {
      const limits = { maxFileSize: 100_000 };
      expect(await source.read('big.txt', limits)).toEqual({ skipped: 'too-large' });
      expect((await source.read('small.txt', limits)).file?.text).toBe('ok\n'); // the stream is still in step
      expect(await source.read('blob.dat.txt', limits)).toEqual({ skipped: 'binary' });
      expect(await source.read('untracked.txt', limits)).toEqual({ skipped: 'missing' });
      expect((await source.list()).entries.find((e) => e.path === 'link.txt')?.kind).toBe('symlink');
      expect([...((await source.changed()) ?? [])]).toEqual(['link.txt']);
    } finally {
      source.close();
    }
  });

  it('a commit source lists the commit, not the index or the disk, and knows what changed since a base', async () => {
    const root = makeRepo({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const head = commit(root, { 'a.txt': 'changed\n', 'c.txt': 'new\n' });
    writeFileSync(join(root, 'a.txt'), 'on disk\n');
    git(root, 'add', 'a.txt');
    const source = commitSource((await Git.open(root)) as Git, head, base);
    try {
      expect((await source.read('a.txt', { maxFileSize: 1000 })).file?.text).toBe('changed\n');
      expect([...((await source.changed()) ?? [])].sort()).toEqual(['a.txt', 'c.txt']);
    } finally {
      source.close();
    }
  });

  it('a missing object is reported as missing; a malformed id is refused before git sees it', async () => {
    const root = makeRepo({ 'a.txt': 'one\n' });
    const reader = new BlobReader((await Git.open(root)) as Git);
    try {
      expect(await reader.read('0123456789012345678901234567890123456789', 100)).toEqual({ kind: 'missing' });
      await expect(reader.read('HEAD:a.txt', 100)).rejects.toThrow('not an object id');
      const tree = git(root, 'rev-parse', 'HEAD^{tree}').trim();
      expect(await reader.read(tree, 1000)).toEqual({ kind: 'not-a-blob' });
      const blob = git(root, 'rev-parse', 'HEAD:a.txt').trim();
      expect(await reader.read(blob, 100)).toEqual({ kind: 'blob', size: 4, data: Buffer.from('one\n') });
    } finally {
      reader.close();
    }
  });
});
