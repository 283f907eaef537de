// Source hosting: GitHub, GitLab, Bitbucket.
import type { SecretRule } from '../types.js';
import { DOCS, prefixed } from './shared.js';

const githubToken = (prefix: string, id: string, title: string, revoke: string): SecretRule => ({
  id: `secrets/${id}`,
  title,
  provider: 'GitHub',
  keywords: [prefix],
  pattern: prefixed(`${prefix}[A-Za-z0-9]{36}`),
  before: 0,
  checksum: 'github-crc32',
  prefixLength: 4,
  docs: DOCS.github,
  revoke,
});

export const VCS_RULES: SecretRule[] = [
  githubToken('ghp_', 'github-pat', 'GitHub personal access token (classic)', 'https://github.com/settings/tokens'),
  githubToken('gho_', 'github-oauth-token', 'GitHub OAuth access token', 'https://github.com/settings/applications'),
  githubToken('ghu_', 'github-app-user-token', 'GitHub App user-to-server token', 'https://github.com/settings/apps/authorizations'),
  githubToken('ghs_', 'github-app-installation-token', 'GitHub App installation (server-to-server) token', 'https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token'),
  githubToken('ghr_', 'github-refresh-token', 'GitHub App refresh token', 'https://github.com/settings/apps/authorizations'),
  {
    id: 'secrets/github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    provider: 'GitHub',
    keywords: ['github_pat_'],
    pattern: prefixed('github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'),
    before: 0,
    entropy: 4,
    prefixLength: 11,
    docs: DOCS.github,
    revoke: 'https://github.com/settings/personal-access-tokens',
  },
  {
    id: 'secrets/gitlab-pat',
    title: 'GitLab personal, project or group access token',
    provider: 'GitLab',
    keywords: ['glpat-'],
    // Classic tokens: 20 characters; routable ones (GitLab 17+): 37 to 310, with dots.
    pattern: prefixed('glpat-[A-Za-z0-9_-][A-Za-z0-9_.-]{18,308}[A-Za-z0-9_-]'),
    before: 0,
    entropy: 3.5,
    prefixLength: 6,
    docs: DOCS.gitlab,
    revoke: 'https://gitlab.com/-/user_settings/personal_access_tokens',
  },
  ...(
    [
      ['gldt-', 'gitlab-deploy-token', 'GitLab deploy token', '[A-Za-z0-9_-][A-Za-z0-9_.-]{18,308}[A-Za-z0-9_-]'],
      ['glrt-', 'gitlab-runner-token', 'GitLab runner authentication token', '[A-Za-z0-9_-][A-Za-z0-9_.-]{18,308}[A-Za-z0-9_-]'],
      ['glptt-', 'gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', '[0-9a-f]{40}'],
      ['glft-', 'gitlab-feed-token', 'GitLab feed token', '[A-Za-z0-9_-][A-Za-z0-9_.-]{18,308}[A-Za-z0-9_-]'],
      ['gloas-', 'gitlab-oauth-app-secret', 'GitLab OAuth application secret', '[A-Za-z0-9_-]{64}'],
      ['glcbt-', 'gitlab-ci-job-token', 'GitLab CI/CD job token', '[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20,64}'],
      ['glimt-', 'gitlab-incoming-mail-token', 'GitLab incoming mail token', '[A-Za-z0-9_-]{25}'],
      ['glagent-', 'gitlab-agent-token', 'GitLab agent for Kubernetes token', '[A-Za-z0-9_-]{50,64}'],
      ['glsoat-', 'gitlab-scim-token', 'GitLab SCIM OAuth access token', '[A-Za-z0-9_-]{20,64}'],
    ] as const
  ).map(
    ([prefix, id, title, body]): SecretRule => ({
      id: `secrets/${id}`,
      title,
      provider: 'GitLab',
      keywords: [prefix],
      pattern: prefixed(`${prefix.replace('.', '\\.')}${body}`),
      before: 0,
      entropy: 3.5,
      prefixLength: prefix.length,
      docs: DOCS.gitlab,
      revoke: 'https://docs.gitlab.com/security/responding_to_security_incidents/',
    }),
  ),
  {
    id: 'secrets/gitlab-runner-registration-token',
    title: 'GitLab runner registration token',
    provider: 'GitLab',
    keywords: ['gr1348941'],
    pattern: prefixed('GR1348941[A-Za-z0-9_-]{20,64}'),
    before: 0,
    entropy: 3.5,
    prefixLength: 9,
    docs: DOCS.gitlab,
    revoke: 'https://docs.gitlab.com/ci/runners/runners_scope/',
  },
  {
    id: 'secrets/bitbucket-app-password',
    title: 'Bitbucket app password or API token',
    provider: 'Atlassian Bitbucket',
    keywords: ['atbb', 'atctt3xffgn0'],
    pattern: prefixed('ATBB[A-Za-z0-9_=.-]{32,100}|ATCTT3xFfGN0[A-Za-z0-9_=-]{150,300}'),
    before: 0,
    entropy: 4,
    prefixLength: 4,
    docs: 'https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/',
    revoke: 'https://bitbucket.org/account/settings/app-passwords/',
  },
];
