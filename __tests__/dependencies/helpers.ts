import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'audit-ci');

export function fixture(scenario: string, file: string): string {
  return readFileSync(join(FIXTURES, scenario, file), 'utf8');
}

export function scenarios(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function filesOf(scenario: string): string[] {
  return readdirSync(join(FIXTURES, scenario)).sort();
}

/** The audit outputs of a scenario (every file that is not package.json or a lockfile). */
export function reportsOf(scenario: string): string[] {
  return filesOf(scenario).filter((f) => !f.startsWith('package'));
}
