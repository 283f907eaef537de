import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import { renderRulesDoc } from './rules-doc.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'secrets-rules.md');

it('docs/secrets-rules.md lists every rule (regenerate with UPDATE_SECRETS_DOCS=1)', () => {
  const rendered = renderRulesDoc(SECRET_RULES);
  if (process.env.UPDATE_SECRETS_DOCS === '1') writeFileSync(DOC, rendered);
  expect(readFileSync(DOC, 'utf8'), 'docs/secrets-rules.md is stale: run UPDATE_SECRETS_DOCS=1 npm test -- __tests__/secrets/docs.test.ts').toBe(rendered);
  for (const rule of SECRET_RULES) expect(rendered).toContain(`| \`${rule.id}\` |`);
});
