import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/checks/secrets/detector.js';
import {
  isDigest,
  isEmbeddedData,
  isLocalHost,
  isPlaceholder,
  isPublicMaterial,
  isTemplateOrReference,
  isUuidOutOfContext,
  isWeakDefault,
  type Candidate,
} from '../../src/checks/secrets/false-positives.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import { ALNUM, BASE64, FakeRandom, HEX, crcToken, pem } from './fakes.js';

const r = new FakeRandom(77);
const detector = createDetector(SECRET_RULES);
const found = (text: string, path: string) => detector.scan(text, path).map((m) => `${m.rule.id} ${m.secret}`);
const candidate = (secret: string, line: string, extra: Partial<Candidate> = {}): Candidate => ({ secret, line, column: line.indexOf(secret), path: 'src/app.ts', ...extra });
const strongPassword = () => r.chars(ALNUM, 28);

describe('documentation placeholders', () => {
  it.each(['your-api-key', 'YOUR_API_KEY', '<token>', '[password]', 'xxxxxxxxxxxxxxxx', '****************', 'changeme', 'change_me', 'AKIAIOSFODNN7EXAMPLE', 'sk_live_example_key_123', 'REPLACE_ME', 'dummy-secret-value', '<your-secret-here>', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '1234567890123456'])('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([() => strongPassword(), () => crcToken(r, 'ghp_'), () => r.chars(HEX, 40)])('a random value is not a placeholder', (make) => {
    expect(isPlaceholder(make())).toBe(false);
  });

  it('keeps documentation quiet and still reports the real value next to it', () => {
    const real = strongPassword();
    const text = ['# Configuration', '', '```sh', 'export API_TOKEN=<token>', 'export DB_PASSWORD=[password]', 'export SECRET_KEY=xxxxxxxxxxxxxxxxxxxx', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'export STRIPE_KEY=sk_live_****************', 'export WEBHOOK_SECRET=changeme', '```', '', `Production: \`API_TOKEN="${real}"\``, ''].join('\n');
    expect(found(text, 'docs/setup.md')).toEqual([`secrets/generic-secret ${real}`]);
    expect(found('API_TOKEN=your-api-key\nCLIENT_SECRET=example-client-secret\n', '.env.example')).toEqual([]);
  });

  it('a call written in prose is not a value: pass: `wants(path)`, token: `refreshToken(session)`', () => {
    expect(found('The pass: `wants(path)`, then `visit(file)`.\nThe token: `refreshToken(session)` renews it.\n', 'README.md')).toEqual([]);
    const real = strongPassword();
    expect(found(`token: \`${real}\`\n`, 'README.md')).toEqual([`secrets/generic-secret ${real}`]);
  });
});

describe('variable references and templates', () => {
  it.each(['process.env.API_TOKEN', '${API_TOKEN}', '${{ secrets.DEPLOY_TOKEN }}', '{{ .Values.db.password }}', '%(db_password)s', '$DB_PASSWORD', '#{ENV["TOKEN"]}', '<%= ENV["SECRET"] %>', 'op://vault/item/password', '!vault |'])('%s is a reference', (value) => {
    expect(isTemplateOrReference(value)).toBe(true);
  });

  it('reports none of them across file types', () => {
    const files: Record<string, string> = {
      'src/config.ts': 'export const config = { apiKey: process.env.API_KEY, token: `${process.env.TOKEN}` };\n',
      '.github/workflows/deploy.yml': 'env:\n  DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
      'charts/api/templates/deployment.yaml': '        - name: DB_PASSWORD\n          value: {{ .Values.db.password | quote }}\n',
      'app/settings.py': 'DATABASE_PASSWORD = "%(db_password)s" % env\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
      'docker-compose.yml': 'services:\n  api:\n    environment:\n      - API_SECRET=${API_SECRET:?missing}\n      - REDIS_PASSWORD=$REDIS_PASSWORD\n',
      'config/database.yml': 'production:\n  password: <%= ENV["DATABASE_PASSWORD"] %>\n',
    };
    for (const [path, text] of Object.entries(files)) expect(found(text, path), path).toEqual([]);
  });
});

