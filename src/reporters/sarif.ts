import type * as Sarif from 'sarif';
import type { RuleMeta } from '../core/check.js';
import { validityOf, type Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { inertJson } from '../util/printable.js';
import { mdInline } from '../util/markdown-cell.js';
import { executionNotifications } from './sarif-notifications.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };
/** GitHub maps security-severity to critical (≥9), high (≥7), medium (≥4), low. */
const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = { error: 7.5, warning: 5.0, notice: 2.0 };

export const FINGERPRINT_KEY = 'securityGate/v1';
/** SARIF `rank` (0–100, higher first) of a finding that says how sure it is (`properties.confidence`). */
const RANK: Record<string, number> = { high: 90, medium: 60, low: 30 };

/** What GitHub code scanning accepts (docs: "SARIF support for code scanning", "results exceed limit"). */
export const CODE_SCANNING = { resultsPerRun: 25_000, tagsPerRule: 20, descriptionChars: 1024, nameChars: 255 } as const;

/** For a finding about the whole repository: the file that fixes it, by check, before the general anchors. */
const FIX_FILE: Record<string, string> = { env: '.gitignore', dependencies: 'package.json', tests: 'package.json' };

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function region(finding: Finding): Sarif.Region {
  const loc = finding.location;
  // A finding of a commit has that commit's lines: it is placed on the file, not on a line that now holds something else.
  if (!loc?.line || finding.commit) return { startLine: 1 };
  const r: Sarif.Region = { startLine: loc.line };
  if (loc.column) r.startColumn = loc.column;
  if (loc.endLine && loc.endLine > loc.line) {
    r.endLine = loc.endLine;
    if (loc.endColumn) r.endColumn = loc.endColumn;
  } else if (loc.column && loc.endColumn && loc.endColumn > loc.column) {
    r.endColumn = loc.endColumn;
  }
  return r;
}

/**
 * Where a finding goes in SARIF. Code scanning refuses a whole file when one result has no physical
 * location, so a finding about the repository as a whole (an env file no `.gitignore` ignores, no audit
 * report) is placed on line 1 of the file that fixes it when it exists, else of the policy file, else of
 * another root file; with none of them, on the file that would fix it.
 */
function placeOf(finding: Finding, report: Report): { path: string; repositoryLevel: boolean } {
  if (finding.location) return { path: finding.location.path, repositoryLevel: false };
  const anchors = report.anchors ?? [];
  const fix = FIX_FILE[finding.check];
  const path = (fix && anchors.includes(fix) ? fix : undefined) ?? report.policy.file ?? anchors[0] ?? fix ?? 'security-policy.yml';
  return { path, repositoryLevel: true };
}

function ruleDescriptor(rule: RuleMeta): Sarif.ReportingDescriptor {
  const description = rule.description || rule.title;
  return {
    id: rule.id,
    name: clip(rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')), CODE_SCANNING.nameChars),
    shortDescription: { text: clip(rule.title || rule.id, CODE_SCANNING.descriptionChars) },
    fullDescription: { text: clip(description, CODE_SCANNING.descriptionChars) },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    // A policy rule's description is its message, which a pull request may write: inline Markdown only.
    help: { text: description, markdown: `${mdInline(description)}${rule.helpUri ? `\n\n[Documentation](${rule.helpUri})` : ''}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...new Set(['security', rule.id.split('/')[0] as string, ...(rule.tags ?? [])])].slice(0, CODE_SCANNING.tagsPerRule),
      'security-severity': (rule.securitySeverity ?? DEFAULT_SECURITY_SEVERITY[rule.severity]).toFixed(1),
      precision: rule.precision ?? 'high',
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers:
 * valid against the OASIS schema and within code scanning's rules (a physical location with a relative
 * path and a start line on every result, unique tags, at most 25,000 results). What the run could not
 * evaluate, and what the policy turned off, are tool execution notifications.
 */
export const sarifReporter: Reporter = {
  id: 'sarif',
  extension: 'sarif',
  render(report) {
    // Code scanning keeps at most 25,000 results of a run: the most severe, active before suppressed.
    const all = [...report.findings, ...report.suppressed];
    const kept = all.length > CODE_SCANNING.resultsPerRun ? [...all].sort((a, b) => Number(!!a.suppression) - Number(!!b.suppression) || compareSeverity(a.severity, b.severity)).slice(0, CODE_SCANNING.resultsPerRun) : all;
    const used = new Set(kept.map((f) => f.ruleId));
    const rules: RuleMeta[] = report.rules.filter((r) => used.has(r.id));
    // Rules without static metadata (policy-defined ones) still need a descriptor.
    for (const f of kept) {
      if (!rules.some((r) => r.id === f.ruleId)) rules.push({ id: f.ruleId, title: f.ruleId, description: f.message, severity: f.severity });
    }
    rules.sort((a, b) => a.id.localeCompare(b.id));
    const index = new Map(rules.map((r, i) => [r.id, i]));

    const result = (finding: Finding): Sarif.Result => {
      const place = placeOf(finding, report);
      const where = finding.commit ? ` (in commit ${finding.commit.slice(0, 12)}${finding.location?.line ? `, line ${finding.location.line} there` : ''})` : '';
      const out: Sarif.Result = {
        ruleId: finding.ruleId,
        ruleIndex: index.get(finding.ruleId) as number,
        level: LEVEL[finding.severity],
        message: { text: `${finding.message || finding.ruleId}${where}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(place.path), uriBaseId: '%SRCROOT%' }, region: region(finding) } }],
        partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
        // A credential its provider accepts is as certain as a finding gets.
        ...(validityOf(finding) === 'live' ? { rank: 100 } : typeof finding.properties?.confidence === 'string' && RANK[finding.properties.confidence] !== undefined ? { rank: RANK[finding.properties.confidence] } : {}),
        properties: {
          check: finding.check,
          ...(finding.commit ? { commit: finding.commit, ...(finding.location?.line ? { commitLine: finding.location.line } : {}) } : {}),
          ...(place.repositoryLevel ? { repositoryLevel: true } : {}),
          ...(finding.properties ?? {}),
        },
      };
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

    const left = all.length - kept.length;
    const notifications = executionNotifications(report);
    if (left) notifications.push({ level: 'warning', message: { text: `${left} more result(s) were left out: GitHub code scanning accepts ${CODE_SCANNING.resultsPerRun.toLocaleString('en-US')} per run. The JSON report has every finding.` } });
    const sarif: Sarif.Log = {
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
              rules: rules.map(ruleDescriptor),
            },
          },
          automationDetails: { id: 'security-gate/' },
          columnKind: 'utf16CodeUnits',
          invocations: [{ executionSuccessful: !report.checks.some((c) => c.error), toolExecutionNotifications: notifications }],
          results: kept.map(result),
        },
      ],
    };
    return `${inertJson(JSON.stringify(sarif, null, 2))}\n`;
  },
};
