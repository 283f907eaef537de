import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventError, readRunContext, scopeOf } from '../src/action/event.js';
import { parseLockfile } from '../src/checks/dependencies/lockfiles/index.js';
import { LockfileError } from '../src/checks/dependencies/lockfiles/model.js';
import type { AddedBlock } from '../src/checks/secrets/scopes/patch.js';
import { findTestRuns } from '../src/checks/tests/ci.js';
import type { CommandEnv } from '../src/checks/tests/commands.js';
import { addedLinesByFile } from '../src/github/patch.js';
import { addedBlocks } from './helpers/patch.js';
import { webhookExample } from './helpers/pr-scenario.js';

// ── Unified diffs: the GitHub reporter's changed lines and the secrets diff/commits scopes ────────────────

interface DiffLine {
  kind: ' ' | '+' | '-';
  text: string;
}
interface DiffFile {
  path: string;
  hunks: DiffLine[][];
}

const lineText = fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));
const diffLine = fc.record({ kind: fc.constantFrom<DiffLine['kind']>(' ', '+', '-'), text: lineText });
// Every hunk adds at least one line, so that each has a place on the new side.
const hunk = fc.tuple(fc.array(diffLine, { maxLength: 6 }), lineText).map(([lines, added]) => [...lines, { kind: '+' as const, text: added }]);
const diffFile = fc.record({
  path: fc.stringMatching(/^[a-z]{1,8}(?:\/[a-z]{1,8}){0,2}\.[a-z]{1,3}$/),
  hunks: fc.array(hunk, { minLength: 1, maxLength: 4 }),
});
const diffFiles = fc.uniqueArray(diffFile, { selector: (f) => f.path, minLength: 1, maxLength: 5 });

/** `git diff` output for the files, and the new-side line numbers each adds. */
function render(files: DiffFile[], garbage: string[] = []): { text: string; added: Map<string, number[]> } {
  const out: string[] = [];
  const added = new Map<string, number[]>();
  for (const [i, file] of files.entries()) {
    out.push(`diff --git a/${file.path} b/${file.path}`, 'index 1111111..2222222 100644', `--- a/${file.path}`, `+++ b/${file.path}`);
    let oldLine = 1;
    let newLine = 1;
    const numbers: number[] = [];
    for (const lines of file.hunks) {
      oldLine += 3; // unchanged lines between hunks
      newLine += 3;
      const oldCount = lines.filter((l) => l.kind !== '+').length;
      const newCount = lines.filter((l) => l.kind !== '-').length;
      out.push(`@@ -${oldLine},${oldCount} +${newLine},${newCount} @@ fn()`);
      for (const l of lines) {
        out.push(`${l.kind}${l.text}`);
        if (l.kind === '+') numbers.push(newLine);
        if (l.kind !== '-') newLine++;
        if (l.kind !== '+') oldLine++;
      }
    }
    added.set(file.path, numbers);
    // Noise git prints between files (mode changes, similarity) must not be read as content.
    if (garbage[i] !== undefined) out.push(garbage[i] as string);
  }
  return { text: `${out.join('\n')}\n`, added };
}

const blocksOf = addedBlocks;

function addedFromBlocks(blocks: AddedBlock[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const b of blocks) {
    const list = out.get(b.path) ?? [];
    b.added.forEach((isAdded, i) => isAdded && list.push(b.startLine + i));
    out.set(b.path, list);
  }
  return out;
}

const betweenFiles = lineText.filter((s) => !/^(?:diff |\+\+\+ |@@ |[-+ \\])/.test(s) && s !== '');

describe('diff parsers (fuzzed)', () => {
  it('recover every added line of a well-formed diff, in both parsers', () => {
    fc.assert(
      fc.property(diffFiles, (files) => {
        const { text, added } = render(files);
        expect(addedFromBlocks(blocksOf(text))).toEqual(added);
        const byFile = addedLinesByFile(text);
        for (const [path, numbers] of added) expect([...(byFile.get(path) ?? [])].sort((a, b) => a - b)).toEqual(numbers);
      }),
      { numRuns: 300 },
    );
  });

  it('lose nothing when noise sits between files, and never throw on arbitrary text', () => {
    fc.assert(
      fc.property(diffFiles, fc.array(betweenFiles, { maxLength: 5 }), (files, garbage) => {
        const { text, added } = render(files, garbage);
        expect(addedFromBlocks(blocksOf(text))).toEqual(added);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(lineText, fc.constantFrom('diff --git a/x b/x', '+++ b/x', '+++ /dev/null', '@@ -1,2 +1,3 @@', '@@ -0,0 +1 @@', '@@ -1 +1,999999999 @@', '\\ No newline at end of file', '+AKIA', '-x', ' y'))), (lines) => {
        const text = lines.join('\n');
        blocksOf(text);
        addedLinesByFile(text);
      }),
      { numRuns: 500 },
    );
  });
});

