// True and false examples for package registries, AI platforms and messaging.
import type { FakeRandom} from '../fakes.js';
import { ALNUM, BASE64URL, HEX, LETTERS, UPPER_ALNUM, crcToken } from '../fakes.js';
import { no, yes, type ExampleTable } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function aiMessagingExamples(r: FakeRandom): ExampleTable {
  const openai = (prefix: string) => `${prefix}${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}`;
  const simple = (path: string, line: string, secret: string, falseLine: string) => ({ yes: [yes(path, line, secret)], no: [no(path, falseLine)] });
  const snowflake = r.digits(18);
  return {
    'npm-token': simple('.npmrc', '//registry.npmjs.org/:_authToken=§\n', crcToken(r, 'npm_'), `//registry.npmjs.org/:_authToken=npm_${r.chars(ALNUM, 36)}\n`),
    'npm-legacy-token': simple('.npmrc', '//registry.npmjs.org/:_authToken=§\n', `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`, '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'),
    'npmrc-basic-auth': simple('.npmrc', 'registry=https://npm.acme-corp.io/\n_auth=§\n', b64(`ci-bot:${r.password(18)}`), '_auth=${NPM_AUTH}\n'),
    'pypi-token': simple('.pypirc', '[pypi]\nusername = __token__\npassword = §\n', `pypi-AgEIcHlwaS5vcmc${r.chars(BASE64URL, 70)}`, '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc<your-token>\n'),
    'rubygems-api-key': simple('.gem/credentials', '---\n:rubygems_api_key: §\n', `rubygems_${r.chars(HEX, 48)}`, '---\n:rubygems_api_key: rubygems_<48 hex characters>\n'),
    'dockerhub-token': simple('deploy/push.sh', 'echo "§" | docker login -u acme --password-stdin\n', `dckr_pat_${r.chars(BASE64URL, 27)}`, 'echo "$DOCKERHUB_TOKEN" | docker login -u acme --password-stdin # dckr_pat_...\n'),
    'nuget-api-key': simple('scripts/publish.ps1', 'dotnet nuget push pkg.nupkg --api-key § --source https://api.nuget.org/v3/index.json\n', `oy2${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 43)}`, 'dotnet nuget push pkg.nupkg --api-key $env:NUGET_API_KEY\n'),
    'jfrog-api-key': simple('gradle.properties', 'artifactory_password=§\n', `AKCp${r.chars(ALNUM, 69)}`, 'artifactory_password=AKCpXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n'),
    'jfrog-reference-token': simple('.jfrog/jfrog-cli.conf', '{"accessToken": "§"}\n', `cmVmdGtuOjAxOj${r.chars(ALNUM, 50)}`, '{"accessToken": "cmVmdGtuOjAxOj..."}\n'),
    'openai-project-key': simple('ai/client.py', 'client = OpenAI(api_key="§")\n', openai('sk-proj-'), 'client = OpenAI(api_key="sk-proj-...")\n'),
    'openai-service-account-key': simple('ai/batch.py', 'OPENAI_API_KEY = "§"\n', openai('sk-svcacct-'), 'OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]  # sk-svcacct-...\n'),
    'openai-admin-key': simple('ops/openai-admin.ts', "const admin = new OpenAI({ apiKey: '§' });\n", openai('sk-admin-'), "const admin = new OpenAI({ apiKey: 'sk-admin-your-admin-key' });\n"),
    'openai-user-key': simple('notebooks/demo.py', 'openai.api_key = "§"\n', `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`, 'openai.api_key = "sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx"\n'),
    'anthropic-api-key': simple('ai/claude.ts', "const anthropic = new Anthropic({ apiKey: '§' });\n", `sk-ant-api03-${r.chars(BASE64URL, 93)}AA`, "const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-...' });\n"),
    'anthropic-admin-key': simple('ops/usage.py', 'ADMIN_KEY = "§"\n', `sk-ant-admin01-${r.chars(BASE64URL, 93)}AA`, 'ADMIN_KEY = "sk-ant-admin01-<your key>"\n'),
    'huggingface-token': simple('ml/download.py', 'HF_TOKEN = "§"\n', `hf_${r.chars(LETTERS, 34)}`, 'HF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n'),
    'huggingface-org-token': simple('ml/push.py', 'api = HfApi(token="§")\n', `api_org_${r.chars(LETTERS, 34)}`, 'api = HfApi(token="api_org_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")\n'),
    'groq-api-key': simple('.env', 'GROQ_API_KEY=§\n', `gsk_${r.chars(ALNUM, 52)}`, 'GROQ_API_KEY=gsk_your_api_key_here\n'),
    'replicate-api-token': simple('.env', 'REPLICATE_API_TOKEN=§\n', `r8_${r.chars(ALNUM, 37)}`, 'REPLICATE_API_TOKEN=r8_**********\n'),
    'perplexity-api-key': simple('src/search.ts', "const pplx = new Perplexity({ apiKey: '§' });\n", `pplx-${r.chars(ALNUM, 48)}`, "const pplx = new Perplexity({ apiKey: 'pplx-<key>' });\n"),
    'xai-api-key': simple('src/grok.py', 'XAI_API_KEY = "§"\n', `xai-${r.chars(ALNUM, 80)}`, 'XAI_API_KEY = "xai-..."\n'),
    'langsmith-api-key': simple('.env', 'LANGSMITH_API_KEY=§\n', `lsv2_pt_${r.chars(HEX, 32)}_${r.chars(HEX, 10)}`, 'LANGSMITH_API_KEY=lsv2_pt_...\n'),
    'slack-bot-token': simple('services/notify/slack.py', 'SLACK_BOT_TOKEN = "§"\n', `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`, 'SLACK_BOT_TOKEN = "xoxb-your-bot-token"\n'),
    'slack-user-token': simple('services/notify/user.py', 'token = "§"\n', `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`, 'token = "xoxp-0000000000-0000000000-0000000000-00000000000000000000000000000000"\n'),
    'slack-app-token': simple('bot/socket.js', "const app = new App({ appToken: '§', socketMode: true });\n", `xapp-1-A${r.chars(UPPER_ALNUM, 10)}-${r.digits(13)}-${r.chars(HEX, 64)}`, "const app = new App({ appToken: process.env.SLACK_APP_TOKEN, socketMode: true });\n"),
    'slack-config-token': simple('ci.env', 'SLACK_CONFIG_TOKEN=§\n', `xoxe.xoxp-1-${r.chars(ALNUM, 140)}`, 'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-...\n'),
    'slack-legacy-token': simple('legacy/slack.rb', "TOKEN = 'xoxs-§'\n".replace('xoxs-§', '§'), `xoxs-${r.digits(12)}-${r.digits(12)}-${r.chars(HEX, 40)}`, "TOKEN = 'xoxs-xxxxxxxxxxxx'\n"),
    'slack-webhook': simple('config/alerts.yml', 'alerts:\n  slack: §\n', `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 8)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`, 'alerts:\n  slack: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n'),
    'slack-workflow-webhook': simple('config/alerts.yml', 'workflow: §\n', `https://hooks.slack.com/triggers/T${r.chars(UPPER_ALNUM, 8)}/A${r.chars(UPPER_ALNUM, 10)}/${r.digits(16)}/${r.chars(ALNUM, 32)}`, 'workflow: https://hooks.slack.com/triggers/TXXXXXXXX/...\n'),
    'discord-bot-token': simple('bot/discord.js', "client.login('§');\n", `${b64(snowflake).replace(/=+$/, '')}.${r.chars(BASE64URL, 6)}.${r.chars(BASE64URL, 38)}`, `client.login('M${r.chars(ALNUM, 25)}.${r.chars(BASE64URL, 6)}.${r.chars(BASE64URL, 38)}');\n`),
    'discord-webhook': simple('bot/hooks.json', '{ "webhook": "§" }\n', `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(BASE64URL, 68)}`, '{ "webhook": "https://discord.com/api/webhooks/{id}/{token}" }\n'),
    'telegram-bot-token': simple('bot/telegram.py', 'bot = telegram.Bot(token="§")\n', `${r.digits(10)}:AA${r.chars(BASE64URL, 33)}`, 'bot = telegram.Bot(token="123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")\n'),
    'teams-webhook': simple('ops/notify.ps1', '$uri = "§"\n', `https://acme.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.chars(HEX, 32)}/${uuid(r)}`, '$uri = "https://acme.webhook.office.com/webhookb2/<id>"\n'),
    'twilio-api-key': simple('src/sms/twilio.ts', "const twilioApiKey = '§';\n", `SK${r.chars(HEX, 32)}`, "const twilioApiKey = 'SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';\n"),
    'twilio-auth-token': simple('config/sms.env', 'TWILIO_AUTH_TOKEN=§\n', r.chars(HEX, 32), 'TWILIO_AUTH_TOKEN=your_auth_token\n'),
    'sendgrid-api-key': simple('src/mail/sendgrid.ts', "sgMail.setApiKey('§');\n", `SG.${r.chars(BASE64URL, 22)}.${r.chars(BASE64URL, 43)}`, "sgMail.setApiKey('SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\n"),
    'mailgun-api-key': simple('src/mail/mailgun.ts', "const mailgun = mg.client({ username: 'api', key: '§' });\n", `${r.chars(HEX, 32)}-${r.chars(HEX, 8)}-${r.chars(HEX, 8)}`, "const mailgun = mg.client({ username: 'api', key: process.env.MAILGUN_API_KEY });\n"),
    'mailchimp-api-key': simple('newsletter/config.php', "$apiKey = '§';\n", `${r.chars(HEX, 32)}-us${r.int(1, 21)}`, "$apiKey = 'your-api-key-us1';\n"),
  };

  function uuid(rand: FakeRandom): string {
    return `${rand.chars(HEX, 8)}-${rand.chars(HEX, 4)}-${rand.chars(HEX, 4)}-${rand.chars(HEX, 4)}-${rand.chars(HEX, 12)}`;
  }
}
