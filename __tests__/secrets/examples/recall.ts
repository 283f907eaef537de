// True and false examples for the shapes issue 13 found missed: registry auth in Docker config.json,
// passwords on command lines, literal defaults of environment reads and of deployment templates, auth tokens
// passed to SDK clients, FCM legacy server keys.
import type { FakeRandom } from '../fakes.js';
import { ALNUM, BASE64URL, HEX } from '../fakes.js';
import { no, yes, type ExampleTable } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function recallExamples(r: FakeRandom): ExampleTable {
  const pw = () => r.password(18);
  return {
    'docker-config-auth': {
      yes: [
        yes('.docker/config.json', '{\n  "auths": {\n    "registry.acme-corp.io": {\n      "auth": "§"\n    }\n  }\n}\n', b64(`deploy-bot:${pw()}`)),
        yes('deploy/dockerconfig.json', '{"auths":{"ghcr.io":{"auth":"§","email":"ops@acme-corp.io"}}}\n', b64(`acme-ci:${r.chars(ALNUM, 36)}`)),
      ],
      no: [
        no('.docker/config.json', '{\n  "auths": {\n    "ghcr.io": {}\n  },\n  "credsStore": "desktop"\n}\n'),
        no('.docker/config.json', `{"auths":{"registry.local":{"auth":"${b64('admin:password')}"}}}\n`),
      ],
    },
    'command-line-password': {
      yes: [
        yes('scripts/backup.sh', "#!/bin/sh\nmysqldump -h db.acme-corp.io -u backup -p'§' shop > /backups/shop.sql\n", pw()),
        yes('Makefile', 'restore:\n\tmysql -uadmin -p§ shop < dump.sql\n', r.chars(ALNUM, 20)),
        yes('scripts/migrate.sh', './bin/migrate --db-password=§ --host pg.acme-corp.io\n', pw()),
        yes('scripts/report.sh', 'curl -sf -u reporting:§ https://api.acme-corp.io/v2/exports\n', r.chars(ALNUM, 24)),
        yes('deploy/push.sh', 'sshpass -p "§" rsync -a dist/ deploy@203.0.113.10:/srv/www\n', pw()),
        yes('scripts/dump.sh', 'PGPASSWORD=§ pg_dump -h pg.acme-corp.io -U app app > app.sql\n', r.chars(ALNUM, 22)),
      ],
      no: [
        no('docs/backup.md', 'Run `mysql -u root -p` and type the password when asked.\n'),
        no('scripts/backup.sh', 'mysqldump -u "$DB_USER" -p"$DB_PASSWORD" shop > dump.sql\n'),
        no('scripts/report.sh', 'curl -u "$API_USER:$API_TOKEN" https://api.acme-corp.io/v2/exports\n'),
        no('scripts/local.sh', 'mysql -uroot -proot -e "create database shop"\n'),
        no('scripts/run.sh', 'docker run -p 8080:80 --password-stdin nginx\n'),
      ],
    },
    'env-fallback': {
      yes: [
        yes('src/lib/auth.ts', 'export const jwtSecret = process.env.JWT_SECRET ?? "§";\n', r.chars(ALNUM, 40)),
        yes('src/server/config.js', "const apiKey = process.env['PAYMENTS_API_KEY'] || '§';\n", r.chars(BASE64URL, 32)),
      ],
      no: [
        no('src/lib/auth.ts', 'export const jwtSecret = process.env.JWT_SECRET ?? "dev-secret";\n'),
        no('src/lib/auth.ts', "export const tokenTtl = process.env.TOKEN_TTL ?? '3600';\n"),
      ],
    },
    'env-default': {
      yes: [
        yes('app/settings.py', 'SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "§")\n', r.chars(ALNUM, 50)),
        yes('app/clients.py', 'SLACK_TOKEN = os.environ.get("SLACK_BOT_TOKEN", "§")\n', r.chars(ALNUM, 36)),
        yes('config/initializers/session.rb', 'SESSION_SECRET = ENV.fetch("SESSION_SECRET") { "§" }\n', r.chars(HEX, 64)),
        yes('internal/config/config.go', '\tsecret := getEnv("API_SECRET", "§")\n', r.chars(ALNUM, 32)),
      ],
      no: [
        no('app/settings.py', 'SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "django-insecure-change-me")\n'),
        no('app/settings.py', 'DB_PASSWORD = os.environ.get("DB_PASSWORD", "")\n'),
      ],
    },
    'template-default': {
      yes: [yes('docker-compose.yml', 'services:\n  api:\n    environment:\n      STRIPE_API_TOKEN: ${STRIPE_API_TOKEN:-§}\n', r.chars(ALNUM, 32))],
      no: [no('docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n')],
    },
    'dockerfile-env-secret': {
      yes: [yes('Dockerfile', 'FROM node:20-alpine\nENV SESSION_SECRET §\nCMD ["node", "server.js"]\n', r.chars(ALNUM, 40))],
      no: [no('Dockerfile', 'FROM node:20-alpine\nARG NPM_TOKEN\nENV SECRET_FILE /run/secrets/app\n')],
    },
    'signing-key-default': {
      yes: [
        yes('docker-compose.yml', 'services:\n  web:\n    environment:\n      SECRET_KEY_BASE: ${SECRET_KEY_BASE:-§}\n', r.chars(HEX, 128)),
        yes('docker-compose.yml', 'services:\n  web:\n    environment:\n      NEXTAUTH_SECRET: ${NEXTAUTH_SECRET:-§} # CHANGEME\n', 'quickstartsecret'),
      ],
      no: [
        no('docker-compose.yml', 'services:\n  web:\n    environment:\n      NEXTAUTH_SECRET: ${NEXTAUTH_SECRET:?set NEXTAUTH_SECRET}\n      SECRET_KEY_BASE: ${SECRET_KEY_BASE:-changeme}\n'),
        no('docker-compose.yml', 'services:\n  minio:\n    environment:\n      MINIO_SECRET_ACCESS_KEY: ${MINIO_SECRET_ACCESS_KEY:-miniosecret}\n'),
      ],
    },
    'twilio-client-auth-token': {
      yes: [
        yes('notify/sms.py', 'client = Client(account_sid, "§")\n', r.chars(HEX, 32)),
        yes('src/sms.js', `const client = twilio('AC${r.chars(HEX, 32)}', '§');\n`, r.chars(HEX, 32)),
      ],
      no: [no('notify/sms.py', 'client = Client(account_sid, auth_token)\n')],
    },
    'fcm-server-key': {
      yes: [yes('src/push.ts', "const FCM_SERVER_KEY = '§';\n", `AAAA${r.chars(BASE64URL, 7)}:APA91b${r.chars(BASE64URL, 134)}`)],
      // A device registration token has the same tail but no project id in front.
      no: [no('src/push.ts', `const registrationId = '${r.chars(BASE64URL, 22)}:APA91b${r.chars(BASE64URL, 134)}';\n`)],
    },
  };
}
