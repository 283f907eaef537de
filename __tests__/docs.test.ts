import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKS } from '../src/checks/index.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('documents every input and output of action.yml', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    for (const input of Object.keys(action.inputs)) expect(readme, input).toContain(`| \`${input}\` |`);
    for (const output of Object.keys(action.outputs)) expect(readme, output).toContain(`\`${output}\``);
  });

  it('lists every check with its settings, and every relative link resolves', () => {
    const schema = JSON.parse(readFileSync('schema/security-policy.schema.json', 'utf8')) as { properties: { checks: { properties: Record<string, { properties: Record<string, unknown> }> } } };
    const reference = readme.slice(readme.indexOf('## Policy reference')).split('\n');
    for (const check of CHECKS) {
      const row = reference.find((l) => l.startsWith(`| \`${check.meta.id}\` | `));
      expect(row, check.meta.id).toBeDefined();
      const own = Object.keys(schema.properties.checks.properties[check.meta.id]?.properties ?? {}).filter((k) => !['enabled', 'ignore', 'severity', 'baseline'].includes(k));
      for (const key of own) expect(row, `${check.meta.id}.${key}`).toContain(`\`${key}\``);
    }
    for (const [, target] of readme.matchAll(/\]\(((?:docs\/)[^)#\s]+)(?:#[^)]*)?\)/g)) expect(existsSync(target as string), target).toBe(true);
  });
});
