import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKS } from '../src/checks/index.js';
import { AJV_OPTIONS, AJV_RUNTIME, schemaDigest, setUpAjv } from '../src/policy/ajv-setup.js';
import { precompiledModule } from '../src/policy/precompile.js';
import { PRESETS } from '../src/policy/presets.js';
import { buildPolicySchema } from '../src/policy/schema.js';

const schema = buildPolicySchema(CHECKS);
const runtime = setUpAjv(new Ajv({ ...AJV_OPTIONS, code: { optimize: false } })).compile(schema);

async function precompiled(): Promise<{ digest: string; validate: ValidateFunction }> {
  const file = join(mkdtempSync(join(tmpdir(), 'security-gate-validator-')), 'validator.mjs');
  writeFileSync(file, precompiledModule(schema, resolve('src/policy/ajv-setup.ts')));
  return ((await import(file)) as { PRECOMPILED: { digest: string; validate: ValidateFunction } }).PRECOMPILED;
}

const errorsOf = (validate: ValidateFunction, data: unknown) => {
  const ok = validate(data);
  return { ok, errors: (validate.errors ?? []).map((e: ErrorObject) => ({ ...e, parentSchema: JSON.stringify(e.parentSchema), schema: JSON.stringify(e.schema) })) };
};

const POLICIES: unknown[] = [
  ...Object.values(PRESETS).map((text) => parse(text)),
  parse(readFileSync('security-policy.yml', 'utf8')),
  parse(readFileSync('examples/nextjs-app/security-policy.yml', 'utf8')),
  { version: 2, bogus: true, 'fail-on': 'high', ignore: ['[', 'ok/**'], baseline: '../outside.json' },
  { version: 1, exceptions: [{ reason: 'x' }, { rule: 'env/*', reason: 'because', expires: '2027-02-30' }, { fingerprint: 'XYZ', reason: 'r', expires: '2027-01-01' }] },
  { version: 1, checks: { secrets: { scopes: ['tree', 'tree'], allow: [{ reason: 'no target' }], patterns: [{ id: 'x', title: 't', regex: '(a+)+$', keywords: [] }], severity: { 'secrets/github-pat': 'loud' } } } },
  { version: 1, checks: { dependencies: { registry: 'http://user:pw@example.invalid', 'run-timeout': 2, allow: [{ package: 'lodash', version: 'not a range', reason: 'r', expires: '2027-01-01' }] }, headers: { required: { 'X-Frame-Options': 3 } } } },
  { version: 1, limits: { 'max-file-size': '10 parsecs' }, suppressions: { inline: 'sometimes' }, lock: ['Bad Path'], rules: [{ id: 'r', message: 'm', files: '**/*.ts', require: '(' }] },
  { version: 1, checks: { env: { example: '', required: ['A', 'A'], expect: { '.env.production': { DEBUG: 1 } } }, tests: { 'min-files': -1 } } },
  { version: 1, checks: { rules: { 'time-budget': 'soon' } }, extends: [''], 'allow-empty-scan': 'yes' },
  { version: 1, checks: { tests: { required: ['ok', 'x'.repeat(3)] }, cookies: { 'same-site': 'sometimes' } } },
  { version: 1, checks: { secrets: { patterns: [{ id: 'emoji', title: '😀😀', regex: 'x', keywords: ['😀'] }] } } },
];

describe('the policy validator compiled at build time', () => {
  it('judges every policy exactly as the one compiled at run time, errors and all', async () => {
    const { digest, validate } = await precompiled();
    expect(digest).toBe(schemaDigest(schema));
    let invalid = 0;
    for (const policy of POLICIES) {
      const expected = errorsOf(runtime, policy);
      if (!expected.ok) invalid++;
      expect(errorsOf(validate, policy)).toEqual(expected);
    }
    expect(invalid).toBeGreaterThanOrEqual(8);
    // And on arbitrary documents shaped like policies.
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('version', 'checks', 'secrets', 'env', 'allow', 'scopes', 'reason', 'path', 'ignore', 'rules', 'id', 'x'), tie('any'), { maxKeys: 4 })),
    })).any;
    fc.assert(
      fc.property(value, (doc) => {
        expect(errorsOf(validate, doc)).toEqual(errorsOf(runtime, doc));
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  it("its helpers agree with ajv's on the values a policy holds", () => {
    expect(AJV_RUNTIME.ucs2length('a😀b')).toBe(3);
    expect(AJV_RUNTIME.ucs2length('\ud800')).toBe(1);
    expect(AJV_RUNTIME.equal({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(AJV_RUNTIME.equal({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(AJV_RUNTIME.equal([1, 2], [2, 1])).toBe(false);
    expect(AJV_RUNTIME.equal(null, {})).toBe(false);
  });
});
