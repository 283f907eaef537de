import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixture } from './helpers.js';

const LOCKS = join(FIXTURES, '..', 'lockfiles');

/** Every file of a lockfile fixture (a real monorepo), by repository path. */
export function monorepo(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir)) {
      const abs = join(dir, entry);
      if (statSync(abs).isDirectory()) walk(abs, `${prefix}${entry}/`);
      else out[`${prefix}${entry}`] = readFileSync(abs, 'utf8');
    }
  };
  walk(join(LOCKS, name), '');
  return out;
}

type Json = Record<string, unknown>;

function npm7Entry(scenario: string, name: string): Json {
  return (JSON.parse(fixture(scenario, 'npm7-output.json')) as { vulnerabilities: Record<string, Json> }).vulnerabilities[name] as Json;
}

/**
 * What `npm audit --json` (npm 7+) reports for the lockfile fixtures' monorepo, assembled from the
 * recorded audit-ci entries of the same packages and versions (axios 0.15.3, follow-redirects 1.0.0,
 * qs 6.10.2, open 0.0.5) plus minimist 1.2.5 from the Yarn 1 recording.
 */
export function monorepoNpm7Report(): string {
  const minimist = JSON.parse(fixture('yarn-1-duplicate-paths', 'output.jsonl').split('\n')[0] as string).data.advisory;
  const vulnerabilities: Record<string, Json> = {
    axios: { ...npm7Entry('npm-allowlisted-path', 'axios'), effects: [], nodes: ['node_modules/axios'] },
    'follow-redirects': { ...npm7Entry('npm-allowlisted-path', 'follow-redirects'), nodes: ['node_modules/follow-redirects'] },
    minimist: {
      name: 'minimist',
      severity: 'critical',
      isDirect: true,
      via: [{ source: minimist.id, name: 'minimist', dependency: 'minimist', title: minimist.title, url: minimist.url, severity: 'critical', cwe: minimist.cwe, cvss: minimist.cvss, range: minimist.vulnerable_versions }],
      effects: [],
      range: '1.0.0 - 1.2.5',
      nodes: ['node_modules/minimist'],
      fixAvailable: { name: 'minimist', version: '1.2.8', isSemVerMajor: false },
    },
    open: npm7Entry('npm-critical', 'open'),
    qs: npm7Entry('npm-high', 'qs'),
  };
  return JSON.stringify(
    {
      auditReportVersion: 2,
      vulnerabilities,
      metadata: {
        vulnerabilities: { info: 0, low: 0, moderate: 0, high: 3, critical: 2, total: 5 },
        dependencies: { prod: 29, dev: 1, optional: 0, peer: 0, peerOptional: 0, total: 30 },
      },
    },
    null,
    2,
  );
}