// ── Workflow YAML: the tests check's CI reader ───────────────────────────────────────────────────────────

const env: CommandEnv = { scripts: (name) => (name === 'test' ? ['vitest run'] : []), readText: async () => undefined, extra: [] };
const GOOD = { path: '.github/workflows/ci.yml', text: 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n' };

describe('workflow reader (fuzzed)', () => {
  it('a broken or strange workflow next to a good one never hides the good one, nor throws', async () => {
    const yamlish = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('on: push\njobs: 3', 'jobs:\n  a:\n    steps: [1, null, {run: 7}]', 'on: [push]\njobs:\n  x:\n    strategy:\n      matrix: "${{ fromJSON(x) }}"\n    steps:\n      - run: npm run ${{ matrix.t }}', '&a [*a]', 'on:\n  push:\n    branches: {}\njobs: {a: {uses: ./.github/workflows/x.yml}}'),
    );
    await fc.assert(
      fc.asyncProperty(yamlish, async (text) => {
        const result = await findTestRuns([{ path: '.github/workflows/a.yml', text }, GOOD], [], env);
        expect(result.runs?.path ?? result.runs).toBeDefined();
        expect(result.workflows).toBe(2);
      }),
      { numRuns: 300 },
    );
  });
});

// ── Lockfiles: parsed, or refused with a LockfileError that says why ────────────────────────────────────

const LOCKS = join(import.meta.dirname, 'fixtures', 'lockfiles');
const REAL: [string, string][] = [
  ['package-lock.json', readFileSync(join(LOCKS, 'npm-v3', 'package-lock.json'), 'utf8')],
  ['package-lock.json', readFileSync(join(LOCKS, 'npm-v2', 'package-lock.json'), 'utf8')],
  ['pnpm-lock.yaml', readFileSync(join(LOCKS, 'pnpm-v9', 'pnpm-lock.yaml'), 'utf8')],
  ['pnpm-lock.yaml', readFileSync(join(LOCKS, 'pnpm-v6', 'pnpm-lock.yaml'), 'utf8')],
  ['yarn.lock', readFileSync(join(LOCKS, 'yarn-v1', 'yarn.lock'), 'utf8')],
  ['yarn.lock', readFileSync(join(LOCKS, 'yarn-berry', 'yarn.lock'), 'utf8')],
];

function parsesOrExplains(path: string, text: string): void {
  try {
    parseLockfile(path, text);
  } catch (error) {
    if (!(error instanceof LockfileError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe('lockfile parsers (fuzzed)', () => {
  it('truncated, spliced or random lockfiles parse or fail with a LockfileError, never a crash', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 40 }), ([path, text], cut, splice) => {
        const at = Math.floor(text.length * cut);
        parsesOrExplains(path, text.slice(0, at));
        parsesOrExplains(path, text.slice(0, at) + splice + text.slice(at));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.constantFrom('package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'), fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (path, text) => parsesOrExplains(path, text)),
      { numRuns: 400 },
    );
  });
});

// ── The runner's event payload ───────────────────────────────────────────────────────────────────────────

const PR_EVENT = webhookExample('pull_request', 'synchronize');

describe('event payload (fuzzed)', () => {
  it('a truncated, retyped or random GITHUB_EVENT_PATH gives an EventError or a context, never a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-event-'));
    const file = join(dir, 'event.json');
    const real = JSON.stringify(PR_EVENT);
    const retyped = fc.constantFrom<unknown>(null, 7, 'x', [], {}, true);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), retyped, fc.constantFrom('pull_request', 'base', 'head', 'number', 'sha'), (cut, value, key) => {
        const mutated = JSON.parse(real, (k, v) => (k === key ? value : v)) as unknown;
        for (const text of [real.slice(0, Math.floor(real.length * cut)), JSON.stringify(mutated)]) {
          writeFileSync(file, text);
          try {
            const context = readRunContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'a'.repeat(40) });
            scopeOf(context);
          } catch (error) {
            if (!(error instanceof EventError)) throw error;
            expect(error.message).toMatch(/GITHUB_EVENT_PATH|payload/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
