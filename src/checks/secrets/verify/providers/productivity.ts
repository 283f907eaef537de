import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

export const PRODUCTIVITY_VERIFIERS: VerifierSpec[] = [
  simple({
    id: 'notion',
    provider: 'Notion',
    rules: ['secrets/notion-token'],
    host: 'api.notion.com',
    path: '/v1/users/me',
    auth: bearer,
    extraHeaders: { 'notion-version': '2022-06-28' },
    shape: /^(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})$/,
    docs: 'https://developers.notion.com/reference/get-self',
  }),
  simple({
    id: 'postman',
    provider: 'Postman',
    rules: ['secrets/postman-api-key'],
    host: 'api.getpostman.com',
    path: '/me',
    auth: (key) => ({ 'x-api-key': key }),
    shape: /^PMAK-[a-f0-9]{24}-[a-f0-9]{34}$/,
    docs: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
  }),
];
