import type { JsonSchema } from '../../core/check.js';
import { schemaParts } from '../../policy/schema.js';
import type { AdvisorySeverity } from './model.js';

export interface ReportEntry {
  path: string;
  /** The directory of the package.json and lockfile the report is about; default: found from the report's place. */
  project?: string;
  /** An empty file means "no advisories" (Yarn 4 prints nothing when clean). */
  'allow-empty'?: boolean;
}

export interface AllowEntry {
  id?: string;
  package?: string;
  version?: string;
  path?: string;
  reason: string;
  expires: string;
}

export interface DependencySettings {
  reports?: (string | ReportEntry)[];
  run?: boolean;
  'run-timeout'?: number;
  /** The registry `run` audits against (default: the public npm registry). */
  registry?: string;
  'fail-on-severity'?: Exclude<AdvisorySeverity, 'info'>;
  'ignore-dev'?: boolean;
  'new-only'?: boolean;
  allow?: AllowEntry[];
  'require-pinned'?: boolean | 'production';
  /** Fail (`dependencies/no-audit`) where no audit covers a lockfile or an ecosystem, instead of reporting it as not evaluated. */
  'require-audit'?: boolean;
}

export const DEFAULT_FAIL_ON_SEVERITY = 'high';
export const DEFAULT_RUN_TIMEOUT = 120;

export const SETTINGS_SCHEMA: Record<string, JsonSchema> = {
  reports: {
    type: 'array',
    description:
      'Audit reports written by an earlier workflow step (`npm audit --json > npm-audit.json || true`, `pnpm audit --json`, `yarn audit --json`, `yarn npm audit --json`, osv-scanner JSON). The format is detected from the content. One per project in a monorepo.',
    items: {
      anyOf: [
        { ...schemaParts.repoPath },
        {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { ...schemaParts.repoPath, description: 'The report file.' },
            project: { ...schemaParts.repoPath, description: 'The directory of the package.json and lockfile the report audits (default: the report\'s own directory, else the root).' },
            'allow-empty': { type: 'boolean', description: 'Read an empty report as "no advisories" (Yarn 4 prints nothing when clean). Only safe when the step fails whenever the audit fails.' },
          },
        },
      ],
      errorMessage: 'a report is a path, or {path, project?, allow-empty?}',
    },
  },
  run: {
    type: 'boolean',
    description: 'Run the audit for every lockfile that has no report (`npm audit --json --package-lock-only`, `pnpm audit --json`, `yarn audit --json`), never running install scripts. Default: false.',
  },
  'run-timeout': { type: 'integer', minimum: 5, maximum: 3600, description: 'Seconds an audit run may take before it is stopped and reported unavailable. Default: 120.' },
  registry: {
    type: 'string',
    format: 'registry-url',
    description:
      'The registry `run` audits against, an https URL without credentials: the only host the package manager is pointed at; the repository\'s .npmrc, .yarnrc and pnpm settings are ignored. The action input `audit-registry` and the CLI flag `--audit-registry` override it. Default: https://registry.npmjs.org/.',
  },
  'fail-on-severity': {
    enum: ['low', 'moderate', 'high', 'critical'],
    description: 'The lowest advisory severity that fails the gate; lower ones are listed as notices. Default: high.',
  },
  'ignore-dev': { type: 'boolean', description: 'Ignore advisories reached only through devDependencies. Default: false.' },
  'new-only': {
    type: 'boolean',
    description: 'On pull requests, fail only on advisories of packages the PR adds or changes (from the lockfile at the PR base); list the others as known. Default: false.',
  },
  allow: {
    type: 'array',
    description: 'Advisories accepted for a time: by GHSA, CVE or source id, by package (optionally a version range), or by dependency path (`a>b>c`, `*` for one package, `**` for any number). Expired entries stop applying and are reported.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['reason', 'expires'],
      anyOf: [{ required: ['id'] }, { required: ['package'] }, { required: ['path'] }],
      dependencies: { version: ['package'] },
      errorMessage: 'an allow entry needs an `id`, a `package` or a `path` (combined, all must match)',
      properties: {
        id: { type: 'string', minLength: 1, description: 'A GHSA id, a CVE id, or the id in the audit source (npm advisory number, OSV id).' },
        package: { type: 'string', minLength: 1, pattern: '^(@[^/@\\s]+/)?[^/@\\s]+$', description: 'A package name.' },
        version: { ...schemaParts.semverRange, minLength: 1, description: 'Only these installed versions of `package`, a semver range such as `<4.17.21`.' },
        path: { type: 'string', minLength: 1, pattern: '^[^\\s]+$', description: 'A dependency path from a direct dependency, `a>b>c`; `*` stands for one package, `**` for any number.' },
        reason: { ...schemaParts.reason },
        expires: { ...schemaParts.date, description: 'The last day the entry applies (YYYY-MM-DD).' },
      },
    },
  },
  'require-audit': {
    type: 'boolean',
    description:
      'Fail with `dependencies/no-audit` where no audit report (or `run`) covers a lockfile or an ecosystem (Python, Go, Ruby, PHP, Rust). Default: false: what no audit covers is reported as not evaluated, never as passed.',
  },
  'require-pinned': {
    enum: [true, false, 'production'],
    description: 'Require exact versions in package.json (no `^`, `~`, `*`, tags, or git URLs without a commit): `true` for every dependency, `production` for dependencies and optionalDependencies only. Default: false.',
  },
};
