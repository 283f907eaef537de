import { describe, expect, it } from 'vitest';
import { gitChangedLines } from '../src/github/changed-lines.js';
import { LIMITS, clampBytes, clampChars, fitMarkdown } from '../src/github/limits.js';
import { addedLines, addedLinesByFile, unquoteGitPath } from '../src/github/patch.js';
import { anchor } from '../src/github/review-plan.js';
import { predictReadOnly } from '../src/github/degrade.js';
import { readRunContext } from '../src/action/event.js';
import { Git } from '../src/sources/git.js';
import { silentLogger } from '../src/util/logger.js';
import { commit, git, makeRepo } from './helpers/repo.js';
import type { Finding } from '../src/core/finding.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('unified diff parsing', () => {
  it('returns the added lines of the new file across hunks, skipping context, deletions and no-newline marks', () => {
    const patch = [
      '@@ -1,4 +1,5 @@',
      ' line 1',
      '-old 2',
      '+new 2',
      '+new 3',
      ' line 4',
      ' line 5',
      '@@ -20,3 +21,3 @@ function f() {',
      ' ctx 21',
      '-gone',
      '+added 22',
      ' ctx 23',
      '\\ No newline at end of file',
    ].join('\n');
    expect([...addedLines(patch)]).toEqual([2, 3, 22]);
    expect([...addedLines('@@ -0,0 +1,2 @@\n+a\n+b')]).toEqual([1, 2]);
    expect([...addedLines('@@ -1 +1 @@\n-a\n+b')]).toEqual([1]);
    expect(addedLines('Binary files differ').size).toBe(0);
  });

  it('splits a real git diff per file, with renames, deletions, binaries and quoted paths', async () => {
    const root = makeRepo({ 'a.txt': 'one\ntwo\nthree\n', 'gone.txt': 'bye\n', 'old name.txt': 'keep\nkeep\nkeep\nkeep\n', 'bin.dat': Buffer.from([0, 1, 2, 3]) });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'mv', 'old name.txt', 'new "name".txt');
    const head = commit(root, { 'a.txt': 'one\nTWO\nthree\nfour\n', 'gone.txt': null, 'new "name".txt': 'keep\nkeep\nkeep\nkeep\nmore\n', 'bin.dat': Buffer.from([9, 9, 0, 1]), 'tab\tname.txt': 'x\n' });
    const diff = git(root, 'diff', '-U0', '-M', '--src-prefix=a/', '--dst-prefix=b/', base, head);
    const files = addedLinesByFile(diff);
    expect(Object.fromEntries([...files].map(([k, v]) => [k, [...v]]))).toEqual({
      'a.txt': [2, 4],
      'new "name".txt': [5],
      'tab\tname.txt': [1],
    });
    expect(unquoteGitPath('"t\\303\\244st.txt"')).toBe('täst.txt');

    const viaGit = await gitChangedLines((await Git.open(root))!, { baseSha: base, headSha: head }, ['a.txt', 'new "name".txt'], silentLogger);
    expect(Object.fromEntries([...viaGit!].map(([k, v]) => [k, [...v]]))).toEqual({ 'a.txt': [2, 4], 'new "name".txt': [5] });
    expect(await gitChangedLines((await Git.open(root))!, { baseSha: 'f'.repeat(40), headSha: head }, ['a.txt'], silentLogger)).toBeUndefined();
  });

  it('anchors a finding on added lines only; multi-line only when every line was added', () => {
    const changed = new Map([['a.ts', new Set([3, 4, 5, 9])]]);
    const at = (line?: number, endLine?: number) => anchor({ location: { path: 'a.ts', line, endLine } } as Finding, changed);
    expect(at(4)).toEqual({ line: 4 });
    expect(at(3, 5)).toEqual({ line: 5, startLine: 3 });
    expect(at(5, 9)).toEqual({ line: 5 });
    expect(at(2)).toBeUndefined();
    expect(at(undefined)).toBeUndefined();
    expect(anchor({ location: { path: 'new.key' } } as Finding, new Map([['new.key', new Set([1, 2])]]))).toEqual({ line: 1 });
  });
});

describe('limits', () => {
  it('cuts characters, bytes and Markdown without breaking them', () => {
    expect(clampChars('😀😀😀', 4)).toBe('😀…');
    expect(Buffer.byteLength(clampBytes('é'.repeat(100), 51))).toBeLessThanOrEqual(51);
    expect(clampBytes('é'.repeat(100), 51)).toMatch(/^é+…$/);
    const md = `## Title\n\n<details><summary>x</summary>\n\n${'| row |\n'.repeat(20_000)}</details>\n`;
    const cut = fitMarkdown(md, LIMITS.summaryBytes, 'Cut. See the job summary.');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(LIMITS.summaryBytes);
    expect(cut.endsWith('> ✂️ Cut. See the job summary.\n')).toBe(true);
    expect(cut.split('<details>').length).toBe(cut.split('</details>').length);
  });
});

describe('run context', () => {
  function context(eventName: string, payload: unknown, env: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'security-gate-event-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
    return readRunContext({ GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_SHA: 'm'.repeat(40), GITHUB_REPOSITORY: 'octo-org/helpdesk', ...env });
  }
  const pr = (headRepo: string, priv: boolean) => ({
    pull_request: { number: 3, head: { sha: 'h'.repeat(40), repo: { full_name: headRepo } }, base: { sha: 'b'.repeat(40), repo: { full_name: 'octo-org/helpdesk', private: priv } } },
  });

  it('gates the pull request head, the merge group head, else GITHUB_SHA', () => {
    expect(context('pull_request', pr('octo-org/helpdesk', false)).headSha).toBe('h'.repeat(40));
    expect(context('pull_request_target', pr('fork/helpdesk', false)).headSha).toBe('h'.repeat(40));
    expect(context('merge_group', { merge_group: { head_sha: 'g'.repeat(40) } }).headSha).toBe('g'.repeat(40));
    for (const event of ['push', 'workflow_dispatch', 'schedule']) expect(context(event, {}).headSha).toBe('m'.repeat(40));
  });

  it('predicts a read-only token for fork pull requests of public repositories only', () => {
    expect(predictReadOnly(context('pull_request', pr('someone/helpdesk', false)))).toBe(
      'this pull request comes from the fork someone/helpdesk, and GitHub gives workflows of fork pull requests a read-only token',
    );
    expect(predictReadOnly(context('pull_request', pr('octo-org/helpdesk', false)))).toBeUndefined();
    expect(predictReadOnly(context('pull_request', pr('someone/helpdesk', true)))).toBeUndefined();
    expect(predictReadOnly(context('pull_request_target', pr('someone/helpdesk', false)))).toBeUndefined();
  });
});
