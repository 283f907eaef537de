import { Ajv } from 'ajv';
import { readFile, stat } from 'node:fs/promises';
import type { Report } from '../core/report.js';
import { failsGate } from '../core/severity.js';
import { pathProblem } from '../util/globs.js';

/**
 * A report saved by one run (`save-report`) and published by another (`publish-report`): the fork
 * pattern, where a `pull_request` run with a read-only token scans and a `workflow_run` run with a write
 * token reports. The file crosses a trust boundary (a fork's workflow can write anything into it), so it
 * is validated strictly, its paths are checked, and its verdict is recomputed from its findings.
 */
export interface SavedRun {
  event: string;
  repository: string;
  headSha: string;
  pullRequest?: { number: number; baseSha: string; headSha: string };
}

export interface SavedReport {
  run: SavedRun;
  report: Report;
}

const KIND = 'security-gate-report';
const MAX_BYTES = 64 * 1024 * 1024;

export function serialiseReport(report: Report, run: SavedRun): string {
  const { tool, scope, policy, verdict, conclusion, counts, checks, checklist, findings, suppressed, stats, notes, rules, anchors } = report;
  return `${JSON.stringify({ kind: KIND, schemaVersion: 1, run, report: { tool, scope, policy, verdict, conclusion, counts, checks, checklist, findings, suppressed, stats, notes, rules, anchors } })}\n`;
}

const text = (max: number) => ({ type: 'string', maxLength: max });
const count = { type: 'integer', minimum: 0 };
const sha = { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' };
const severity = { enum: ['error', 'warning', 'notice'] };
const location = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: { path: text(4096), line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 }, endColumn: { type: 'integer', minimum: 1 } },
};
const finding = {
  type: 'object',
  required: ['ruleId', 'check', 'severity', 'message', 'fingerprint'],
  properties: {
    ruleId: text(200),
    check: text(100),
    severity,
    message: text(64 * 1024),
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{8,64}$' },
    location,
    help: text(64 * 1024),
    commit: { type: 'string', pattern: '^[0-9a-f]{7,64}$' },
    identity: { type: 'string' },
    policyPath: { type: 'array' },
    properties: { type: 'object' },
    suppression: { type: 'object', required: ['kind'], properties: { kind: { enum: ['inline', 'exception', 'baseline', 'allowlist'] }, reason: text(4096) } },
  },
};
const status = { enum: ['pass', 'fail', 'warn', 'disabled', 'error', 'not-evaluated'] };
const SCHEMA = {
  type: 'object',
  required: ['kind', 'schemaVersion', 'run', 'report'],
  properties: {
    kind: { const: KIND },
    schemaVersion: { const: 1 },
    run: {
      type: 'object',
      required: ['event', 'repository', 'headSha'],
      properties: {
        event: text(100),
        repository: { type: 'string', pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' },
        headSha: sha,
        pullRequest: { type: 'object', required: ['number', 'baseSha', 'headSha'], properties: { number: { type: 'integer', minimum: 1 }, baseSha: sha, headSha: sha } },
      },
    },
    report: {
      type: 'object',
      required: ['tool', 'scope', 'policy', 'checks', 'findings', 'suppressed', 'stats', 'notes', 'rules'],
      properties: {
        tool: { type: 'object', required: ['name', 'version'], properties: { name: text(100), version: text(50), informationUri: text(500) } },
        scope: { type: 'object', required: ['kind'], properties: { kind: { enum: ['full', 'pr'] } } },
        policy: {
          type: 'object',
          required: ['chain', 'defaulted', 'failOn'],
          properties: { file: text(4096), chain: { type: 'array', items: text(4096) }, defaulted: { type: 'boolean' }, failOn: { enum: ['error', 'warning', 'notice', 'none'] } },
        },
        checks: {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'object',
            required: ['id', 'title', 'description', 'covers', 'status', 'findings', 'suppressed', 'rules', 'durationMs'],
            properties: {
              id: text(100),
              title: text(500),
              description: text(4096),
              covers: { type: 'array', items: text(4096) },
              status,
              findings: count,
              suppressed: count,
              durationMs: { type: 'number' },
              error: text(4096),
              notEvaluated: { type: 'array', maxItems: 100, items: text(4096) },
              rules: {
                type: 'array',
                items: { type: 'object', required: ['id', 'title', 'severity', 'status', 'findings', 'suppressed'], properties: { id: text(200), title: text(500), severity: { enum: ['error', 'warning', 'notice', 'off'] }, status, findings: count, suppressed: count, reason: text(4096) } },
              },
            },
          },
        },
        findings: { type: 'array', items: finding },
        suppressed: { type: 'array', items: { ...finding, required: [...finding.required, 'suppression'] } },
        stats: {
          type: 'object',
          required: ['scanned', 'bytes', 'durationMs', 'skipped'],
          properties: {
            scanned: count,
            bytes: count,
            durationMs: { type: 'number', minimum: 0 },
            skipped: { type: 'object', required: ['binary', 'tooLarge', 'symlink', 'unreadable'], properties: { binary: count, tooLarge: count, symlink: count, unreadable: count } },
          },
        },
        notes: { type: 'array', items: text(4096) },
        checklist: {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'object',
            required: ['text', 'status', 'parts'],
            properties: {
              text: text(4096),
              status,
              reasons: { type: 'array', maxItems: 100, items: text(4096) },
              parts: { type: 'array', maxItems: 100, items: { type: 'object', required: ['check', 'status', 'findings'], properties: { check: text(100), status, findings: count, reason: text(4096) } } },
            },
          },
        },
        anchors: { type: 'array', maxItems: 10, items: text(4096) },
        rules: { type: 'array', items: { type: 'object', required: ['id', 'title', 'severity'], properties: { id: text(200), title: text(500), severity } } },
      },
    },
  },
};

let validate: ReturnType<Ajv['compile']> | undefined;

export class SavedReportError extends Error {}

/** Reads and checks a saved report; the error says what is wrong with it. */
export async function loadSavedReport(path: string, shown: string = path): Promise<SavedReport> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new SavedReportError(`cannot read the saved report ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'}): download the artifact of the scanning run first`);
  }
  if (size > MAX_BYTES) throw new SavedReportError(`the saved report ${shown} is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SavedReportError(`the saved report ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  validate ??= new Ajv({ allErrors: false, strict: false }).compile(SCHEMA);
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new SavedReportError(`the saved report ${shown} is not a Security Gate report: ${e?.instancePath || '(root)'} ${e?.message ?? 'is invalid'}`);
  }
  const saved = data as SavedReport;
  const report = saved.report;
  for (const f of [...report.findings, ...report.suppressed]) {
    const problem = f.location && pathProblem(f.location.path);
    if (problem) throw new SavedReportError(`the saved report ${shown} has a finding whose path ${problem}`);
  }
  for (const anchor of report.anchors ?? []) {
    const problem = pathProblem(anchor);
    if (problem) throw new SavedReportError(`the saved report ${shown} has an anchor whose path ${problem}`);
  }
  // The verdict, conclusion and counts follow from the findings, whatever the file says.
  const counts = { error: 0, warning: 0, notice: 0, suppressed: report.suppressed.length };
  for (const f of report.findings) counts[f.severity]++;
  report.counts = counts;
  report.verdict = report.findings.some((f) => failsGate(f.severity, report.policy.failOn)) ? 'fail' : 'pass';
  report.conclusion = report.verdict === 'fail' ? 'failure' : report.findings.length ? 'neutral' : 'success';
  report.root = '';
  report.checkMetas = [];
  return saved;
}
