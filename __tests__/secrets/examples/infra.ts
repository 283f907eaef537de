// True and false examples for hosting, infrastructure, monitoring, work tools and payments.
import type { FakeRandom} from '../fakes.js';
import { ALNUM, BASE64, BASE64URL, HEX, UPPER_ALNUM, UPPER_HEX } from '../fakes.js';
import { no, yes, type ExampleTable, type RuleExamples } from './types.js';

const simple = (path: string, line: string, secret: string, falseLine: string): RuleExamples => ({ yes: [yes(path, line, secret)], no: [no(path, falseLine)] });

export function infraExamples(r: FakeRandom): ExampleTable {
  const uuid = () => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`;
  const b64json = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
  const sentryPayload = b64json({ iat: 1700000000.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' }).replace(/=+$/, '');
  return {
    'digitalocean-pat': simple('infra/do.tf', 'provider "digitalocean" {\n  token = "§"\n}\n', `dop_v1_${r.chars(HEX, 64)}`, 'provider "digitalocean" {\n  token = var.do_token\n}\n'),
    'digitalocean-oauth-token': simple('scripts/do.sh', 'DO_TOKEN=§\n', `doo_v1_${r.chars(HEX, 64)}`, 'DO_TOKEN=doo_v1_<token>\n'),
    'digitalocean-refresh-token': simple('scripts/do.sh', 'REFRESH=§\n', `dor_v1_${r.chars(HEX, 64)}`, 'REFRESH=dor_v1_0000000000000000000000000000000000000000000000000000000000000000\n'),
    'vault-service-token': simple('infra/vault.env', 'VAULT_TOKEN=§\n', `hvs.${r.chars(BASE64URL, 90)}`, 'VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXX\n'),
    'vault-batch-token': simple('infra/vault.env', 'VAULT_TOKEN=§\n', `hvb.${r.chars(BASE64URL, 150)}`, 'VAULT_TOKEN=hvb.<batch token>\n'),
    'terraform-cloud-token': simple('infra/.terraformrc', 'credentials "app.terraform.io" {\n  token = "§"\n}\n', `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`, 'credentials "app.terraform.io" {\n  token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n}\n'),
    'pulumi-access-token': simple('.github/workflows/deploy.env', 'PULUMI_ACCESS_TOKEN=§\n', `pul-${r.chars(HEX, 40)}`, 'PULUMI_ACCESS_TOKEN=${{ secrets.PULUMI_ACCESS_TOKEN }}\n'),
    'databricks-token': simple('notebooks/job.py', 'DATABRICKS_TOKEN = "§"\n', `dapi${r.chars(HEX, 32)}`, 'DATABRICKS_TOKEN = dbutils.secrets.get("scope", "token")  # dapi...\n'),
    'heroku-api-key': simple('deploy/heroku.sh', 'heroku config:set --app acme HEROKU_API_KEY=§\n', `HRKU-AA${r.chars(BASE64URL, 58)}`, 'heroku config:set --app acme HEROKU_API_KEY=HRKU-<your key>\n'),
    'heroku-api-key-legacy': simple('deploy/heroku.env', 'HEROKU_API_KEY=§\n', uuid(), 'HEROKU_APP_ID=' + uuid() + '\n'),
    'vercel-token': simple('deploy/vercel.sh', 'VERCEL_TOKEN=§ vercel deploy --prod\n', r.chars(ALNUM, 24), 'VERCEL_TOKEN=$VERCEL_TOKEN vercel deploy --prod\n'),
    'netlify-pat': simple('deploy/netlify.toml', '[build.environment]\n  NETLIFY_AUTH_TOKEN = "§"\n', `nfp_${r.chars(ALNUM, 36)}`, '[build.environment]\n  NETLIFY_AUTH_TOKEN = "nfp_..."\n'),
    'netlify-token-legacy': simple('deploy/netlify.env', 'NETLIFY_AUTH_TOKEN=§\n', r.chars(BASE64URL, 43), 'NETLIFY_AUTH_TOKEN=\n'),
    'cloudflare-api-token': simple('infra/cloudflare.env', 'CLOUDFLARE_API_TOKEN=§\n', r.chars(BASE64URL, 40), 'CLOUDFLARE_API_TOKEN=<api-token>\n'),
    'cloudflare-global-api-key': simple('infra/cloudflare.env', 'CF_API_KEY=§\n', r.chars(HEX, 37), 'CF_API_KEY=${CF_API_KEY}\n'),
    'cloudflare-origin-ca-key': simple('infra/origin.env', 'CF_ORIGIN_CA_KEY=§\n', `v1.0-${r.chars(HEX, 24)}-${r.chars(HEX, 146)}`, 'CF_ORIGIN_CA_KEY=v1.0-...\n'),
    'doppler-token': simple('deploy/doppler.sh', 'export DOPPLER_TOKEN="§"\n', `dp.st.prd.${r.chars(ALNUM, 43)}`, 'export DOPPLER_TOKEN="dp.st.xxxx"\n'),
    'onepassword-service-account-token': simple('.env', 'OP_SERVICE_ACCOUNT_TOKEN=§\n', `ops_eyJ${r.chars(BASE64, 300)}`, 'OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...\n'),
    'tailscale-key': simple('infra/tailscale.tf', 'provider "tailscale" {\n  api_key = "§"\n}\n', `tskey-api-k${r.chars(ALNUM, 11)}CNTRL-${r.chars(ALNUM, 33)}`, 'provider "tailscale" {\n  api_key = "tskey-api-..."\n}\n'),
    'buildkite-token': simple('.buildkite/env', 'BUILDKITE_API_TOKEN=§\n', `bkua_${r.chars(HEX, 40)}`, 'BUILDKITE_API_TOKEN=bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'),
    'circleci-pat': simple('scripts/ci.sh', 'CIRCLE_TOKEN=§\n', `CCIPAT_${r.chars(ALNUM, 22)}_${r.chars(HEX, 40)}`, 'CIRCLE_TOKEN=CCIPAT_...\n'),
    'sonarqube-token': simple('sonar-project.properties', 'sonar.token=§\n', `squ_${r.chars(HEX, 40)}`, 'sonar.token=${env.SONAR_TOKEN}\n'),
    'okta-api-token': simple('config/okta.yaml', 'okta:\n  client:\n    orgUrl: https://acme.okta.com\n    okta_api_token: §\n', `00${r.chars(BASE64URL, 40)}`, 'okta:\n  client:\n    okta_api_token: "{yourApiToken}"\n'),
    'datadog-api-key': simple('deploy/datadog.yaml', 'datadog:\n  DD_API_KEY: §\n', r.chars(HEX, 32), 'datadog:\n  DD_API_KEY: <DATADOG_API_KEY>\n'),
    'datadog-app-key': simple('deploy/datadog.yaml', 'datadog:\n  dd_app_key: §\n', r.chars(HEX, 40), 'datadog:\n  dd_app_key: ""\n'),
    'newrelic-user-api-key': simple('newrelic.js', "exports.config = { api_key: '§' };\n", `NRAK-${r.chars(UPPER_ALNUM, 27)}`, "exports.config = { api_key: 'NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX' };\n"),
    'newrelic-insert-key': simple('config/insights.env', 'NEW_RELIC_INSERT_KEY=§\n', `NRII-${r.chars(BASE64URL, 32)}`, 'NEW_RELIC_INSERT_KEY=NRII-...\n'),
    'newrelic-license-key': simple('newrelic.yml', 'common: &default_settings\n  license_key: §\n', `${r.chars(HEX, 36)}NRAL`, "common: &default_settings\n  license_key: '<%= ENV[\"NEW_RELIC_LICENSE_KEY\"] %>'\n"),
    'grafana-service-account-token': simple('monitoring/grafana.env', 'GRAFANA_TOKEN=§\n', `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`, 'GRAFANA_TOKEN=glsa_***\n'),
    'grafana-cloud-token': simple('monitoring/alloy.env', 'GRAFANA_CLOUD_TOKEN=§\n', `glc_${b64json({ o: '123456', n: 'stack-alloy', k: r.chars(ALNUM, 24), m: { r: 'prod-us-east-0' } })}`, `GRAFANA_CLOUD_TOKEN=glc_${r.chars(ALNUM, 60)}\n`),
    'grafana-api-key': simple('monitoring/dashboards.py', 'GRAFANA_KEY = "§"\n', b64json({ k: r.chars(ALNUM, 32), n: 'dashboards', id: 1 }), `GRAFANA_KEY = "eyJrIjoi${r.chars(ALNUM, 60)}"\n`),
    'sentry-org-token': simple('sentry.properties', 'auth.token=§\n', `sntrys_${sentryPayload}_${r.chars(`${ALNUM}+/`, 43)}`, `auth.token=sntrys_${r.chars(ALNUM, 80)}_${r.chars(ALNUM, 43)}\n`),
    'sentry-user-token': simple('.sentryclirc', '[auth]\ntoken=§\n', `sntryu_${r.chars(HEX, 64)}`, '[auth]\ntoken=sntryu_<token>\n'),
    'dynatrace-token': simple('monitoring/dt.env', 'DT_API_TOKEN=§\n', `dt0c01.${r.chars(UPPER_ALNUM, 24)}.${r.chars(UPPER_ALNUM, 64)}`, 'DT_API_TOKEN=dt0c01.ABC...\n'),
    'linear-api-key': simple('tools/linear.ts', "const linear = new LinearClient({ apiKey: '§' });\n", `lin_api_${r.chars(ALNUM, 40)}`, "const linear = new LinearClient({ apiKey: 'lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' });\n"),
    'linear-oauth-token': simple('tools/linear.ts', "const token = '§';\n", `lin_oauth_${r.chars(HEX, 64)}`, "const token = 'lin_oauth_<access token>';\n"),
    'notion-token': { yes: [yes('tools/notion.js', 'const notion = new Client({ auth: "§" });\n', `secret_${r.chars(ALNUM, 43)}`), yes('tools/notion.py', 'NOTION_TOKEN = "§"\n', `ntn_${r.digits(11)}${r.chars(ALNUM, 35)}`)], no: [no('tools/notion.js', 'const notion = new Client({ auth: process.env.NOTION_TOKEN }); // secret_...\n'), no('src/config.py', 'secret_key_base_for_sessions = load()\n')] },
    'atlassian-api-token': simple('tools/jira.py', 'JIRA_API_TOKEN = "§"\n', `ATATT3xFfGF0${r.chars(`${ALNUM}-_`, 170)}=${r.chars(UPPER_HEX, 8)}`, 'JIRA_API_TOKEN = "ATATT3xFfGF0..."\n'),
    'atlassian-api-token-legacy': simple('tools/confluence.env', 'CONFLUENCE_API_TOKEN=§\n', r.chars(ALNUM, 24), 'CONFLUENCE_API_TOKEN=your-confluence-token\n'),
    'postman-api-key': simple('postman/env.json', '{ "key": "postman_api_key", "value": "§" }\n', `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`, '{ "key": "postman_api_key", "value": "{{postman_api_key}}" }\n'),
    'figma-pat': simple('design/sync.ts', "const FIGMA_TOKEN = '§';\n", `figd_${r.chars(BASE64URL, 40)}`, "const FIGMA_TOKEN = 'figd_...';\n"),
    'contentful-pat': simple('cms/migrate.js', "const client = contentful.createClient({ accessToken: '§' });\n", `CFPAT-${r.chars(BASE64URL, 43)}`, "const client = contentful.createClient({ accessToken: 'CFPAT-<token>' });\n"),
    'hubspot-private-app-token': simple('crm/sync.py', 'HUBSPOT_TOKEN = "§"\n', `pat-na1-${uuid()}`, 'HUBSPOT_TOKEN = "pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"\n'),
    'stripe-secret-key': simple('src/billing/stripe.ts', "export const stripe = new Stripe('§');\n", `sk_live_${r.chars(ALNUM, 24)}`, "export const stripe = new Stripe('sk_live_...');\n"),
    'stripe-restricted-key': simple('src/billing/reports.ts', 'const key = "§";\n', `rk_live_${r.chars(ALNUM, 99)}`, 'const key = "rk_live_xxxxxxxxxxxxxxxxxxxxxxxx";\n'),
    'stripe-test-key': simple('tests/billing.test.ts', "const stripe = new Stripe('§');\n", `sk_test_${r.chars(ALNUM, 99)}`, "const stripe = new Stripe('sk_test_4eC39HqLyjWDarjtT1zdp7dcEXAMPLE');\n"),
    'stripe-webhook-secret': simple('.env.production', 'STRIPE_WEBHOOK_SECRET=§\n', `whsec_${r.chars(ALNUM, 32)}`, 'STRIPE_WEBHOOK_SECRET=whsec_...\n'),
    'square-access-token': { yes: [yes('payments/square.ts', "const client = new Client({ accessToken: '§' });\n", `EAAA${r.chars(BASE64URL, 60)}`), yes('payments/legacy.py', 'SQUARE_TOKEN = "§"\n', `sq0atp-${r.chars(BASE64URL, 22)}`)], no: [no('payments/square.ts', "const client = new Client({ accessToken: 'EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' });\n")] },
    'square-oauth-secret': simple('payments/oauth.py', 'SQUARE_APP_SECRET = "§"\n', `sq0csp-${r.chars(BASE64URL, 43)}`, 'SQUARE_APP_SECRET = "sq0csp-..."\n'),
    'braintree-access-token': simple('payments/braintree.rb', 'gateway = Braintree::Gateway.new(access_token: "§")\n', `access_token$production$${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 16)}$${r.chars(HEX, 32)}`, 'gateway = Braintree::Gateway.new(access_token: "access_token$production$<merchant>$<token>")\n'),
    'paypal-client-secret': simple('payments/paypal.env', 'PAYPAL_CLIENT_SECRET=§\n', `E${r.chars(BASE64URL, 79)}`, 'PAYPAL_CLIENT_SECRET=<client-secret>\n'),
    'shopify-access-token': simple('shop/admin.rb', 'ShopifyAPI::Context.setup(api_key: "x", api_secret_key: "§")\n', `shpat_${r.chars(HEX, 32)}`, 'ShopifyAPI::Context.setup(api_secret_key: "shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")\n'),
    'shopify-custom-app-token': simple('shop/.env', 'SHOPIFY_TOKEN=§\n', `shpca_${r.chars(HEX, 32)}`, 'SHOPIFY_TOKEN=shpca_<token>\n'),
    'shopify-private-app-token': simple('shop/.env', 'SHOPIFY_PASSWORD=§\n', `shppa_${r.chars(HEX, 32)}`, 'SHOPIFY_PASSWORD=shppa_00000000000000000000000000000000\n'),
    'shopify-shared-secret': simple('shop/.env', 'SHOPIFY_API_SECRET=§\n', `shpss_${r.chars(HEX, 32)}`, 'SHOPIFY_API_SECRET=shpss_...\n'),
    'flutterwave-secret-key': simple('payments/flw.js', "const flw = new Flutterwave(PUBLIC_KEY, '§');\n", `FLWSECK-${r.chars(HEX, 32)}-X`, "const flw = new Flutterwave(PUBLIC_KEY, 'FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X');\n"),
  };
}
