import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CHECKS } from '../src/checks/index.js';
import { parseDirectives } from '../src/filters/inline.js';
import { PolicyError } from '../src/policy/errors.js';
import { loadPolicyText } from '../src/policy/load.js';
import { SourceFile } from '../src/sources/source-file.js';
import { compileGlobs, globProblem } from '../src/util/globs.js';
import { makeDir } from './helpers/repo.js';

const root = makeDir({});
const load = (text: string) => loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });

/** Loading must either succeed or fail with a PolicyError whose problems all have a position. */
async function loadsOrExplains(text: string): Promise<void> {
  try {
    await load(text);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    for (const p of error.problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
  }
}

const keys = fc.constantFrom('version', 'extends', 'fail-on', 'ignore', 'baseline', 'limits', 'exceptions', 'checks', 'rules', 'lock', 'files', 'enabled', 'allow', 'severity', 'reason', 'expires', 'rule', 'path', 'max-file-size', 'x');
const scalars = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('error', 'warning', 'recommended', '2027-01-31', '../x', '[a', 'files/sensitive-file', '**/*.ts'));
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalars, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(keys, tie('value'), { maxKeys: 5 })),
})).value;

describe('fuzzing the policy loader', () => {
  it('arbitrary text never crashes it', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 400 }), loadsOrExplains), { numRuns: 300 });
  });

  it('arbitrary YAML-shaped documents never crash it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, values, { maxKeys: 6 }), async (doc) => {
        await loadsOrExplains(stringify({ version: 1, ...doc }));
      }),
      { numRuns: 300 },
    );
  });

  it('truncating a valid policy anywhere never crashes it', async () => {
    const valid = 'version: 1\nextends: [recommended]\nfail-on: warning\nignore: ["dist/**"]\nchecks:\n  files:\n    allow: ["a/**"]\nexceptions:\n  - rule: files/sensitive-file\n    reason: fixture keys\n    expires: 2030-01-01\n';
    await load(valid);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: valid.length }), (n) => loadsOrExplains(valid.slice(0, n))), { numRuns: 200 });
  });
});

describe('fuzzing small parsers', () => {
  it('directive parsing never throws and never loses a well-formed directive', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { maxLength: 20 }), fc.nat(20), (noise, at) => {
        const lines = [...noise];
        const index = Math.min(at, lines.length);
        lines.splice(index, 0, '// security-gate-ignore: files/sensitive-file -- known fixture');
        const found = parseDirectives(new SourceFile('x.ts', lines.join('\n'), 0));
        expect(found.some((d) => d.line === index + 1 && d.rules.includes('files/sensitive-file') && d.reason === 'known fixture')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('globs that name only the root (found by the property below) are refused, not thrown on', () => {
    for (const glob of ['./', '!./', './/', '!']) {
      expect(globProblem(glob), glob).toBeDefined();
    }
    expect(globProblem('./')).toBe('names only the repository root: write "**" for every file');
  });

  it('globs: a problem is reported or the glob compiles and matches without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (glob, path) => {
        if (globProblem(glob) !== undefined) return;
        expect(typeof compileGlobs([glob])(path)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
