import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { PolicyError, type PolicyProblem } from '../../src/policy/errors.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { scanTree, summarise, VIRTUAL_ROOT } from '../helpers/check-tester.js';

async function problems(text: string): Promise<string[]> {
  try {
    await loadPolicyText('security-policy.yml', text, { root: VIRTUAL_ROOT, checks: CHECKS });
  } catch (error) {
    if (error instanceof PolicyError) return error.problems.map((p: PolicyProblem) => `${p.line}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('env policy keys', () => {
  it('the sketch of the seed policy loads', async () => {
    const text = [
      'version: 1',
      'checks:',
      '  env:',
      '    example: .env.example',
      '    required: [DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL, REDIS_URL, "SMTP_*", "RATE_LIMIT_*"]',
      '    must-ignore: [.env, .env.local]',
      '    readers: ["env(\'$NAME\')"]',
      '    expect:',
      '      .env.production:',
      '        RATE_LIMIT_ENABLED: "true"',
      '        AUTH_REQUIRED: "true"',
      '        DEBUG: "false"',
      '',
    ].join('\n');
    expect(await problems(text)).toEqual([]);
  });

  it('mistakes are refused on their line', async () => {
    expect(await problems('version: 1\nchecks:\n  env:\n    monorepo: packages\n')).toEqual(['4: checks.env.monorepo must be one of "nearest", "root", "any", found a string ("packages")']);
    expect(await problems('version: 1\nchecks:\n  env:\n    readers: ["env(NAME)"]\n')).toEqual([expect.stringMatching(/^4: checks\.env\.readers\[0\] must match pattern/)]);
    expect(await problems('version: 1\nchecks:\n  env:\n    requird: [X]\n')).toEqual(['4: unknown key "requird" in checks.env: did you mean "required"?']);
    expect(await problems('version: 1\nchecks:\n  env:\n    expect:\n      ../prod.env:\n        DEBUG: false\n')).toContain('5: checks.env.expect "../prod.env" climbs out of the repository with ".."');
    expect(await problems('version: 1\nchecks:\n  env:\n    required: ["SMTP HOST"]\n')).toHaveLength(1);
    // The conditional form: a name and the packages it depends on, nothing else.
    expect(await problems('version: 1\nchecks:\n  env:\n    required:\n      - name: NEXTAUTH_SECRET\n        when: {uses: [next-auth]}\n')).toEqual([]);
    expect(await problems('version: 1\nchecks:\n  env:\n    required:\n      - name: NEXTAUTH_SECRET\n        when: {package: next-auth}\n')).toEqual([
      expect.stringMatching(/^6: (?:checks\.env\.required\[0\]\.when is missing the required key "uses"|unknown key "package")/),
      expect.stringMatching(/^6: (?:checks\.env\.required\[0\]\.when is missing the required key "uses"|unknown key "package")/),
    ]);
  });

  it("accessors: env('$NAME') reads are checked, found on their own or declared, and the accessor's own dynamic read is not noted", async () => {
    const root = {
      '.gitignore': '.env\n.env.local\n',
      '.env.example': 'NEXT_PRIVATE_API_KEY=\n',
      'src/env.ts': 'export function env(name: string) {\n  return process.env[name];\n}\n',
      'src/app.ts': "import { env } from './env';\nconst a = env('NEXT_PRIVATE_API_KEY');\nconst b = env(\"NEXT_PRIVATE_WEBHOOK_SECRET\");\n",
    };
    // The function reads the environment by its parameter: its literal calls are reads.
    const without = await scanTree(root, { policy: 'version: 1\n', only: ['env'] });
    expect(summarise(without)).toEqual(['env/missing-in-example src/app.ts:3']);
    expect(without.findings[0]?.message).toBe('`NEXT_PRIVATE_WEBHOOK_SECRET` is read here (env()) but `.env.example` does not list it.');
    const withReaders = await scanTree(root, { policy: "version: 1\nchecks:\n  env:\n    readers: [\"env('$NAME')\"]\n", only: ['env'] });
    expect(summarise(withReaders)).toEqual(['env/missing-in-example src/app.ts:3']);
    expect(withReaders.findings[0]?.message).toBe("`NEXT_PRIVATE_WEBHOOK_SECRET` is read here (readers: env('$NAME')) but `.env.example` does not list it.");
  });

  it('ignore-names extends the platform list; `!` takes a built-in back', async () => {
    const root = { '.gitignore': '.env\n.env.local\n', '.env.example': 'A=\n', 'src/a.ts': 'const x = [process.env.A, process.env.FLY_APP_NAME, process.env.INTERNAL_ONLY, process.env.HTTPS_PROXY];\n' };
    expect(summarise(await scanTree(root, { policy: 'version: 1\n', only: ['env'] }))).toEqual(['env/missing-in-example src/a.ts:1']);
    expect(summarise(await scanTree(root, { policy: 'version: 1\nchecks:\n  env:\n    ignore-names: [INTERNAL_*]\n', only: ['env'] }))).toEqual([]);
    expect(summarise(await scanTree(root, { policy: 'version: 1\nchecks:\n  env:\n    ignore-names: [INTERNAL_*, "!FLY_*"]\n', only: ['env'] }))).toEqual(['env/missing-in-example src/a.ts:1']);
  });
});
