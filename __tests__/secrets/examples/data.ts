// True and false examples for connection strings, Kubernetes Secrets, private keys and JWTs.
import type { FakeRandom} from '../fakes.js';
import { ALNUM, BASE64, BASE64URL, HEX, ageKey, jwt, pem } from '../fakes.js';
import { no, yes, type ExampleTable } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function dataExamples(r: FakeRandom): ExampleTable {
  const pw = () => r.chars(ALNUM, 24);
  const rsa = pem(r, 'RSA PRIVATE KEY');
  const openssh = pem(r, 'OPENSSH PRIVATE KEY', 1800, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn');
  const pgp = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${(r.chars(BASE64, 640).match(/.{1,64}/g) ?? []).join('\n')}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
  const putty = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@ci\nPublic-Lines: 2\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 20)}\nPrivate-Lines: 1\n${r.chars(BASE64, 44)}\nPrivate-MAC: ${r.chars(HEX, 64)}`;
  const secretJwt = jwt(r, { iss: 'supabase', ref: r.chars('abcdefghijklmnopqrstuvwxyz', 20), role: 'service_role', iat: 1700000000, exp: 2000000000 });
  const anonJwt = jwt(r, { iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'anon', iat: 1700000000, exp: 2000000000 });
  const sessionJwt = jwt(r, { sub: 'user_42', iat: 1700000000, exp: 1700003600 });
  return {
    'postgres-url': {
      yes: [yes('config/database.yml', 'production:\n  url: postgres://app_user:§@db.prod.acme-internal.net:5432/app\n', pw())],
      no: [no('.env.example', 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n'), no('docker-compose.yml', '      DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@db:5432/app\n')],
    },
    'mysql-url': { yes: [yes('config/mysql.env', 'DATABASE_URL=mysql://admin:§@mysql.acme-prod.io:3306/shop\n', pw())], no: [no('config/mysql.env', 'DATABASE_URL=mysql://root:root@127.0.0.1:3306/shop\n')] },
    'mongodb-url': {
      yes: [yes('src/db/mongo.ts', "const uri = 'mongodb+srv://svc:§@cluster0.ab1cd.mongodb.net/prod';\n", pw())],
      no: [no('README.md', 'MONGO_URL=mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/test\n')],
    },
    'redis-url': {
      yes: [yes('config/cache.env', 'REDIS_URL=redis://default:§@redis-12345.c1.us-east-1-2.ec2.cloud.redislabs.com:12345\n', pw()), yes('config/cache.env', 'REDIS_URL=rediss://:§@cache.acme-prod.io:6380\n', pw())],
      no: [no('config/cache.env', 'REDIS_URL=redis://:password@localhost:6379\n')],
    },
    'amqp-url': { yes: [yes('config/queue.env', 'AMQP_URL=amqps://worker:§@rabbit.acme-prod.io/vhost\n', pw())], no: [no('config/queue.env', 'AMQP_URL=amqp://guest:guest@rabbitmq:5672/\n')] },
    'url-basic-auth': {
      yes: [yes('scripts/mirror.sh', 'git clone https://deploy:§@git.acme-corp.io/acme/app.git\n', pw())],
      no: [no('docs/proxy.md', 'export HTTPS_PROXY=http://user:pass@proxy.example.com:3128\n'), no('scripts/mirror.sh', 'git clone https://oauth2:${CI_JOB_TOKEN}@gitlab.acme-corp.io/acme/app.git\n')],
    },
    'jdbc-password': {
      yes: [yes('src/main/resources/db.properties', 'db.url=jdbc:sqlserver://sql.acme-prod.io:1433;databaseName=shop;user=app;password=§\n', pw())],
      no: [no('src/main/resources/db.properties', 'db.url=jdbc:postgresql://localhost:5432/shop?user=app&password=${DB_PASSWORD}\n')],
    },
    'connection-string-password': {
      yes: [yes('appsettings.json', '{ "ConnectionStrings": { "Default": "Server=sql.acme-prod.io;Database=Shop;User Id=app;Password=§;" } }\n', pw())],
      no: [no('appsettings.Development.json', '{ "ConnectionStrings": { "Default": "Server=(localdb)\\\\mssqllocaldb;Database=Shop;Trusted_Connection=True;" } }\n')],
    },
    'planetscale-password': { yes: [yes('db/planetscale.env', 'DATABASE_PASSWORD=§\n', `pscale_pw_${r.chars(BASE64URL, 43)}`)], no: [no('db/planetscale.env', 'DATABASE_PASSWORD=pscale_pw_<password>\n')] },
    'planetscale-token': { yes: [yes('db/planetscale.env', 'PLANETSCALE_SERVICE_TOKEN=§\n', `pscale_tkn_${r.chars(BASE64URL, 43)}`)], no: [no('db/planetscale.env', 'PLANETSCALE_SERVICE_TOKEN=pscale_tkn_...\n')] },
    'planetscale-oauth-token': { yes: [yes('db/ps.ts', "const token = '§';\n", `pscale_oauth_${r.chars(BASE64URL, 43)}`)], no: [no('db/ps.ts', "const token = 'pscale_oauth_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';\n")] },
    'supabase-access-token': { yes: [yes('supabase/deploy.sh', 'export SUPABASE_ACCESS_TOKEN=§\n', `sbp_${r.chars(HEX, 40)}`)], no: [no('supabase/deploy.sh', 'export SUPABASE_ACCESS_TOKEN=sbp_0000000000000000000000000000000000000000\n')] },
    'supabase-secret-key': { yes: [yes('supabase/.env', 'SUPABASE_SECRET_KEY=§\n', `sb_secret_${r.chars(BASE64URL, 32)}`)], no: [no('web/.env', `NEXT_PUBLIC_SUPABASE_KEY=sb_publishable_${r.chars(BASE64URL, 32)}\n`)] },
    'kubernetes-secret': {
      yes: [
        yes('deploy/k8s/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\ndata:\n  username: YWRtaW4=\n  api-key: §\n', b64(r.chars(ALNUM, 32))),
        yes('backup/secret-dump.yml', 'apiVersion: v1\ndata:\n  password: §\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ntype: Opaque\n', b64(r.chars(ALNUM, 20))),
        yes('deploy/k8s/creds.yaml', '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp\nstringData:\n  SMTP_PASSWORD: "§"\n', r.chars(ALNUM, 22)),
      ],
      no: [
        no('deploy/k8s/config.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  LOG_LEVEL: info\n  ca-bundle: ${b64(r.chars(ALNUM, 64))}\n`),
        no('charts/api/templates/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.password | b64enc }}\n'),
        no('deploy/k8s/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: example\ndata:\n  password: Y2hhbmdlbWU=\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n'),
      ],
    },
    'private-key': {
      yes: [yes('deploy/id_deploy.pem', '§\n', rsa), yes('ops/ssh/deploy_key', '§\n', openssh), yes('src/sign.ts', "const key = '§';\n", pem(r, 'EC PRIVATE KEY', 121, 'MHcCAQEEI').replace(/\n/g, '\\n'))],
      no: [
        no('docs/tls.md', '```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n'),
        no('certs/server.crt', pem(r, 'CERTIFICATE', 900, 'MIIDdzCCAl+gAwIBAgIE') + '\n'),
        no('src/keys.ts', "if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) return 'pkcs8';\n"),
      ],
    },
    'private-key-base64': {
      yes: [yes('kube/config', 'users:\n  - name: ci\n    user:\n      client-key-data: §\n', b64(`${rsa}\n`))],
      no: [no('kube/config', `clusters:\n  - cluster:\n      certificate-authority-data: ${b64(pem(r, 'CERTIFICATE', 900, 'MIIDdzCCAl+gAwIBAgIE'))}\n`), no('ci/vars.yml', `SIGNING_KEY_B64: ${b64('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n')}\n`)],
    },
    'pgp-private-key': { yes: [yes('ops/release-signing.asc', '§\n', pgp)], no: [no('ops/release-signing.pub.asc', pgp.replace(/PRIVATE KEY/g, 'PUBLIC KEY') + '\n')] },
    'putty-private-key': { yes: [yes('keys/deploy.ppk', '§\n', putty)], no: [no('docs/putty.md', 'A .ppk file starts with `PuTTY-User-Key-File-3: ssh-ed25519` and ends with a Private-MAC line.\n')] },
    'age-secret-key': {
      yes: [yes('keys/age.txt', '# created: 2024-01-01T00:00:00Z\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n§\n', ageKey(r))],
      no: [no('keys/age.txt', `AGE-SECRET-KEY-1${r.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}\n`)],
    },
    jwt: {
      yes: [yes('supabase/admin.ts', "const supabaseAdmin = createClient(url, '§');\n", secretJwt)],
      no: [
        no('web/supabase.ts', `const supabase = createClient(url, '${anonJwt}');\n`),
        no('tests/auth.test.ts', `const token = '${sessionJwt}';\n`),
        no('docs/jwt.md', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n'),
      ],
    },
    'authorization-basic': {
      yes: [yes('scripts/api.sh', 'curl -H "Authorization: Basic §" https://api.acme-corp.io/v1/orders\n', b64(`reporting:${r.chars(ALNUM, 20)}`))],
      no: [no('scripts/api.sh', 'curl -H "Authorization: Basic $(echo -n "$USER:$PASS" | base64)" https://api.acme-corp.io\n'), no('docs/auth.md', 'Basic authentication is described in RFC 7617.\n')],
    },
    'authorization-bearer': {
      yes: [yes('scripts/api.sh', 'curl -H "Authorization: Bearer §" https://api.acme-corp.io/v1/orders\n', r.chars(BASE64URL, 40))],
      no: [no('scripts/api.sh', 'curl -H "Authorization: Bearer $API_TOKEN" https://api.acme-corp.io\n'), no('src/http.ts', "headers.Authorization = `Bearer ${token}`;\n"), no('docs/api.md', 'Send `Authorization: Bearer <YOUR_ACCESS_TOKEN_HERE>` with each request.\n')],
    },
  };
}
