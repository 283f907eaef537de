import { describe, expect, it } from 'vitest';
import { ADVISORY_SEVERITIES, type AdvisorySeverity } from '../../src/checks/dependencies/model.js';
import { makeDir, scanDir, summarise } from '../helpers/repo.js';
import { filesOf, fixture, reportsOf, scenarios } from './helpers.js';

const THRESHOLDS = ['low', 'moderate', 'high', 'critical'] as const;

/** The most severe advisory of each scenario, as its name and recorded output say. */
const MAX: Record<string, AdvisorySeverity | 'none'> = {
  'allowlisted-path': 'high',
  'config-file': 'critical',
  critical: 'critical',
  high: 'high',
  low: 'low',
  moderate: 'moderate',
  none: 'none',
  'skip-dev': 'critical',
  'duplicate-paths': 'critical',
  workspace: 'critical',
  'workspace-empty': 'none',
};

function kindOf(scenario: string): string {
  return scenario.replace(/^(npm|pnpm|yarn-\d)-/, '');
}

/** A repository with the scenario's package.json (and lockfile) and the audit output as `audit.json`. */
function repoFor(scenario: string, report: string) {
  const files: Record<string, string> = {};
  for (const f of filesOf(scenario)) if (f.startsWith('package')) files[f] = fixture(scenario, f);
  files['audit.json'] = fixture(scenario, report);
  // A plain directory: the scans here are about the audit, not git, and run four times each.
  return makeDir(files);
}

function policy(threshold: string, extra = ''): string {
  return [
    'version: 1',
    'extends: []',
    'checks:',
    '  dependencies:',
    '    reports: [audit.json]',
    `    fail-on-severity: ${threshold}`,
    // pnpm and Yarn fixtures come without their lockfiles; the lockfile rules are tested elsewhere.
    '    severity: {dependencies/no-lockfile: "off"}',
    extra,
  ].join('\n');
}

describe('every recorded fixture gives its expected verdict at every threshold', () => {
  for (const scenario of scenarios()) {
    for (const report of reportsOf(scenario)) {
      const max = MAX[kindOf(scenario)];
      if (!max) throw new Error(`no expectation for ${scenario}`);
      it(`${scenario}/${report}`, async () => {
        const root = repoFor(scenario, report);
        const extra = scenario === 'yarn-4-workspace-empty' ? '    reports: [{path: audit.json, allow-empty: true}]' : '';
        for (const threshold of THRESHOLDS) {
          const text = policy(threshold).replace('    reports: [audit.json]\n', extra ? `${extra}\n` : '    reports: [audit.json]\n');
          const result = await scanDir(root, { policy: text });
          const failing = max !== 'none' && ADVISORY_SEVERITIES.indexOf(max) >= ADVISORY_SEVERITIES.indexOf(threshold);
          expect({ threshold, verdict: result.verdict }).toEqual({ threshold, verdict: failing ? 'fail' : 'pass' });
          expect(result.findings.filter((f) => f.ruleId === 'dependencies/audit-unavailable')).toEqual([]);
          // Everything in the audit is visible: failing as errors, the rest as notices.
          const listed = result.findings.filter((f) => f.ruleId === 'dependencies/vulnerable' || f.ruleId === 'dependencies/below-threshold');
          expect(listed.length > 0).toBe(max !== 'none');
          for (const f of listed) expect(f.ruleId === 'dependencies/vulnerable').toBe(ADVISORY_SEVERITIES.indexOf((f.properties?.advisory as { severity: AdvisorySeverity }).severity) >= ADVISORY_SEVERITIES.indexOf(threshold));
        }
      });
    }
  }

  it('skip-dev scenarios pass with ignore-dev in every format (pnpm says dev: false; package.json knows better)', async () => {
    for (const scenario of scenarios().filter((s) => s.endsWith('-skip-dev'))) {
      for (const report of reportsOf(scenario)) {
        const result = await scanDir(repoFor(scenario, report), { policy: policy('low', '    ignore-dev: true') });
        expect({ scenario, report, verdict: result.verdict, findings: summarise(result) }).toEqual({ scenario, report, verdict: 'pass', findings: [] });
      }
    }
  });

  it('Yarn 4 with nothing printed is unavailable unless the policy says an empty report is clean', async () => {
    const root = repoFor('yarn-4-workspace-empty', 'output.json');
    const result = await scanDir(root, { policy: policy('critical') });
    expect(result.verdict).toBe('fail');
    expect(summarise(result)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(result.findings[0]?.message).toBe(
      'Dependency audit unavailable — audit.json: the report is empty: the audit step wrote nothing (did it run, and did it fail before printing?). Yarn 4 prints nothing when it finds nothing: if this is a Yarn 4 report from a step that fails whenever yarn fails, set `allow-empty: true` on it. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.',
    );
  });

  it('the config-file scenarios pass once their advisory is allowed by id', async () => {
    for (const scenario of ['pnpm-config-file', 'yarn-1-config-file']) {
      const report = reportsOf(scenario)[0] as string;
      const result = await scanDir(repoFor(scenario, report), {
        policy: policy('low', '    allow:\n      - id: GHSA-28xh-wpgr-7fm8\n        reason: open is only used by the dev server\n        expires: 2099-12-31'),
      });
      expect(result.verdict).toBe('pass');
      expect(result.suppressed.map((s) => [s.ruleId, s.suppression.kind])).toEqual([['dependencies/vulnerable', 'allowlist']]);
    }
  });
});
