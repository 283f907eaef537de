import { describe, expect, it } from 'vitest';
import { scanTree } from '../helpers/check-tester.js';

const GITIGNORE = 'node_modules/\n.env\n.env.local\n';

/** The missing-in-example findings: `NAME severity`. */
async function missing(files: Record<string, string>, policy = 'version: 1\n'): Promise<string[]> {
  const report = await scanTree(files, { policy, only: ['env'] });
  return report.findings.filter((f) => f.ruleId === 'env/missing-in-example').map((f) => `${String(f.properties?.variable)} ${f.severity}`);
}

describe('what an example documents besides its entries', () => {
  it('commented-out entries and names its comments mention count as listed', async () => {
    const example = [
      '# Core',
      'ORDERS_DB_URL=postgres://orders:orders@localhost:5432/orders',
      '',
      '# Optional: error reporting',
      '# ORDERS_SENTRY_DSN=',
      '#ORDERS_SMTP_PASSWORD=changeme',
      '# ORDERS_S3_SECRET=   # only with S3 storage',
      '# Set $ORDERS_LICENSE_TOKEN to unlock the enterprise features.',
      '',
    ].join('\n');
    const code = [
      'export const cfg = {',
      '  db: process.env.ORDERS_DB_URL,',
      '  sentry: process.env.ORDERS_SENTRY_DSN,',
      '  smtp: process.env.ORDERS_SMTP_PASSWORD,',
      '  s3: process.env.ORDERS_S3_SECRET,',
      '  license: process.env.ORDERS_LICENSE_TOKEN,',
      '  signing: process.env.ORDERS_SIGNING_SECRET,',
      '};',
      '',
    ].join('\n');
    expect(await missing({ '.env.example': example, 'src/config.ts': code })).toEqual(['ORDERS_SIGNING_SECRET error']);
  });

  it('`.env.example.complete` beside `.env.example` is read with it', async () => {
    const files = {
      '.env.example': 'APP_KEY=\nDB_HOST=localhost\n',
      '.env.example.complete': 'APP_KEY=\nDB_HOST=localhost\nSTORAGE_S3_SECRET=\nLDAP_BIND_PASSWORD=\n',
      'app/Services/Storage.php': "<?php\n$secret = env('STORAGE_S3_SECRET');\n$bind = env('LDAP_BIND_PASSWORD');\n$hook = env('BUILD_HOOK_SECRET');\n",
    };
    expect(await missing(files)).toEqual(['BUILD_HOOK_SECRET error']);
  });

  it('another example, the docs, a config template, compose and Dockerfiles document the repository', async () => {
    const files = {
      'web/.env.example': 'WEB_SESSION_SECRET=\n',
      'worker/.env.example': 'QUEUE_REDIS_URL=redis://localhost:6379\n',
      'docs/self-hosting.md': '# Self-hosting\n\nSet `MAILER_API_TOKEN` to your provider token, and TLS_CERT_PASSWORD if your key is encrypted.\n',
      'deploy/app.conf.example': '# Settings of the server\n#IMPORT_ARCHIVE_KEY=\nIMPORT_DIR=/data/import\n',
      'compose.yaml': 'services:\n  web:\n    image: acme/web\n    environment:\n      - GEO_LICENSE_KEY=${GEO_LICENSE_KEY:?set it}\n      - WEB_SESSION_SECRET\n',
      'Dockerfile': 'FROM node:20\nENV TELEMETRY_WRITE_KEY=none \\\n    PORT=3000\n',
      'tests/README.md': 'Run with E2E_ADMIN_PASSWORD set.\n',
      'web/src/server.ts': [
        'const a = process.env.QUEUE_REDIS_URL;', // another example
        'const b = process.env.MAILER_API_TOKEN;', // the docs
        'const c = process.env.TLS_CERT_PASSWORD;', // the docs, in prose
        'const d = process.env.IMPORT_ARCHIVE_KEY;', // a template under another name
        'const e = process.env.GEO_LICENSE_KEY;', // the compose file
        'const f = process.env.TELEMETRY_WRITE_KEY;', // the Dockerfile sets it
        'const g = process.env.ADMIN_SEED_PASSWORD;', // only a test README names it: not documentation
        '',
      ].join('\n'),
    };
    expect(await missing(files)).toEqual(['ADMIN_SEED_PASSWORD error']);
  });

  it('a policy that names the example wants that example complete', async () => {
    const files = { '.env.example': 'A_TOKEN=\n', 'docs/config.md': 'Set `B_TOKEN`.\n', 'src/a.ts': 'export const t = [process.env.A_TOKEN, process.env.B_TOKEN];\n' };
    expect(await missing(files)).toEqual([]);
    expect(await missing(files, 'version: 1\nchecks:\n  env:\n    example: .env.example\n')).toEqual(['B_TOKEN error']);
  });

  it('a committed compose `.env` documents no application', async () => {
    const report = await scanTree(
      { '.gitignore': 'node_modules/\n', '.env': 'COMPOSE_PROJECT_NAME=archive\n', 'src/settings.py': 'import os\nKEY = os.environ["ARCHIVE_SECRET_KEY"]\n' },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(report.findings.map((f) => f.ruleId)).toEqual(['env/example-missing']);
    expect(report.findings[0]?.message).toMatch(/^No example env file \(`\.env\.example`\) documents the 1 variable this repository reads: `ARCHIVE_SECRET_KEY`/);
  });
});

describe('severity: the gate fails on an undocumented credential', () => {
  it('a setting read through the form that may be unset is no demand; a credential read so is', async () => {
    const files = {
      '.env.example': 'KIOSK_DB_URL=\n',
      'kiosk/settings.py': 'import os\nDB = os.environ["KIOSK_DB_URL"]\nTHEME = os.getenv("KIOSK_THEME")\nPRINTER = os.environ["KIOSK_PRINTER"]\nAPI = os.getenv("KIOSK_PAYMENTS_API_KEY")\n',
    };
    expect(await missing(files)).toEqual(['KIOSK_PRINTER warning', 'KIOSK_PAYMENTS_API_KEY error']);
  });

  it('credentials are errors; other settings, browser values and development switches are not', async () => {
    const files = {
      '.env.example': 'SHOP_DB_URL=postgres://shop:shop@localhost/shop\n',
      'src/app.ts': [
        'const a = process.env.PAYMENT_WEBHOOK_SECRET;', // a credential
        'const b = process.env.SHOP_PUBLIC_ORIGIN;', // a setting
        'const c = process.env.NEXT_PUBLIC_MAPS_KEY;', // a browser value
        'const d = process.env.DEV_PROXY_TARGET;', // a development switch
        'const e = process.env.TEST_INBOX_URL;', // a test setting
        'const f = process.env.KV_REST_API_TOKEN;', // set by the hosting platform's storage integration
        'const g = process.env.ECS_CONTAINER_METADATA_URI_V4;', // set by the container platform
        '',
      ].join('\n'),
    };
    expect(await missing(files)).toEqual(['PAYMENT_WEBHOOK_SECRET error', 'SHOP_PUBLIC_ORIGIN warning', 'NEXT_PUBLIC_MAPS_KEY warning']);
  });

  it('a credential that falls back to a value in the code is still needed, and the message says why', async () => {
    const report = await scanTree(
      {
        '.gitignore': GITIGNORE,
        '.env.example': 'PORT=3000\n',
        'src/keys.ts': "import { BUNDLED_KEY } from './bundled';\nexport const signingKey = process.env.RECEIPT_SIGNING_KEY_SECRET ?? BUNDLED_KEY;\nexport const label = process.env.RECEIPT_LABEL ?? 'Receipt';\n",
      },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(report.findings.map((f) => f.message)).toEqual([
      '`RECEIPT_SIGNING_KEY_SECRET` is read here (process.env) but `.env.example` does not list it. It falls back to a value written in the code, so a deployment that does not set it runs with that value.',
    ]);
  });
});

describe('which example documents which code, mapped by the policy', () => {
  const files = {
    '.gitignore': `${GITIGNORE}deploy/*.env\n`,
    '.env.example': 'VITE_API_BASE=http://localhost:8080\n',
    'deploy/api.env.example': 'API_JWT_SECRET=\n',
    'services/api/src/auth.ts': 'export const jwt = process.env.API_JWT_SECRET;\nexport const smtp = process.env.API_SMTP_PASSWORD;\n',
    'web/src/client.ts': 'export const base = import.meta.env.VITE_API_BASE;\n',
    'README.md': 'Deploy the API with `API_SMTP_PASSWORD` set.\n',
  };

  it('mapped code is judged against its example only, and the message names it', async () => {
    const report = await scanTree(files, {
      policy: 'version: 1\nchecks:\n  env:\n    example-for:\n      "services/api/**": deploy/api.env.example\n',
      only: ['env'],
    });
    // The README mentions API_SMTP_PASSWORD, but the policy says where the API's variables are documented.
    expect(report.findings.map((f) => f.message)).toEqual(['`API_SMTP_PASSWORD` is read here (process.env) but `deploy/api.env.example` does not list it.']);
    // Unmapped, the same code is judged against the nearest example, and the README documents the password.
    const nearest = await scanTree(files, { policy: 'version: 1\n', only: ['env'] });
    expect(nearest.findings.map((f) => f.message)).toEqual([]);
  });

  it('a mapped example that does not exist is reported on the policy line', async () => {
    const report = await scanTree(files, {
      policy: 'version: 1\nchecks:\n  env:\n    example-for:\n      "services/api/**": services/api/.env.example\n',
      only: ['env'],
    });
    const missingExample = report.findings.find((f) => f.ruleId === 'env/example-missing');
    expect(missingExample?.message).toBe('The policy names `services/api/.env.example` as the example for `services/api/**`, but it does not exist.');
    expect(missingExample?.location?.path).toBe('security-policy.yml');
    expect(missingExample?.location?.line).toBe(5);
  });
});
