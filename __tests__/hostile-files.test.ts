import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import { readRunContext } from '../src/action/event.js';
import { marker } from './helpers/marker-check.js';
import { makeDir, makeRepo, scanDir, summarise, writeFiles } from './helpers/repo.js';

const checks = [...CHECKS, marker] as Check<never>[];
const POLICY = 'version: 1\nextends: []\nchecks:\n  marker: {}\n';

// Trees too deep for Node's recursive rm are removed with rm -rf, which walks with openat.
const deepDirs: string[] = [];
afterAll(() => {
  for (const dir of deepDirs) spawnSync('rm', ['-rf', dir]);
});

const WEIRD_NAMES = ['with space.ts', "quote'single.ts", 'quote"double.ts', 'new\nline.ts', 'ünïcödé/файл.ts', '-leading-dash.ts', 'tab\there.ts', '#hash.ts'];

describe('hostile file names', () => {
  for (const mode of ['git', 'walk'] as const) {
    it(`${mode}: names with spaces, quotes, newlines and non-ASCII keep their exact paths`, async () => {
      const files = Object.fromEntries(WEIRD_NAMES.map((n) => [`odd/${n}`, 'x\nTODO-SECURITY\n']));
      const root = mode === 'git' ? makeRepo(files) : makeDir(files);
      const report = await scanDir(root, { policy: POLICY, checks });
      expect(report.stats.listing).toBe(mode);
      expect(report.findings.map((f) => f.location?.path).sort()).toEqual(WEIRD_NAMES.map((n) => `odd/${n}`).sort());
      expect(report.findings.every((f) => f.location?.line === 2)).toBe(true);
    });
  }
});

describe('hostile file contents', () => {
  it('0-byte files, NUL-laced text and CRLF are handled', async () => {
    const root = makeRepo({ 'empty.ts': '', 'crlf.ts': '\r\n\r\nTODO-SECURITY\r\n', 'nul.ts': `a\u0000b\n${'line\n'.repeat(2000)}TODO-SECURITY\n` });
    expect(summarise(await scanDir(root, { policy: POLICY, checks }))).toEqual(['marker/todo crlf.ts:3', 'marker/todo nul.ts:2002']);
  });

  it('a 50 MB single line is scanned when the limit allows it, and a 200 MB file is skipped and counted', async () => {
    const root = makeRepo({ 'small.ts': 'ok\n' });
    const line = Buffer.alloc(50 * 1024 * 1024, 'a');
    line.write('TODO-SECURITY', line.length - 13);
    writeFiles(root, { 'min/one-line.js': line });
    // 200 MB written in chunks to keep the test's own memory low.
    const fd = openSync(join(root, 'huge.log.txt'), 'w');
    const chunk = Buffer.alloc(8 * 1024 * 1024, 'b');
    for (let i = 0; i < 25; i++) writeSync(fd, chunk);
    closeSync(fd);
    const report = await scanDir(root, { policy: `${POLICY}limits:\n  max-file-size: 64MB\n`, checks });
    expect(summarise(report)).toEqual(['marker/todo min/one-line.js:1']);
    expect(report.findings[0]?.location?.column).toBe(50 * 1024 * 1024 - 12);
    expect(report.stats.skipped.tooLarge).toBe(1);
    expect(report.notes.join()).toMatch(/1 file\(s\) larger than 64 MB were not scanned/);
  });
});

describe('hostile trees', () => {
  it('10,000-deep directories: listed as deep as the OS allows, the rest counted, no crash', async () => {
    const root = mkdtempSync(join(tmpdir(), 'security-gate-deep-'));
    deepDirs.push(root);
    const make = spawnSync(process.execPath, ['-e', "const fs=require('fs');process.chdir(process.argv[1]);fs.writeFileSync('top.ts','TODO-SECURITY\\n');for(let i=0;i<10000;i++){fs.mkdirSync('d');process.chdir('d')}fs.writeFileSync('bottom.ts','TODO-SECURITY\\n')", root]);
    expect(make.status).toBe(0);
    const report = await scanDir(root, { policy: POLICY, checks });
    expect(report.stats.listing).toBe('walk');
    expect(summarise(report)).toEqual(['marker/todo top.ts:1']);
    expect(report.notes.join()).toMatch(/director\(ies\) could not be opened/);
  });

  it('symlinks out of the repository, symlinked directories, loops and FIFOs are never followed or opened', async () => {
    const outside = makeDir({ 'secret.ts': 'TODO-SECURITY\n' });
    const root = makeDir({
      'in.ts': 'TODO-SECURITY\n',
      'to-file.ts': { symlink: join(outside, 'secret.ts') },
      'to-dir': { symlink: outside },
      'loop-a': { symlink: 'loop-b' },
      'loop-b': { symlink: 'loop-a' },
    });
    expect(spawnSync('mkfifo', [join(root, 'pipe.ts')]).status).toBe(0);
    const report = await scanDir(root, { policy: POLICY, checks });
    expect(summarise(report)).toEqual(['marker/todo in.ts:1']);
    expect(report.stats.skipped.symlink).toBe(4);
    expect(report.stats.skipped.other).toBe(1);
  });

  it('a tracked file replaced by a directory or deleted after listing', async () => {
    const root = makeRepo({ 'gone.ts': 'x\n', 'swap.ts': 'x\n', 'ok.ts': 'TODO-SECURITY\n' });
    spawnSync('rm', [join(root, 'gone.ts'), join(root, 'swap.ts')]);
    writeFiles(root, { 'swap.ts/inner.ts': 'TODO-SECURITY\n' });
    const report = await scanDir(root, { policy: POLICY, checks });
    expect(summarise(report)).toEqual(['marker/todo ok.ts:1', 'marker/todo swap.ts/inner.ts:1']);
  });
});

describe('hostile event payloads', () => {
  it('truncated, wrong-typed and enormous payloads are clear errors', () => {
    const dir = makeDir({ 'truncated.json': '{"pull_request": {"number": 1, "base": {"sha"', 'array.json': '[1,2]', 'types.json': '{"pull_request": {"number": "1", "base": {"sha": 5}, "head": {}}}' });
    const env = (file: string, event = 'pull_request') => ({ GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: join(dir, file) });
    expect(() => readRunContext(env('truncated.json'))).toThrow(/the event payload at GITHUB_EVENT_PATH is not valid: .*JSON/);
    expect(() => readRunContext(env('array.json'))).toThrow(/not a JSON object/);
    expect(() => readRunContext(env('types.json'))).toThrow(/lacks pull_request.number, base.sha or head.sha/);
    expect(() => readRunContext(env('missing.json'))).toThrow(/cannot read the event payload at GITHUB_EVENT_PATH \(ENOENT\)/);
    const fd = openSync(join(dir, 'huge.json'), 'w');
    writeSync(fd, Buffer.alloc(26 * 1024 * 1024, ' '));
    closeSync(fd);
    expect(() => readRunContext(env('huge.json', 'push'))).toThrow(/larger than 25 MiB/);
  });
});
