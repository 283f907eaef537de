import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

export const AI_VERIFIERS: VerifierSpec[] = [
  simple({
    id: 'openai',
    provider: 'OpenAI',
    rules: ['secrets/openai-project-key', 'secrets/openai-service-account-key', 'secrets/openai-user-key'],
    host: 'api.openai.com',
    path: '/v1/models',
    auth: bearer,
    shape: /^sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,600}$/,
    docs: 'https://platform.openai.com/docs/api-reference/models/list',
    // 403: a project key whose permissions exclude reading models.
    live: [200, 403],
  }),
  simple({
    id: 'anthropic',
    provider: 'Anthropic',
    rules: ['secrets/anthropic-api-key'],
    host: 'api.anthropic.com',
    path: '/v1/models?limit=1',
    auth: (key) => ({ 'x-api-key': key }),
    extraHeaders: { 'anthropic-version': '2023-06-01' },
    shape: /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/,
    docs: 'https://docs.anthropic.com/en/api/models-list',
    live: [200, 403],
  }),
  simple({
    id: 'huggingface',
    provider: 'Hugging Face',
    rules: ['secrets/huggingface-token', 'secrets/huggingface-org-token'],
    host: 'huggingface.co',
    path: '/api/whoami-v2',
    auth: bearer,
    shape: /^(?:hf_|api_org_)[A-Za-z]{34}$/,
    docs: 'https://huggingface.co/docs/hub/api#get-apiwhoami-v2',
  }),
  simple({
    id: 'groq',
    provider: 'Groq',
    rules: ['secrets/groq-api-key'],
    host: 'api.groq.com',
    path: '/openai/v1/models',
    auth: bearer,
    shape: /^gsk_[A-Za-z0-9]{52}$/,
    docs: 'https://console.groq.com/docs/api-reference#models-list',
  }),
  simple({
    id: 'replicate',
    provider: 'Replicate',
    rules: ['secrets/replicate-api-token'],
    host: 'api.replicate.com',
    path: '/v1/account',
    auth: bearer,
    shape: /^r8_[A-Za-z0-9]{37}$/,
    docs: 'https://replicate.com/docs/reference/http#account.get',
  }),
];
