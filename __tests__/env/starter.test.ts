import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { NEXTJS_REQUIRED } from '../../src/checks/env/starter.js';
import { starterPolicy } from '../../src/cli/init.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { makeRepo, scanDir } from '../helpers/repo.js';

describe('security-gate init: the env section', () => {
  it('names the example and turns the production flags it finds into expectations', async () => {
    const root = makeRepo({
      'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }),
      '.gitignore': '.env\n.env*.local\n',
      '.env.example': 'DATABASE_URL=\nRATE_LIMIT_ENABLED=true\n',
      '.env.production': 'RATE_LIMIT_ENABLED=true\nDEBUG=false\nNEXT_PUBLIC_URL=https://example.org\n',
      'src/db.ts': 'export const url = process.env.DATABASE_URL;\nexport const limited = process.env.RATE_LIMIT_ENABLED === "true";\n',
    });
    const text = await starterPolicy(root);
    const policy = parse(text) as { checks?: { env?: unknown } };
    expect(policy.checks?.env).toEqual({
      example: '.env.example',
      'must-ignore': ['.env', '.env.local'],
      // The nextjs preset's names that the example lists today.
      required: ['DATABASE_URL', 'RATE_LIMIT_*'],
      expect: { '.env.production': { RATE_LIMIT_ENABLED: 'true', DEBUG: 'false' } },
    });
    // The starter is a valid policy, and the repository passes it.
    await loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });
    const report = await scanDir(root, { policy: text, only: ['env'] });
    expect(report.findings.filter((f) => f.check === 'env')).toEqual([]);
  });

  it('monorepos get `nearest`; repositories without env files get no section', async () => {
    const mono = makeRepo({ 'apps/a/.env.example': 'A=\n', 'apps/b/.env.example': 'B=\n', 'package.json': '{}' });
    expect((parse(await starterPolicy(mono)) as { checks?: { env?: unknown } }).checks?.env).toEqual({ monorepo: 'nearest', 'must-ignore': ['.env', '.env.local'] });
    const lib = makeRepo({ 'package.json': JSON.stringify({ name: 'left-pad' }), 'index.js': 'module.exports = (s) => s;\n' });
    expect((parse(await starterPolicy(lib)) as { checks?: { env?: unknown } }).checks?.env).toBeUndefined();
  });
});

describe('the nextjs preset and init agree', () => {
  it('NEXTJS_REQUIRED is the preset’s list', () => {
    const preset = parse(readFileSync('presets/nextjs.yml', 'utf8')) as { checks: { env: { required: string[] } } };
    expect(preset.checks.env.required).toEqual(NEXTJS_REQUIRED);
  });
});
