import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from '../helpers/check-tester.js';

const BASE = { '.gitignore': 'node_modules/\n.env\n.env.local\n', 'package.json': '{"name":"ledger","private":true}\n' };

describe('scripts, CI, build tools and tests use variables; they are not what a deployment sets', () => {
  const files: Record<string, string> = {
    ...BASE,
    '.env.example': 'LEDGER_DB_URL=postgres://ledger:ledger@localhost/ledger\nLEDGER_FIXTURE_BUCKET=\n',
    'src/db.ts': 'export const url = process.env.LEDGER_DB_URL;\n',
    'scripts/backfill.ts': 'const token = process.env.BACKFILL_ADMIN_TOKEN;\n',
    '.github/actions/release/publish.mjs': 'const { NPM_PUBLISH_TOKEN, RELEASE_CHANNEL } = process.env;\n',
    'tools/codegen/run.ts': 'const key = process.env.CODEGEN_API_KEY;\n',
    'next.config.mjs': 'export default { basePath: process.env.LEDGER_BASE_PATH, env: { LEDGER_BUILD: process.env.GIT_SHA_SHORT } };\n',
    'db/migrations/0007_split_accounts.js': 'if (process.env.MIGRATION_DRY_RUN) {}\nconst secret = process.env.LEGACY_ACCOUNTS_SECRET;\n',
    'integration/checkout.spec.ts': 'const pw = process.env.CHECKOUT_TEST_PASSWORD;\n',
    'e2e/global-setup.ts': 'const seed = process.env.E2E_SEED_TOKEN;\n',
    'tests/helpers/s3.ts': 'export const bucket = process.env.LEDGER_FIXTURE_BUCKET;\n',
    '.yarn/releases/yarn-4.1.0.cjs': 'var a=process.env.YARN_ENABLE_TELEMETRY_SECRET;\n',
    'src/build-info.ts': 'export const build = process.env.LEDGER_BUILD;\n',
    // Application code with these names in its path is still the application.
    'src/lib/tools/invoice-tool.ts': 'const key = process.env.INVOICE_OCR_API_KEY;\n',
    'src/app/api/integration/stripe/route.ts': 'const secret = process.env.STRIPE_CONNECT_WEBHOOK_SECRET;\n',
  };

  it('reports only what the application reads, and a name tests read is not unused', async () => {
    const report = await scanTree(files, { policy: 'version: 1\n', only: ['env'] });
    expect(summarise(report)).toEqual(['env/missing-in-example src/app/api/integration/stripe/route.ts:1', 'env/missing-in-example src/lib/tools/invoice-tool.ts:1']);
  });

  it('`!glob` in code-exclude makes a path application code again', async () => {
    const report = await scanTree(files, { policy: 'version: 1\nchecks:\n  env:\n    code-exclude: ["!scripts/**"]\n', only: ['env'] });
    expect(summarise(report)).toContain('env/missing-in-example scripts/backfill.ts:1');
  });
});

describe("the project's own accessors", () => {
  it('a Python function reading by its parameter makes its literal calls reads; a fallback argument makes them optional', async () => {
    const report = await scanTree(
      {
        '.gitignore': '.env\n',
        '.env.example': 'BILLING_DB_URL=\n',
        'billing/env.py': 'import os\n\n\ndef env_secret(name):\n    return os.getenv(name)\n\n\ndef env_flag(name, default="0"):\n    return os.getenv(name, default) == "1"\n',
        'billing/settings.py': 'from .env import env_flag, env_secret\nDB = env_secret("BILLING_DB_URL")\nSIGNING = env_secret("INVOICE_SIGNING_SECRET")\nBETA = env_flag("BILLING_BETA_UI", "0")\n',
      },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(report.findings.map((f) => f.message)).toEqual(['`INVOICE_SIGNING_SECRET` is read here (env_secret()) but `.env.example` does not list it.']);
    const env = report.checks.find((c) => c.id === 'env');
    expect(env?.rules.find((r) => r.id === 'env/dynamic-read')?.status).toBe('pass');
    // The accessor may be called with computed names elsewhere: unused entries are not judged, and the rule says so.
    expect(env?.rules.find((r) => r.id === 'env/unused-in-example')?.status).toBe('not-evaluated');
  });

  it('a computed name that is no accessor is not guessed: the rules it blinds are not evaluated, never passed', async () => {
    const report = await scanTree(
      {
        '.gitignore': '.env\n',
        '.env.example': 'REGION_EU_ENDPOINT=\nREGION_US_ENDPOINT=\n',
        'src/regions.ts': "const names = ['EU', 'US'];\nexport const endpoints = names.map((r) => process.env[`REGION_${r}_ENDPOINT`] ?? '');\nexport const pick = (k: string) => process.env[prefix + k];\n",
      },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(summarise(report)).toEqual([]);
    const rules = report.checks.find((c) => c.id === 'env')?.rules ?? [];
    const dynamicRule = rules.find((r) => r.id === 'env/dynamic-read');
    expect(dynamicRule?.status).toBe('not-evaluated');
    expect(dynamicRule?.reason).toMatch(/^2 reads of the environment by a computed name \(src\/regions\.ts:2 process\.env\[`REGION_\$\{r\}_ENDPOINT`\] and src\/regions\.ts:3 process\.env\[prefix \+ k\]\): which variables/);
    // The first has a literal prefix (REGION_…): only the second blinds the example to unused entries.
    const unusedRule = rules.find((r) => r.id === 'env/unused-in-example');
    expect(unusedRule?.status).toBe('not-evaluated');
    expect(unusedRule?.reason).toBe('1 read of the environment by a computed name (src/regions.ts:3 process.env[prefix + k]): examples covering them are not checked for unused entries.');
  });
});
