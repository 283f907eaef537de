// What the default `checks.secrets.report` table does with each context and confidence, end to end: the
// classes of false alarms issue 13 found on real repositories, next to the real leaks that must stay errors.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { makeRepo, scanDir } from '../helpers/repo.js';
import { SampleRandom, githubToken, secretSamples } from '../helpers/secret-samples.js';

const r = new SampleRandom(1313);
const samples = secretSamples(1313);
const sample = (name: string) => samples.find((s) => s.name === name)?.secret as string;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const POLICY = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n';
const policyWith = (section: string) => `version: 1\nextends: []\nchecks:\n  secrets:\n${section.replace(/^/gm, '    ')}\n`;
const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();

/** `rule path:line severity confidence/context` for each finding of the secrets check. */
function listed(report: Report): string[] {
  return report.findings
    .filter((f) => f.check === 'secrets')
    .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.line} ${f.severity} ${String(f.properties?.confidence)}/${String(f.properties?.context)}`);
}

const scan = async (files: Record<string, string>, policy = POLICY) => scanDir(makeRepo(files), { policy, only: ['secrets'] });

describe('test code: a provider key is a leak, a fixture password is not', () => {
  it('reports a live Stripe key and a GitHub token in test files as errors, and keeps the fixture values quiet', async () => {
    const stripe = sample('stripe-live');
    const gh = githubToken(r);
    const report = await scan({
      'src/billing/__tests__/checkout.test.ts': `import { charge } from '../checkout';\n\nconst stripeKey = '${stripe}';\nconst password = 'Kx8#mQ2vL9pR4tZ7wB';\n\nit('charges', async () => {\n  expect(await charge(stripeKey, 100)).toBe(true);\n});\n`,
      'tests/test_auth.py': `ADMIN_TOKEN = "${r.chars(ALNUM, 32)}"\nGITHUB_TOKEN = "${gh}"\n\ndef test_login(client):\n    assert client.login("admin", ADMIN_TOKEN)\n`,
      'spec/fixtures/vcr_cassettes/plaid/exchange.yml': `---\nhttp_interactions:\n- request:\n    body:\n      string: '{"public_token":"public-sandbox-${r.chars(HEX, 8)}"}'\n  response:\n    body:\n      string: '{"access_token": "access-sandbox-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}"}'\n`,
    });
    expect(listed(report)).toEqual(['secrets/stripe-secret-key src/billing/__tests__/checkout.test.ts:3 error high/test', 'secrets/github-pat tests/test_auth.py:2 error high/test']);
    // The fixture password and the admin token (medium), the sandbox token of the recorded interaction (low).
    expect(report.notes.find((n) => n.startsWith('secrets:'))).toBe(
      "secrets: 3 candidates below the policy's report level were not reported (by context: test 3; by confidence: low 1, medium 2). List them with `security-gate scan --all-candidates` (as notices), or change `checks.secrets.report`.",
    );
  });

  it('shows a private key in a test as a warning: a suite signs with keys of its own, but a real key there would still leak', async () => {
    const key = pem();
    const report = await scan({ 'test/helpers/jwt.ts': `export const signingKey = \`${key}\`;\n`, 'config/jwt-signing.pem': `${pem()}\n` });
    expect(listed(report)).toEqual(['secrets/private-key config/jwt-signing.pem:1 error high/source', 'secrets/private-key test/helpers/jwt.ts:1 warning high/test']);
    expect(report.verdict).toBe('fail');
  });
});

describe('documentation, CI, development setups, generated code', () => {
  it('keeps example payloads, CI-only values, dev containers and vendored code quiet, and still reports a real token there', async () => {
    const slack = sample('slack-bot');
    const report = await scan({
      'apps/docs/content/webhooks.mdx': `## Payload\n\n\`\`\`json\n{ "recipient": { "token": "${r.chars(`${ALNUM}_`, 21)}", "email": "signer@acme-corp.io" } }\n\`\`\`\n`,
      '.github/workflows/ci.yml': `env:\n  NODE_ENV: test\n  SECRET_KEY: ${r.chars(HEX, 64).toUpperCase()}\n  SLACK_BOT_TOKEN: ${slack}\n`,
      '.devcontainer/docker-compose.yml': 'services:\n  app:\n    environment:\n      DATABASE_URL: postgresql://app:Dev-Container-Pass@db:5432/app\n',
      'Vagrantfile': 'config.vm.provision "shell", inline: <<-SCRIPT\n  mysql -u root -pvagrant-ctf-42 -e "create database ctf"\nSCRIPT\n',
      '.yarn/releases/yarn-4.9.1.cjs': `var e={authToken:"${r.chars(ALNUM, 40)}",npmAuthToken:t.npmAuthToken};\n`,
      'proto/gen/api/v1/auth.connect.go': `// Code generated by protoc-gen-connect-go. DO NOT EDIT.\n\npackage apiv1\n\nconst AuthServiceSecret = "${r.chars(ALNUM, 32)}"\n`,
    });
    expect(listed(report)).toEqual(['secrets/slack-bot-token .github/workflows/ci.yml:4 error high/ci']);
  });

  it('shows the key of a certificate for localhost as a warning', async () => {
    const report = await scan({ 'apps/client/localhost.pem': `${pem()}\n` });
    expect(listed(report)).toEqual(['secrets/private-key apps/client/localhost.pem:1 warning high/dev']);
  });
});

