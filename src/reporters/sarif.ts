import type { RuleMeta } from '../core/check.js';
import type { Finding, SuppressedFinding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { inertJson } from '../util/printable.js';
import { mdInline } from './markdown-cell.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };
/** GitHub maps security-severity to critical (≥9), high (≥7), medium (≥4), low. */
const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = { error: 7.5, warning: 5.0, notice: 2.0 };

export const FINGERPRINT_KEY = 'securityGate/v1';
/** SARIF `rank` (0–100, higher first) of a finding that says how sure it is (`properties.confidence`). */
const RANK: Record<string, number> = { high: 90, medium: 60, low: 30 };

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function region(finding: Finding): Record<string, number> | undefined {
  const loc = finding.location;
  if (!loc?.line) return undefined;
  const r: Record<string, number> = { startLine: loc.line };
  if (loc.column) r.startColumn = loc.column;
  if (loc.endLine && loc.endLine > loc.line) {
    r.endLine = loc.endLine;
    if (loc.endColumn) r.endColumn = loc.endColumn;
  } else if (loc.column && loc.endColumn && loc.endColumn > loc.column) {
    r.endColumn = loc.endColumn;
  }
  return r;
}

/** SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers. */
export const sarifReporter: Reporter = {
  id: 'sarif',
  extension: 'sarif',
  render(report) {
    const used = new Set([...report.findings, ...report.suppressed].map((f) => f.ruleId));
    const rules: RuleMeta[] = report.rules.filter((r) => used.has(r.id));
    // Rules without static metadata (policy-defined ones) still need a descriptor.
    for (const f of [...report.findings, ...report.suppressed]) {
      if (!rules.some((r) => r.id === f.ruleId)) rules.push({ id: f.ruleId, title: f.ruleId, description: f.message, severity: f.severity });
    }
    rules.sort((a, b) => a.id.localeCompare(b.id));
    const index = new Map(rules.map((r, i) => [r.id, i]));

    const result = (finding: Finding | SuppressedFinding) => {
      const r = region(finding);
      const out: Record<string, unknown> = {
        ruleId: finding.ruleId,
        ruleIndex: index.get(finding.ruleId),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
        ...(typeof finding.properties?.confidence === 'string' && RANK[finding.properties.confidence] !== undefined ? { rank: RANK[finding.properties.confidence] } : {}),
        properties: { check: finding.check, ...(finding.commit ? { commit: finding.commit } : {}), ...(finding.properties ?? {}) },
      };
      if (finding.location) {
        out.locations = [
          {
            physicalLocation: {
              artifactLocation: { uri: encodePath(finding.location.path), uriBaseId: '%SRCROOT%' },
              ...(r ? { region: r } : {}),
            },
          },
        ];
      }
      if (finding.suppression) {
        out.suppressions = [
          {
            kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external',
            status: 'accepted',
            ...(finding.suppression.reason ? { justification: finding.suppression.reason } : {}),
          },
        ];
      }
      return out;
    };

    const failedChecks = report.checks.filter((c) => c.error);
    const sarif = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: report.tool.name,
              version: report.tool.version,
              semanticVersion: report.tool.version,
              informationUri: report.tool.informationUri,
              rules: rules.map((rule) => ({
                id: rule.id,
                name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
                shortDescription: { text: rule.title },
                fullDescription: { text: rule.description },
                ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
                // A policy rule's description is its message, which a pull request may write: inline Markdown only.
                help: { text: rule.description, markdown: `${mdInline(rule.description)}${rule.helpUri ? `\n\n[Documentation](${rule.helpUri})` : ''}` },
                defaultConfiguration: { level: LEVEL[rule.severity] },
                properties: {
                  tags: ['security', rule.id.split('/')[0] as string, ...(rule.tags ?? [])],
                  'security-severity': (rule.securitySeverity ?? DEFAULT_SECURITY_SEVERITY[rule.severity]).toFixed(1),
                  precision: rule.precision ?? 'high',
                },
              })),
            },
          },
          automationDetails: { id: 'security-gate/' },
          columnKind: 'utf16CodeUnits',
          invocations: [
            {
              executionSuccessful: failedChecks.length === 0,
              toolExecutionNotifications: failedChecks.map((c) => ({
                level: 'error',
                message: { text: `The ${c.id} check could not run: ${c.error ?? 'unknown error'}` },
              })),
            },
          ],
          results: [...report.findings.map(result), ...report.suppressed.map(result)],
        },
      ],
    };
    return `${inertJson(JSON.stringify(sarif, null, 2))}\n`;
  },
};
