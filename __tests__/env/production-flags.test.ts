import { describe, expect, it } from 'vitest';
import { checkEnvText, checkStructuredText, flattenExpect, mismatch, readBool } from '../../src/checks/env/production-flags.js';
import { scanTree, summarise } from '../helpers/check-tester.js';

function results(kind: 'env' | 'structured', text: string, expect: Record<string, never | string | number | boolean | object>) {
  const list = flattenExpect(expect as never);
  const out = kind === 'env' ? checkEnvText(text, list) : checkStructuredText(text, list);
  if (!Array.isArray(out)) return out;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return out.map((r) => (r.kind === 'wrong' ? `${r.expectation.key}: wrong@${lineOf(r.start)} ${r.reason}` : `${r.expectation.key}: ${r.kind}`));
}

describe('production flags', () => {
  it('reads booleans as envalid and pydantic do', () => {
    expect(['true', 'True', 'TRUE', 't', 'yes', 'y', 'on', '1', ' true '].map(readBool)).toEqual(Array(9).fill(true));
    expect(['false', 'f', 'no', 'N', 'off', '0'].map(readBool)).toEqual(Array(6).fill(false));
    expect(['', 'enabled', '2', 'truthy'].map(readBool)).toEqual([undefined, undefined, undefined, undefined]);
    expect(mismatch(true, 'yes')).toBeUndefined();
    expect(mismatch('false', '0')).toBeUndefined();
    expect(mismatch('true', 'enabled')).toBe('"enabled" is not a boolean (true, yes, on, 1 / false, no, off, 0)');
    expect(mismatch(60, '60')).toBeUndefined();
    expect(mismatch(60, '')).toBe('it is ""');
    expect(mismatch('strict', 'Strict')).toBe('it is "Strict"');
  });

  it('env files: values after ${VAR} expansion, missing keys, lines', () => {
    const text = 'FLAG_SOURCE=false\nRATE_LIMIT_ENABLED=${FLAG_SOURCE}\nexport AUTH_REQUIRED="true"\nDEBUG=\n';
    expect(results('env', text, { RATE_LIMIT_ENABLED: 'true', AUTH_REQUIRED: true, DEBUG: false, SESSION_SECURE: true })).toEqual([
      'RATE_LIMIT_ENABLED: wrong@2 it is false (after expanding "${FLAG_SOURCE}")',
      'AUTH_REQUIRED: ok',
      'DEBUG: wrong@4 "" is not a boolean (true, yes, on, 1 / false, no, off, 0)',
      'SESSION_SECURE: missing',
    ]);
  });

  it('YAML and JSON by key path: maps, dotted keys, list indexes, NAME=value items, Kubernetes name/value items', () => {
    const compose = ['services:', '  api:', '    environment:', '      - RATE_LIMIT_ENABLED=false', '      - DEBUG=false', ''].join('\n');
    expect(results('structured', compose, { 'services.api.environment.RATE_LIMIT_ENABLED': true, 'services.api.environment.DEBUG': false })).toEqual([
      'services.api.environment.RATE_LIMIT_ENABLED: wrong@4 it is false',
      'services.api.environment.DEBUG: ok',
    ]);
    const k8s = ['spec:', '  template:', '    spec:', '      containers:', '        - name: api', '          env:', '            - name: AUTH_REQUIRED', '              value: "false"', ''].join('\n');
    expect(results('structured', k8s, { spec: { template: { 'spec.containers.0.env.AUTH_REQUIRED': 'true' } } })).toEqual(['spec.template.spec.containers.0.env.AUTH_REQUIRED: wrong@8 it is false']);
    const json = '{\n  "security": {\n    "rateLimit": { "enabled": true, "max": 100 },\n    "cors": ["https://app.example.com"]\n  }\n}\n';
    expect(results('structured', json, { 'security.rateLimit.enabled': true, 'security.rateLimit.max': 50, 'security.cors': 'x', 'security.csp': 'default-src' })).toEqual([
      'security.rateLimit.enabled: ok',
      'security.rateLimit.max: wrong@3 it is "100"',
      'security.cors: wrong@4 it is a list, not a value',
      'security.csp: missing',
    ]);
    expect(results('structured', 'a: [unclosed\n', { a: 1 })).toMatchObject({ message: expect.stringMatching(/flow sequence|Missing|unclosed|end/i) });
  });

  it('through the check: a missing file is reported on its policy line; secret-looking values are never shown', async () => {
    const root = { '.env.production': 'API_SECRET=prod-7Hq2Lm9Xz4Kw8Rt3\nDEBUG=true\n', '.gitignore': '.env\n.env.local\n' };
    const policy = ['version: 1', 'checks:', '  env:', '    expect:', '      .env.production:', '        API_SECRET: from-vault', '        DEBUG: false', '      config/production.yml:', '        debug: false', ''].join('\n');
    const report = await scanTree(root, { policy, only: ['env'] });
    expect(summarise(report)).toEqual(['env/committed-env-file .env.production:1', 'env/expect .env.production:1', 'env/expect .env.production:2', 'env/expect security-policy.yml:9']);
    const text = JSON.stringify(report);
    expect(text).not.toContain('prod-7Hq2Lm9Xz4Kw8Rt3');
    expect(report.findings.find((f) => f.location?.line === 1 && f.ruleId === 'env/expect')?.message).toBe(
      '`API_SECRET` in .env.production must be "from-vault" (security-policy.yml:6), but it is *** (21 chars).',
    );
    expect(report.findings.find((f) => f.location?.path === 'security-policy.yml')?.message).toBe(
      'config/production.yml does not exist, so the 1 production setting(s) the policy expects there (`debug`) cannot be verified.',
    );
  });
});