/** A self-signed certificate and its key, made by openssl, for `names` (the first is the CN). */
function selfSigned(names: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'security-gate-cert-'));
  const san = names.map((n) => (/^[\d.:]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
}

/** A certificate for `names` signed by a throwaway CA (not self-signed), and its key. */
function caSigned(names: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'security-gate-cert-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', '/CN=Acme Issuing CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', 'k.pem', '-out', 'req.csr']);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`);
  run(['x509', '-req', '-in', 'req.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'ext.cnf', '-out', 'c.pem']);
  return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
}

describe('a key whose own certificate is for local, development or test hosts only protects nothing deployed', () => {
  it('reads the certificate beside the key or in its file, checks it holds that key, and keeps the key a low-confidence candidate', async () => {
    const local = selfSigned(['localhost', '127.0.0.1']);
    const bundled = selfSigned(['dev.shop.test']);
    const real = selfSigned(['api.acme-corp.io']);
    const other = selfSigned(['localhost']);
    const report = await scan({
      'docker/nginx/certs/server.key': local.key,
      'docker/nginx/certs/server.crt': local.cert,
      'proxy/dev-bundle.pem': `${bundled.cert}${bundled.key}`,
      'deploy/tls/api.key': real.key,
      'deploy/tls/api.crt': real.cert,
      // A localhost certificate beside a key it does not certify says nothing about that key.
      'ops/tls/tls.key': real.key,
      'ops/tls/tls.crt': other.cert,
    });
    expect(listed(report)).toEqual(['secrets/private-key deploy/tls/api.key:1 error high/source', 'secrets/private-key ops/tls/tls.key:1 error high/source']);
    expect(report.notes.find((n) => n.startsWith('secrets:'))).toContain('by context: dev 2; by confidence: low 2');
    const all = await scan({ 'docker/nginx/certs/server.key': local.key, 'docker/nginx/certs/server.crt': local.cert }, policyWith('all-candidates: true'));
    expect(listed(all)).toEqual(['secrets/private-key docker/nginx/certs/server.key:1 notice low/dev']);
  });

  it('takes a self-signed certificate for development and test host names as a development setup, and not one a CA issued', async () => {
    const dev = selfSigned(['*.dev.acme-corp.io', 'dev.acme-corp.io']);
    const testHosts = selfSigned(['*.test.acme-corp.io']);
    const issued = caSigned(['dev.acme-corp.io']);
    const tld = selfSigned(['shop.dev']);
    const report = await scan({
      'etc/dev-acme.key': dev.key,
      'etc/dev-acme.crt': dev.cert,
      'internal/web/testdata/all-test.key': testHosts.key,
      'internal/web/testdata/all-test.crt': testHosts.cert,
      // A certificate a CA issued for a dev host name serves a real staging server; `.dev` is a real top-level domain.
      'deploy/staging/tls.key': issued.key,
      'deploy/staging/tls.crt': issued.cert,
      'deploy/shop/tls.key': tld.key,
      'deploy/shop/tls.crt': tld.cert,
    });
    expect(listed(report)).toEqual(['secrets/private-key deploy/shop/tls.key:1 error high/source', 'secrets/private-key deploy/staging/tls.key:1 error high/source']);
    expect(report.notes.find((n) => n.startsWith('secrets:'))).toContain('by context: dev 1, test 1; by confidence: low 2');
  });
});

describe('examples and deployment templates: a published default is a finding, and the message says why', () => {
  it('reports a generated-looking signing secret in an example env file, and not a placeholder', async () => {
    const report = await scan({ '.env.example': `APP_URL=http://localhost:3000\nJWT_SECRET=${r.chars(ALNUM, 48)}\nS3_SECRET=your-s3-secret\nSMTP_PASSWORD=\n` });
    expect(listed(report)).toEqual(['secrets/generic-secret-config .env.example:2 error medium/example']);
    expect(report.findings[0]?.message).toContain('Examples are copied into installations as they are');
  });

  it('reports defaults baked into compose files, Helm values and Dockerfiles, even in an example compose file', async () => {
    const report = await scan({
      'docker-compose.yml': `services:\n  web:\n    environment:\n      SECRET_KEY_BASE: \${SECRET_KEY_BASE:-${r.chars(HEX, 128)}}\n      NEXTAUTH_SECRET: \${NEXTAUTH_SECRET:-quickstartsecret} # CHANGEME\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-postgres}\n`,
      'deploy/docker-compose.example.yml': `services:\n  web:\n    environment:\n      - JWT_SECRET=\${JWT_SECRET:-${r.chars(ALNUM, 40)}}\n`,
      'charts/api/values.yaml': `auth:\n  jwtSecret: ${r.chars(ALNUM, 40)}\n`,
      'Dockerfile': `FROM node:20-alpine\nENV SESSION_SECRET ${r.chars(ALNUM, 40)}\n`,
    });
    expect(listed(report)).toEqual([
      'secrets/dockerfile-env-secret Dockerfile:2 error medium/source',
      'secrets/generic-secret-config charts/api/values.yaml:2 error medium/source',
      'secrets/signing-key-default deploy/docker-compose.example.yml:4 error medium/example',
      'secrets/signing-key-default docker-compose.yml:4 error medium/source',
      'secrets/signing-key-default docker-compose.yml:5 error medium/source',
    ]);
    for (const f of report.findings) expect(f.message).toContain('A default baked into a deployment template: whoever deploys without setting it runs with this published value.');
  });
});

