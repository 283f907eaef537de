import type { Check, JsonSchema } from '../core/check.js';
import { SEVERITIES } from '../core/severity.js';

/**
 * Where editors fetch the schema: the file as released under the action's major tag (moved by each
 * release), so that it changes with releases, never with unreleased work, and a new major gets a new URL.
 * The npm package carries the same file.
 */
export const SCHEMA_ID = 'https://raw.githubusercontent.com/security-gate/security-gate/v0/schema/security-policy.schema.json';

/** Reusable pieces for check settings schemas. Formats are defined in validate.ts. */
export const schemaParts = {
  glob: { type: 'string', format: 'glob', description: 'A path glob relative to the repository root.' },
  globList: {
    type: 'array',
    items: { type: 'string', format: 'glob' },
    description: 'Path globs relative to the repository root; `!` re-includes.',
  },
  repoPath: { type: 'string', format: 'repo-path', description: 'A path relative to the repository root.' },
  repoPathList: { type: 'array', items: { type: 'string', format: 'repo-path' } },
  date: { type: 'string', format: 'date', description: 'A date, YYYY-MM-DD.' },
  severity: { enum: [...SEVERITIES] },
  reason: { type: 'string', minLength: 3, description: 'Why this is acceptable; shown in reports.' },
  regex: { type: 'string', format: 'regex', description: 'A JavaScript regular expression (without slashes).' },
  semverRange: { type: 'string', format: 'semver-range', description: 'A semver range, e.g. `<4.17.21` or `^1.2.0`.' },
} as const satisfies Record<string, JsonSchema>;

function checkSectionSchema(check: Check<never>): JsonSchema {
  const severityProps: Record<string, JsonSchema> = {};
  for (const rule of check.meta.rules) {
    severityProps[rule.id] = { enum: ['off', ...SEVERITIES], description: rule.title };
  }
  return {
    type: 'object',
    description: check.meta.description,
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', description: 'Run this check (default: true when the section exists).' },
      ignore: { ...schemaParts.globList, description: 'Paths this check does not look at, on top of the global ignores.' },
      severity: {
        type: 'object',
        description: 'Per-rule severity: error, warning, notice, or off.',
        additionalProperties: false,
        properties: severityProps,
      },
      baseline: {
        ...schemaParts.repoPath,
        description: 'A baseline file (written by `security-gate baseline`): findings listed in it do not fail the gate.',
      },
      ...check.meta.settings,
    },
  };
}

/** The JSON Schema of `security-policy.yml`, assembled from the registered checks. */
export function buildPolicySchema(checks: readonly Check<never>[]): JsonSchema {
  const checkProps: Record<string, JsonSchema> = {};
  for (const check of checks) checkProps[check.meta.id] = checkSectionSchema(check);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Security Gate policy (security-policy.yml)',
    type: 'object',
    additionalProperties: false,
    required: ['version'],
    properties: {
      version: { const: 1, description: 'Policy format version. Always 1.' },
      extends: {
        type: ['string', 'array'],
        items: { type: 'string', minLength: 1 },
        description:
          'Presets (`recommended`, `nextjs`, `web-app`) or policy files (`./path.yml`) this policy builds on, in order. Default: [recommended].',
      },
      lock: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[A-Za-z0-9_-]+)*$' },
        description:
          'Key paths that policies extending this one cannot change, e.g. `checks.secrets.enabled`, `fail-on` (which may still be made stricter), `exceptions`, `ignore`.',
      },
      'fail-on': {
        enum: [...SEVERITIES, 'none'],
        description: 'The lowest severity that fails the gate (`none`: report only). Default: error.',
      },
      ignore: { ...schemaParts.globList, description: 'Paths no check looks at.' },
      baseline: {
        ...schemaParts.repoPath,
        description: 'A baseline file of known findings (from `security-gate baseline`) that do not fail the gate.',
      },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'max-file-size': {
            type: ['integer', 'string'],
            minimum: 1,
            pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG]i?[bB]|[bB])?\\s*$',
            description: 'Files larger than this are skipped and counted, e.g. `10MB` (default) or a number of bytes.',
          },
          'max-findings': {
            type: 'integer',
            minimum: 100,
            maximum: 1000000,
            description: 'At most this many findings are listed (default 10000); the rest are counted in one `policy/too-many-findings` finding that fails the gate as they would have.',
          },
          'max-findings-per-file': {
            type: 'integer',
            minimum: 1,
            maximum: 100000,
            description: 'At most this many findings of one rule are listed per file (default 200); the rest are summed up in one finding of that rule.',
          },
        },
      },
      suppressions: {
        type: 'object',
        additionalProperties: false,
        properties: {
          inline: {
            enum: ['with-reason', 'any', 'off'],
            description:
              'Which inline `security-gate-ignore` comments suppress findings: `with-reason` (default: a comment must say why after `--`), `any`, or `off` (only exceptions and baselines suppress).',
          },
        },
      },
      'allow-empty-scan': {
        type: 'boolean',
        description: 'Let a scan that reads no file pass (default false: a wrong path or an ignore of every file fails the gate).',
      },
      exceptions: {
        type: 'array',
        description: 'Findings accepted for a time. Expired exceptions stop applying and are reported.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['reason', 'expires'],
          anyOf: [{ required: ['fingerprint'] }, { required: ['rule'] }],
          errorMessage: 'an exception needs a `fingerprint` or a `rule` (optionally with a `path`)',
          properties: {
            fingerprint: { type: 'string', pattern: '^[0-9a-f]{8,64}$', description: 'A finding fingerprint, as reports show it.' },
            rule: { type: 'string', minLength: 1, description: 'A rule id, or a glob over rule ids such as `env/*`.' },
            path: { ...schemaParts.glob },
            reason: { ...schemaParts.reason },
            expires: { ...schemaParts.date, description: 'The last day the exception applies (YYYY-MM-DD).' },
          },
        },
      },
      checks: {
        type: 'object',
        description: 'One section per check; a section that exists is enabled unless `enabled: false`.',
        additionalProperties: false,
        properties: checkProps,
      },
      ...Object.assign({}, ...checks.map((c) => c.meta.policyKeys ?? {})),
    },
  };
}