describe('hashes and digests', () => {
  it('recognises digests by prefix and by context', () => {
    const sha = r.chars(HEX, 64);
    expect(isDigest(candidate(`sha256:${sha}`, `image: app@sha256:${sha}`))).toBe(true);
    expect(isDigest(candidate(`sha512-${r.chars(BASE64, 86)}==`, 'x'))).toBe(true);
    expect(isDigest(candidate(r.chars(HEX, 40), 'commit: abc', { key: 'commit_sha' }))).toBe(true);
    expect(isDigest(candidate(r.chars(HEX, 40), 'token: abc', { key: 'api_token' }))).toBe(false);
  });

  it('reports nothing in lockfiles, go.sum, SRI attributes and git metadata', () => {
    const integrity = `sha512-${r.chars(BASE64, 86)}==`;
    const files: Record<string, string> = {
      'package-lock.json': `{\n  "packages": {\n    "node_modules/js-tokens": {\n      "version": "4.0.0",\n      "resolved": "https://registry.npmjs.org/js-tokens/-/js-tokens-4.0.0.tgz",\n      "integrity": "${integrity}"\n    }\n  }\n}\n`,
      'yarn.lock': `"@types/jsonwebtoken@^9.0.0":\n  version "9.0.5"\n  resolved "https://registry.yarnpkg.com/@types/jsonwebtoken/-/jsonwebtoken-9.0.5.tgz#${r.chars(HEX, 40)}"\n  integrity ${integrity}\n`,
      'go.sum': `golang.org/x/oauth2 v0.21.0 h1:${r.chars(BASE64, 43)}=\ngolang.org/x/oauth2 v0.21.0/go.mod h1:${r.chars(BASE64, 43)}=\n`,
      'public/index.html': `<script src="https://cdn.example.net/auth-token.js" integrity="sha384-${r.chars(BASE64, 64)}" crossorigin="anonymous"></script>\n`,
      'deploy/release.yml': `release:\n  commit_sha: ${r.chars(HEX, 40)}\n  image_digest: sha256:${r.chars(HEX, 64)}\n  secret_hash: ${r.chars(HEX, 64)}\n`,
    };
    for (const [path, text] of Object.entries(files)) expect(found(text, path), path).toEqual([]);
  });

  it('still reports a credential committed inside a lockfile', () => {
    const password = strongPassword();
    const lock = `{\n  "packages": {\n    "node_modules/internal-ui": {\n      "resolved": "https://ci-bot:${password}@npm.acme-corp.io/internal-ui/-/internal-ui-2.1.0.tgz",\n      "integrity": "sha512-${r.chars(BASE64, 86)}=="\n    }\n  }\n}\n`;
    expect(found(lock, 'package-lock.json')).toEqual([`secrets/url-basic-auth ${password}`]);
  });
});

describe('UUIDs out of credential context', () => {
  const uuid = () => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;

  it('ignores identifiers and reports a UUID that is a credential', () => {
    const id = uuid();
    expect(isUuidOutOfContext(candidate(id, `tenant_id = "${id}"`, { key: 'tenant_id' }))).toBe(true);
    expect(isUuidOutOfContext(candidate(id, `api_key = "${id}"`, { key: 'api_key' }))).toBe(false);
    expect(found(`AZURE_TENANT_ID=${uuid()}\nrequest_token_id: "${uuid()}"\n`, 'config/app.env')).toEqual([]);
    const key = uuid();
    expect(found(`HEROKU_API_KEY=${key}\n`, 'deploy/heroku.env')).toEqual([`secrets/heroku-api-key-legacy ${key}`]);
  });
});