describe('published development defaults are not reported', () => {
  it('compose service passwords, emulator keys, demo JWTs, tutorial TOTP secrets', async () => {
    const demoJwt = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 })).toString('base64url')}.${r.chars(`${ALNUM}-_`, 43)}`;
    const report = await scan({
      'docker-compose.yml': 'services:\n  api:\n    environment:\n      DATABASE_URL: mysql://admin:super-secret@database:3306/shop\n      MINIO_ROOT_PASSWORD: minioadmin\n      AZURE_STORAGE: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://azurite:10000/devstoreaccount1\n',
      'supabase/functions/.env': `SUPABASE_SERVICE_ROLE_KEY=${demoJwt}\n`,
      'scripts/localstack.sh': 'export AWS_ACCESS_KEY_ID=test\nexport AWS_SECRET_ACCESS_KEY=test\n',
      'src/mfa/totp.ts': "export const demoSecret = 'JBSWY3DPEHPK3PXP';\n",
      // Credentials of services the same file binds to this machine: an emulator's, a local dev server's.
      '.env.development.local': `QUEUE_URL=http://127.0.0.1:8080\nQUEUE_TOKEN=${r.chars(ALNUM, 40)}\nQUEUE_CURRENT_SIGNING_KEY=sig_${r.chars(ALNUM, 28)}\nS3_ENDPOINT=http://localhost:9000\nS3_SECRET_ACCESS_KEY=${r.chars(ALNUM, 40)}\n`,
      // Firebase's emulator-only projects are named demo-…; their API key can be any string.
      'web/src/firebase.ts': 'export const firebaseConfig = { projectId: "demo-shop", apiKey: "demo-key-for-the-emulator-only" };\n',
      'docs/api.md': '```sh\nexport API_TOKEN=fake_token_for_the_docs_7f3a9c\n```\n',
      // A local dev server's published token: base64 of its default user and password.
      'docker-compose.queue.yml': `services:\n  worker:\n    environment:\n      QUEUE_TOKEN: ${Buffer.from(JSON.stringify({ UserID: 'defaultUser', Password: 'defaultPassword' })).toString('base64')}\n`,
    });
    expect(listed(report)).toEqual([]);
  });

  it('still reports a key of a real service next to a local one', async () => {
    const report = await scan({ '.env.staging': `QUEUE_URL=http://127.0.0.1:8080\nQUEUE_TOKEN=${r.chars(ALNUM, 40)}\nPAYMENTS_URL=https://api.payments.example.net\nPAYMENTS_TOKEN=${r.chars(ALNUM, 40)}\n` });
    expect(listed(report)).toEqual(['secrets/generic-secret-config .env.staging:4 error medium/source']);
  });
});

