// True and false examples for the generic rules (credential-named keys with random-looking values).
import type { FakeRandom } from '../fakes.js';
import { ALNUM, BASE64, HEX } from '../fakes.js';
import { no, yes, type ExampleTable } from './types.js';

export function genericExamples(r: FakeRandom): ExampleTable {
  return {
    'generic-secret': {
      yes: [
        yes('src/settings.py', 'DB_PASSWORD = "§"\n', r.password(20)),
        yes('config/app.toml', '[service]\napi_token = "§"\n', r.chars(ALNUM, 36)),
        yes('src/main/java/Mailer.java', '    private static final String SMTP_PASSWORD = "§";\n', r.password(16)),
        yes('cmd/server/main.go', '\tcfg := Config{ClientSecret: "§"}\n', r.chars(`${ALNUM}~._-`, 40)),
        yes('config/settings.json', '{\n  "auth": {\n    "jwtSecret": "§"\n  }\n}\n', r.chars(HEX, 64)),
      ],
      no: [
        no('src/settings.py', 'DB_PASSWORD = os.environ["DB_PASSWORD"]\n'),
        no('src/auth.ts', "export const passwordField = 'password';\n"),
        no('src/types.ts', 'interface Login { password: string; token?: string }\n'),
        no('src/llm.py', 'response = client.chat(model="gpt-4o", max_tokens="4096")\n'),
        no('src/config.ts', "const tokenUrl = 'https://oauth2.googleapis.com/token';\n"),
        no('src/i18n/en.json', '{ "password": "Password", "forgot_password": "Forgot your password?" }\n'),
        no('src/csrf.php', '<input type="hidden" name="_token" value="{{ csrf_token() }}">\n'),
      ],
    },
    'generic-secret-config': {
      yes: [
        yes('.env.production', 'NEXTAUTH_SECRET=§\n', r.chars(ALNUM, 48)),
        yes('config/oauth.yml', 'oauth:\n  client_id: acme-web\n  client_secret: §\n', r.chars(`${ALNUM}~._-`, 40)),
        yes('src/main/resources/application.properties', 'spring.datasource.password=§\n', r.chars(ALNUM, 30)),
      ],
      no: [
        no('.env.example', 'NEXTAUTH_SECRET=changeme\nAPI_TOKEN=\nDB_PASSWORD=your-db-password\n'),
        no('config/app.yml', 'auth:\n  token: ${AUTH_TOKEN}\n  password: "{{ vault_db_password }}"\n'),
        no('config/app.yml', 'session:\n  secret_name: app-session-secret\n  token_ttl: 3600\n'),
      ],
    },
    'generic-secret-xml': {
      yes: [yes('src/main/resources/app.xml', '<config>\n  <password>§</password>\n</config>\n', r.chars(ALNUM, 26))],
      no: [no('src/main/resources/app.xml', '<config>\n  <password>${db.password}</password>\n</config>\n')],
    },
    'generic-secret-xml-setting': {
      yes: [yes('Web.config', '<appSettings>\n  <add key="PaymentApiKey" value="§" />\n</appSettings>\n', r.chars(ALNUM, 32))],
      no: [no('Web.config', '<appSettings>\n  <add key="PaymentApiKeyHeader" value="X-Api-Key" />\n</appSettings>\n')],
    },
    'generic-secret-env-entry': {
      yes: [yes('deploy/k8s/deployment.yaml', 'spec:\n  containers:\n    - name: api\n      env:\n        - name: API_TOKEN\n          value: "§"\n', r.chars(ALNUM, 40))],
      no: [
        no('deploy/k8s/deployment.yaml', 'env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: api\n        key: token\n'),
        no('.github/workflows/ci.yml', 'env:\n  - name: NPM_TOKEN\n    value: ${{ secrets.NPM_TOKEN }}\n'),
      ],
    },
    'aspnet-machine-key': {
      yes: [yes('Web.config', '<system.web>\n  <machineKey validationKey="§" validation="HMACSHA256" />\n</system.web>\n', r.chars(HEX, 128).toUpperCase())],
      no: [no('Web.config', '<system.web>\n  <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />\n</system.web>\n')],
    },
    'laravel-app-key': {
      yes: [yes('.env', 'APP_NAME=Shop\nAPP_KEY=§\nAPP_DEBUG=false\n', `base64:${r.chars(BASE64, 43)}=`)],
      no: [no('.env.example', 'APP_NAME=Shop\nAPP_KEY=\nAPP_DEBUG=true\n'), no('config/app.php', "'key' => env('APP_KEY'),\n")],
    },
  };
}
