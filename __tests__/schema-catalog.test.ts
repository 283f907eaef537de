import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { starterPolicy } from '../src/cli/init.js';
import { POLICY_FILE_NAMES } from '../src/policy/load.js';
import { SCHEMA_ID } from '../src/policy/schema.js';
import { makeRepo } from './helpers/repo.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; files: string[] };
const schema = JSON.parse(readFileSync('schema/security-policy.schema.json', 'utf8')) as { $id: string };
const catalog = JSON.parse(readFileSync('docs/schemastore-catalog.json', 'utf8')) as Record<string, unknown>;

describe('the policy schema for editors', () => {
  it('has a stable $id that names the released major version, never a branch', () => {
    expect(schema.$id).toBe(SCHEMA_ID);
    const major = manifest.version.split('.')[0];
    expect(SCHEMA_ID).toBe(`https://raw.githubusercontent.com/security-gate/security-gate/v${major}/schema/security-policy.schema.json`);
  });

  it('ships in the npm package', () => {
    expect(manifest.files).toContain('schema/security-policy.schema.json');
  });

  it('starter policies and the README point editors at it', async () => {
    expect((await starterPolicy(makeRepo({ 'a.ts': '' }))).split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}`);
    expect(readFileSync('README.md', 'utf8')).toContain(`# yaml-language-server: $schema=${SCHEMA_ID}`);
  });

  it('docs/schemastore-catalog.json is a SchemaStore catalog entry for the policy file names', () => {
    for (const key of Object.keys(catalog)) expect(['name', 'description', 'fileMatch', 'url', 'versions']).toContain(key);
    expect(catalog.url).toBe(SCHEMA_ID);
    expect(String(catalog.name)).toMatch(/Security Gate/);
    expect(String(catalog.description).length).toBeGreaterThan(20);
    expect(Object.values(catalog.versions as Record<string, string>)).toContain(SCHEMA_ID);
    // Every name the loader looks for is matched (patterns without a slash match the file name anywhere).
    const patterns = catalog.fileMatch as string[];
    for (const name of POLICY_FILE_NAMES) expect(patterns, name).toContain(posix.basename(name));
    expect(readFileSync('README.md', 'utf8')).toContain('docs/schemastore-catalog.json');
  });
});
