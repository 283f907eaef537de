// Work tools and APIs: Linear, Notion, Atlassian, Postman, Figma, Contentful, HubSpot.
import type { SecretRule } from '../types.js';
import { keyed, prefixed } from './shared.js';

const token = (id: string, title: string, provider: string, prefix: string, body: string, docs: string, revoke: string, entropy = 3.5): SecretRule => ({
  id: `secrets/${id}`,
  title,
  provider,
  keywords: [prefix.toLowerCase()],
  pattern: prefixed(`${prefix}${body}`),
  before: 0,
  entropy,
  prefixLength: prefix.length,
  docs,
  revoke,
});

const ATLASSIAN_DOCS = 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/';
const ATLASSIAN_REVOKE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

export const PRODUCTIVITY_RULES: SecretRule[] = [
  token('linear-api-key', 'Linear API key', 'Linear', 'lin_api_', '[A-Za-z0-9]{40}', 'https://linear.app/developers/graphql#personal-api-keys', 'https://linear.app/settings/account/security'),
  token('linear-oauth-token', 'Linear OAuth access token', 'Linear', 'lin_oauth_', '[a-f0-9]{64}', 'https://linear.app/developers/oauth-2-0-authentication', 'https://linear.app/settings/account/security', 3),
  {
    id: 'secrets/notion-token',
    title: 'Notion integration token',
    provider: 'Notion',
    keywords: ['secret_', 'ntn_'],
    pattern: prefixed('secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50}'),
    before: 0,
    entropy: 4,
    prefixLength: 4,
    docs: 'https://developers.notion.com/docs/authorization',
    revoke: 'https://www.notion.so/profile/integrations',
  },
  {
    id: 'secrets/atlassian-api-token',
    title: 'Atlassian API token',
    provider: 'Atlassian',
    keywords: ['atatt3'],
    pattern: prefixed('ATATT3[A-Za-z0-9_=-]{150,300}=[A-F0-9]{8}', '(?![A-Za-z0-9_=-])'),
    before: 0,
    entropy: 4,
    prefixLength: 6,
    docs: ATLASSIAN_DOCS,
    revoke: ATLASSIAN_REVOKE,
  },
  {
    id: 'secrets/atlassian-api-token-legacy',
    title: 'Atlassian (Jira, Confluence) API token, unprefixed',
    provider: 'Atlassian',
    keywords: ['jira', 'confluence', 'atlassian'],
    pattern: keyed('(?:jira|confluence|atlassian)[\\w.-]{0,20}(?:token|api[_.-]?key)[\\w.-]{0,10}', '[A-Za-z0-9]{24}', '(?![A-Za-z0-9_=-])'),
    entropy: 3.5,
    docs: ATLASSIAN_DOCS,
    revoke: ATLASSIAN_REVOKE,
  },
  token('postman-api-key', 'Postman API key', 'Postman', 'PMAK-', '[a-f0-9]{24}-[a-f0-9]{34}', 'https://learning.postman.com/docs/developer/postman-api/authentication/', 'https://go.postman.co/settings/me/api-keys', 3),
  token('figma-pat', 'Figma personal access token', 'Figma', 'figd_', '[A-Za-z0-9_-]{40,60}', 'https://www.figma.com/developers/api#access-tokens', 'https://www.figma.com/settings'),
  token('contentful-pat', 'Contentful personal access token', 'Contentful', 'CFPAT-', '[A-Za-z0-9_-]{43}', 'https://www.contentful.com/developers/docs/references/authentication/', 'https://app.contentful.com/account/profile/cma_tokens'),
  {
    id: 'secrets/hubspot-private-app-token',
    title: 'HubSpot private app access token',
    provider: 'HubSpot',
    keywords: ['pat-na1-', 'pat-eu1-'],
    pattern: prefixed('pat-(?:na|eu)1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
    before: 0,
    entropy: 3,
    prefixLength: 8,
    docs: 'https://developers.hubspot.com/docs/api/private-apps',
    revoke: 'https://app.hubspot.com/private-apps/',
  },
];