describe('public keys and certificates', () => {
  it('reports neither, but reports the private key in the same file', () => {
    const cert = pem(r, 'CERTIFICATE', 900, 'MIIDdzCCAl+gAwIBAgIE');
    const pub = pem(r, 'PUBLIC KEY', 294, 'MIIBIjANBgkqhkiG9w0BAQEFAAOC');
    const ssh = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} deploy@ci`;
    expect(isPublicMaterial(candidate(ssh, `public_key: ${ssh}`))).toBe(true);
    expect(found(`${cert}\n${pub}\n`, 'certs/bundle.pem')).toEqual([]);
    expect(found(`deploy:\n  public_key: "${ssh}"\n  publishable_key: pk_live_${r.chars(ALNUM, 24)}\n`, 'config/keys.yml')).toEqual([]);
    const key = pem(r, 'PRIVATE KEY', 1200, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(found(`${cert}\n${key}\n`, 'certs/server.pem')).toEqual([`secrets/private-key ${key}`]);
  });
});

describe('data: URIs', () => {
  it('ignores token-shaped runs inside inlined images', () => {
    const line = `background: url("data:image/png;base64,${r.chars(BASE64, 200)}AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}/${r.chars(BASE64, 100)}");`;
    const at = line.indexOf('AKIA');
    expect(isEmbeddedData({ secret: line.slice(at, at + 20), line, column: at, path: 'a.css' })).toBe(true);
    expect(found(`.logo { ${line} }\n`, 'src/styles/app.css')).toEqual([]);
    expect(found(`const icon = "data:image/svg+xml;base64,${r.chars(BASE64, 300)}";\nconst token = "data:text/plain;base64,${r.chars(BASE64, 40)}";\n`, 'src/icons.ts')).toEqual([]);
  });
});

describe('type declarations and form fields', () => {
  it('reports none', () => {
    const files: Record<string, string> = {
      'src/types.ts': 'export interface Credentials {\n  password: string;\n  apiKey?: string;\n  accessToken: string | null;\n}\n',
      'app/models.py': 'class User(BaseModel):\n    password: SecretStr\n    api_token: Optional[str] = None\n',
      'src/Login.tsx': '<input type="password" name="password" autoComplete="current-password" placeholder="Password" />\n',
      'src/forms.ts': "const form = this.fb.group({ password: ['', Validators.required], passwordConfirmation: [''] });\n",
      'internal/config.go': 'type Config struct {\n\tPassword string `json:"password" yaml:"password"`\n\tToken    string `env:"API_TOKEN"`\n}\n',
      'openapi.yaml': 'components:\n  schemas:\n    Login:\n      properties:\n        password:\n          type: string\n          format: password\n',
    };
    for (const [path, text] of Object.entries(files)) expect(found(text, path), path).toEqual([]);
  });
});

describe('local development defaults', () => {
  it.each(['localhost', 'localhost:5432', '127.0.0.1:6379', 'db.example.com', 'host.docker.internal', 'api.test'])('%s is a local host', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each(['postgres', 'password', 'guest', 'root', 'mysecretpassword'])('%s is a well-known default', (value) => {
    expect(isWeakDefault(value)).toBe(true);
  });

  it('reports no local or tutorial connection string, and reports a production one', () => {
    const text = [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
      'TEST_DATABASE_URL=postgresql://app:Xk29fjA8s7Lq2Zp@127.0.0.1:5432/app_test',
      'REDIS_URL=redis://:password@redis:6379/0',
      'AMQP_URL=amqp://guest:guest@rabbitmq:5672',
      'MONGO_URL=mongodb://root:example@mongo:27017',
      'DOCS_URL=https://user:s3cretP4ss@api.example.com/v1',
      '',
    ].join('\n');
    expect(found(text, 'docker/dev.env')).toEqual([]);
    const password = strongPassword();
    expect(found(`DATABASE_URL=postgres://app:${password}@app-db.cluster-c9x.eu-west-1.rds.amazonaws.com:5432/app\n`, '.env.production')).toEqual([`secrets/postgres-url ${password}`]);
  });
});

describe('identifiers and text that are not secrets (seen in real code)', () => {
  it('reports none', () => {
    const code = [
      'nextLastSignificantToken = "?NonExpressionParenKeyword";',
      'lastSignificantToken = "?InterpolationInTemplate";',
      '  "Parser_expected_to_find_a_1_to_match_the_0_token_here_1007": "分析器预期在此处找到与“{0}”标记匹配的“{1}”。",',
      'const sessionSecret = "::session-secret::";',
      "  env: { PWD: '/Users/dana/projects', OLDPWD: '/home/ci/work' },",
      'messages = {"helperSearchPassword":"helperSearchPassword_missing","tenantOptionSecret":"tenantOptionSecret_missing"};',
      '',
    ].join('\n');
    expect(found(code, 'dist/chunks/parser.js')).toEqual([]);
  });
});

describe('minified bundles, treated with care', () => {
  it('ignores identifiers and expressions in a minified line, and reports a real token in it', () => {
    const token = crcToken(r, 'ghp_');
    const bundle = `!function(e,t){"use strict";var n={password:e.password,token:t.token||null,apiKey:o.apiKey};function r(e){return e.secret?e.secret:"password"}var a="${token}";e.exports={n,r,a}}(window,{});\n`;
    expect(found(bundle, 'public/assets/app.4f3a9c.min.js')).toEqual([`secrets/github-pat ${token}`]);
  });
});
