// True and false examples for the cloud and source-hosting rules.
import type { FakeRandom} from '../fakes.js';
import { ALNUM, BASE32, BASE64, BASE64URL, HEX, crcToken, pem } from '../fakes.js';
import { no, yes, type ExampleTable } from './types.js';

export function vcsCloudExamples(r: FakeRandom): ExampleTable {
  const gh = (p: string) => crcToken(r, p);
  const badCrc = (t: string) => t.slice(0, -2) + (t.endsWith('zz') ? 'yy' : 'zz');
  const t: ExampleTable = {};
  const github = {
    'github-pat': 'ghp_',
    'github-oauth-token': 'gho_',
    'github-app-user-token': 'ghu_',
    'github-app-installation-token': 'ghs_',
    'github-refresh-token': 'ghr_',
  };
  for (const [id, prefix] of Object.entries(github)) {
    t[id] = {
      yes: [yes('src/github.ts', "const octokit = new Octokit({ auth: '§' });\n", gh(prefix)), yes('.github/scripts/release.sh', 'export GH_TOKEN=§\n', gh(prefix))],
      no: [no('src/github.ts', `const octokit = new Octokit({ auth: '${badCrc(gh(prefix))}' });\n`), no('README.md', `Set GH_TOKEN to a token such as ${prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n`)],
    };
  }
  t['github-fine-grained-pat'] = {
    yes: [yes('tools/release.ts', "const token = '§';\n", `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`)],
    no: [no('docs/auth.md', 'Fine-grained tokens look like `github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz`.\n')],
  };
  t['gitlab-pat'] = {
    yes: [yes('.gitlab/ci-token.txt', 'GITLAB_TOKEN="§"\n', `glpat-${r.chars(BASE64URL, 20)}`), yes('deploy.env', 'GL_TOKEN=§\n', `glpat-${r.chars(BASE64URL, 36)}.01.${r.chars('0123456789abcdefghijklmnopqrstuvwxyz', 9)}`)],
    no: [no('docs/ci.md', 'Use a token like `glpat-XXXXXXXXXXXXXXXXXXXX` or `glpat-<your-token>`.\n')],
  };
  const gitlab: Record<string, [string, () => string]> = {
    'gitlab-deploy-token': ['gldt-', () => r.chars(BASE64URL, 20)],
    'gitlab-runner-token': ['glrt-', () => r.chars(BASE64URL, 20)],
    'gitlab-pipeline-trigger-token': ['glptt-', () => r.chars(HEX, 40)],
    'gitlab-feed-token': ['glft-', () => r.chars(BASE64URL, 20)],
    'gitlab-oauth-app-secret': ['gloas-', () => r.chars(HEX, 64)],
    'gitlab-ci-job-token': ['glcbt-', () => `64_${r.chars(BASE64URL, 20)}`],
    'gitlab-incoming-mail-token': ['glimt-', () => r.chars(ALNUM, 25)],
    'gitlab-agent-token': ['glagent-', () => r.chars(BASE64URL, 50)],
    'gitlab-scim-token': ['glsoat-', () => r.chars(BASE64URL, 20)],
    'gitlab-runner-registration-token': ['GR1348941', () => r.chars(BASE64URL, 20)],
  };
  for (const [id, [prefix, body]] of Object.entries(gitlab)) {
    t[id] = {
      yes: [yes('.gitlab-ci.yml', 'variables:\n  TOKEN: "§"\n', `${prefix}${body()}`)],
      no: [no('.gitlab-ci.yml', `variables:\n  TOKEN: "${prefix}\${CI_SECRET_TOKEN}"\n`), no('docs/tokens.md', `| ${prefix} | prefix of the token |\n`)],
    };
  }
  t['bitbucket-app-password'] = {
    yes: [yes('scripts/push.sh', 'BITBUCKET_APP_PASSWORD=§\n', `ATBB${r.chars(ALNUM, 28)}${r.chars(HEX.toUpperCase(), 8)}`)],
    no: [no('scripts/push.sh', 'BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n')],
  };
  t['aws-access-key-id'] = {
    yes: [yes('config/aws.ini', '[default]\naws_access_key_id = §\n', `AKIA${r.chars(BASE32, 16)}`), yes('infra/session.env', 'AWS_ACCESS_KEY_ID=§\n', `ASIA${r.chars(BASE32, 16)}`)],
    no: [
      no('README.md', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n'),
      no('fixtures/s3.json', `{"url": "https://bucket.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA${r.chars(BASE32, 16)}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"}\n`),
    ],
  };
  t['aws-secret-access-key'] = {
    yes: [yes('config/aws.ini', '[prod]\naws_secret_access_key = §\n', r.chars(BASE64, 40)), yes('src/s3.ts', "const s3 = new S3Client({ credentials: { accessKeyId, secretAccessKey: '§' } });\n", r.chars(BASE64, 40))],
    no: [no('README.md', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'), no('src/s3.ts', 'const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;\n')],
  };
  t['aws-session-token'] = {
    yes: [yes('config/aws.ini', '[tmp]\naws_session_token = §\n', `IQoJb3JpZ2luX2VjE${r.chars(BASE64, 300)}`)],
    no: [no('config/aws.ini', '[tmp]\naws_session_token = ${AWS_SESSION_TOKEN}\n')],
  };
  t['google-api-key'] = {
    yes: [yes('web/maps.js', 'const MAPS_KEY = "§";\n', `AIza${r.chars(BASE64URL, 35)}`)],
    no: [no('web/maps.js', 'const MAPS_KEY = "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";\n'), no('web/maps.js', `const MAPS_KEY = "AIza${r.chars(BASE64URL, 20)}";\n`)],
  };
  const sa = pem(r, 'PRIVATE KEY', 1200, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC').replace(/\n/g, '\\n');
  t['gcp-service-account-key'] = {
    yes: [
      yes(
        'deploy/gcp-sa.json',
        `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${r.chars(HEX, 40)}",\n  "private_key": "§",\n  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"\n}\n`,
        `${sa}\\n`,
      ),
    ],
    no: [no('deploy/gcp-sa.example.json', '{\n  "type": "service_account",\n  "project_id": "my-project",\n  "private_key_id": "KEY_ID",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nYOUR_PRIVATE_KEY\\n-----END PRIVATE KEY-----\\n"\n}\n')],
  };
  t['google-oauth-client-secret'] = {
    yes: [yes('config/oauth.json', '{"web": {"client_id": "1234-abc.apps.googleusercontent.com", "client_secret": "§"}}\n', `GOCSPX-${r.chars(BASE64URL, 28)}`)],
    no: [no('config/oauth.json', '{"web": {"client_secret": "GOCSPX-<your-client-secret>"}}\n')],
  };
  t['google-oauth-refresh-token'] = {
    yes: [yes('scripts/gmail.py', 'REFRESH_TOKEN = "§"\n', `1//0${r.chars(BASE64URL, 100)}`)],
    no: [no('docs/urls.md', 'See http://1//0abc for nothing.\n')],
  };
  t['azure-storage-account-key'] = {
    yes: [yes('appsettings.json', '{ "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=§;EndpointSuffix=core.windows.net" }\n', `${r.chars(BASE64, 86)}==`)],
    no: [no('appsettings.Development.json', '{ "Storage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=<account-key>;" }\n')],
  };
  t['azure-shared-access-key'] = {
    yes: [yes('appsettings.json', '{ "ServiceBus": "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=§" }\n', `${r.chars(BASE64, 43)}=`)],
    no: [no('appsettings.json', '{ "ServiceBus": "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={SharedAccessKey}" }\n')],
  };
  t['azure-sas-token'] = {
    yes: [yes('scripts/upload.sh', 'curl -X PUT "https://acme.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=rw&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=§"\n', `${r.chars(ALNUM, 40)}%3D`)],
    no: [no('docs/storage.md', 'Append `?sv=2022-11-02&sp=r&sig=<signature>` to the blob URL.\n')],
  };
  t['azure-ad-client-secret'] = {
    yes: [yes('config/auth.json', '{ "AzureAd": { "ClientSecret": "§" } }\n', `${r.chars(ALNUM, 3)}8Q~${r.chars(`${ALNUM}_-.`, 31)}`)],
    no: [no('config/auth.json', '{ "AzureAd": { "ClientSecret": "abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" } }\n')],
  };
  t['azure-devops-pat'] = {
    yes: [yes('azure-pipelines.yml', 'variables:\n  AZDO_PAT: §\n', `${r.chars(ALNUM, 76)}AZDO${r.chars(ALNUM, 4)}`)],
    no: [no('azure-pipelines.yml', 'variables:\n  AZDO_PAT: $(System.AccessToken)\n')],
  };
  return t;
}