describe('public-by-design keys are not reported', () => {
  it('PostHog project keys, Algolia search keys, publishable keys, Sentry DSNs, Nx Cloud read-only tokens, Pusher app keys', async () => {
    const nxRead = Buffer.from(`${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}|read`).toString('base64');
    const report = await scan({
      'src/analytics/posthog.service.ts': `export class PostHogService {\n  private POSTHOG_API_KEY = 'phc_${r.chars(ALNUM, 43)}';\n}\n`,
      'src/search/client.ts': `export const ALGOLIA_SEARCH_API_KEY = "${r.chars(HEX, 32)}";\n`,
      'src/billing/stripe-client.ts': `export const STRIPE_KEY = "pk_live_${r.chars(ALNUM, 99)}";\n`,
      'config/sentry.yml': `dsn: https://${r.chars(HEX, 32)}:${r.chars(HEX, 32)}@o4504.ingest.sentry.io/4505\n`,
      'nx.json': `{\n  "npmScope": "acme",\n  "nxCloudAccessToken": "${nxRead}"\n}\n`,
      'config/broadcasting.env': `PUSHER_APP_ID=1754321\nPUSHER_APP_KEY=${r.chars(HEX, 20)}\n`,
    });
    expect(listed(report)).toEqual([]);
  });
});

describe('strings that are not credentials', () => {
  it('error codes, label maps, cache keys, i18n checksums, URL grammar in help text, placeholder connection strings', async () => {
    const report = await scan({
      'src/errors.ts': "export const INFRA_TOKEN_EXPIRED = 'infra_token/expired';\nexport const ACCESS_TOKEN_LABEL_SHORT = 'access_token/label_too_short';\n",
      'src/auth/providers.ts': 'const providerMap: Record<string, string> = {\n  credentials: "Email/Password",\n  google: "Google",\n};\n',
      'src/cache.py': 'TOKEN_CACHE_KEY = "provider-token-cache-v2"\n',
      'i18n.lock': `checksums:\n  ${r.chars(HEX, 32)}:\n    settings/api_key: ${r.chars(HEX, 32)}\n`,
      'src/components/notifications/Apprise.vue': '<p>{{ $t("Example:", ["twilio://AccountSid:AuthToken@FromPhoneNo"]) }}</p>\n',
      'src/pages/EditMonitor.vue': '<input placeholder="Server=<hostname>,<port>;Database=<your database>;User Id=<your user id>;Password=<your password>;Encrypt=true">\n',
    });
    expect(listed(report)).toEqual([]);
  });
});

describe('the report table is the policy\'s', () => {
  const files = () => ({
    'tests/auth/login.test.ts': `const password = "${r.chars(ALNUM, 24)}";\n`,
    'src/seed.ts': 'export const adminPassword = "Harbour!2031Tide";\n',
    'app/settings.py': `SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "${r.chars(ALNUM, 50)}")\n`,
  });

  it('by default reports the medium-confidence default in code, and counts the test value and the typed password', async () => {
    const report = await scan(files());
    expect(listed(report)).toEqual(['secrets/env-default app/settings.py:1 error medium/source']);
    expect(report.notes.find((n) => n.startsWith('secrets:'))).toContain('by context: source 1, test 1; by confidence: low 1, medium 1');
  });

  it('reports what a context is set to report, at most at the severity its cell says', async () => {
    const report = await scan(files(), policyWith('report:\n  test: low\n  source: { high: error, medium: warning, low: notice }'));
    expect(listed(report)).toEqual(['secrets/env-default app/settings.py:1 warning medium/source', 'secrets/generic-secret src/seed.ts:1 notice low/source', 'secrets/generic-secret tests/auth/login.test.ts:1 error medium/test']);
    expect(report.notes.some((n) => n.startsWith('secrets:'))).toBe(false);
  });

  it('caps a severity the policy raised: the table has the last word', async () => {
    const report = await scan({ 'test/keys/signing.pem': `${pem()}\n` }, policyWith('severity:\n  secrets/private-key: error'));
    expect(listed(report)).toEqual(['secrets/private-key test/keys/signing.pem:1 warning high/test']);
  });

  it('lists every candidate as a notice with all-candidates, never failing the gate', async () => {
    const report = await scan(files(), policyWith('all-candidates: true'));
    expect(listed(report)).toEqual(['secrets/env-default app/settings.py:1 error medium/source', 'secrets/generic-secret src/seed.ts:1 notice low/source', 'secrets/generic-secret tests/auth/login.test.ts:1 notice medium/test']);
    const candidate = report.findings.find((f) => f.location?.path === 'tests/auth/login.test.ts');
    expect(candidate?.properties).toMatchObject({ candidate: true, confidence: 'medium', context: 'test' });
    expect(candidate?.message).toContain('medium-confidence candidate in test code and fixtures');
  });

  it('refuses a context or a level it does not know, with the key in the error', async () => {
    await expect(scan(files(), policyWith('report:\n  tests: high'))).rejects.toThrow(/report/);
    await expect(scan(files(), policyWith('report:\n  test: maybe'))).rejects.toThrow(/checks\.secrets\.report\.test must be high, medium or low/);
  });
});
