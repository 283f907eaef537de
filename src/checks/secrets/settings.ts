import type { JsonSchema } from '../../core/check.js';
import type { Severity } from '../../core/severity.js';
import { schemaParts } from '../../policy/schema.js';
import { compileGlobs, type PathMatcher } from '../../util/globs.js';
import { sharedExecutor } from '../../util/regex-executor.js';
import { regexProblem } from '../../util/regex-safety.js';
import { ruleMatches } from '../../filters/rule-pattern.js';
import { REPORT_SCHEMA, type ReportSettings } from './report-policy.js';
import { CONFIDENCES, type Confidence, type SecretRule } from './types.js';

export type ScopeName = 'tree' | 'diff' | 'commits';
export const SCOPE_NAMES: readonly ScopeName[] = ['tree', 'diff', 'commits'];

export interface AllowEntry {
  path?: string;
  value?: string;
  rule?: string;
  reason: string;
}

export interface CustomPattern {
  id: string;
  title: string;
  regex: string;
  'secret-group'?: number | string;
  keywords: string[];
  entropy?: number;
  'ignore-case'?: boolean;
  'prefix-length'?: number;
  paths?: string[];
  severity?: Severity;
  confidence?: Confidence;
  revoke?: string;
  docs?: string;
}

/** The `checks.secrets` section, as YAML spells it. */
export interface SecretsSettings {
  scopes?: ScopeName[];
  'tree-on-pull-requests'?: boolean;
  allow?: AllowEntry[];
  patterns?: CustomPattern[];
  'max-findings-per-file'?: number;
  'time-budget'?: number;
  report?: ReportSettings;
  /** Candidates the `report` table keeps quiet are listed as notices (the CLI's `--all-candidates`). */
  'all-candidates'?: boolean;
  /** Ask each credential's provider whether it is live (verify/): the CLI's `--verify`, the action's `verify-secrets`. */
  verify?: boolean;
  'validity-severity'?: Partial<Record<'live' | 'invalid', Severity | 'unchanged'>>;
}

export const DEFAULT_MAX_FINDINGS_PER_FILE = 100;
export const DEFAULT_TIME_BUDGET_MS = 1000;

export const SETTINGS_SCHEMA: Record<string, JsonSchema> = {
  scopes: {
    type: 'array',
    items: { enum: [...SCOPE_NAMES] },
    uniqueItems: true,
    minItems: 1,
    description:
      'Where to look. `tree`: every file (full scans, push, schedule, the CLI without --base). `diff`: only the lines a pull request adds (base...head). `commits`: every commit of a pull request (base..head), so that a secret added and removed again is still found. Each scan uses the scopes that fit it: full scans `tree`, pull requests `diff` and `commits`. Default: [tree, diff, commits].',
  },
  'tree-on-pull-requests': {
    type: 'boolean',
    description: 'Also scan every file of the head on pull requests, not only what the pull request adds (slower; reports secrets the base already had). Default: false.',
  },
  allow: {
    type: 'array',
    description: 'Findings that are acceptable (test fixtures, revoked examples). Each entry matches by any of path, value and rule (all that it gives must match) and needs a reason. Allowed findings are listed as suppressed, never hidden.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['reason'],
      anyOf: [{ required: ['path'] }, { required: ['value'] }, { required: ['rule'] }],
      errorMessage: 'an allow entry needs a `path`, a `value` or a `rule` (and a `reason`)',
      properties: {
        path: { ...schemaParts.glob, description: 'Files whose findings are allowed.' },
        value: { ...schemaParts.regex, description: 'A regular expression matched against the secret itself (e.g. a known test key).' },
        rule: { type: 'string', minLength: 1, description: 'A rule id, or a glob over rule ids such as `secrets/jwt*`.' },
        reason: { ...schemaParts.reason },
      },
    },
  },
  patterns: {
    type: 'array',
    description: 'Your own secret formats (internal tokens). Reported as `secrets/<id>`. Patterns that could backtrack catastrophically are refused when the policy loads.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'regex', 'keywords'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'Lower-case id; the rule is `secrets/<id>`.' },
        title: { type: 'string', minLength: 3, description: 'What the credential is, for people: "Acme internal API token".' },
        regex: { ...schemaParts.regex, description: 'The pattern (JavaScript syntax, without slashes). The secret is capture group 1 when there is one, else the whole match.' },
        'secret-group': { type: ['integer', 'string'], minimum: 0, description: 'The capture group (number or name) that holds the secret.' },
        keywords: {
          type: 'array',
          items: { type: 'string', minLength: 2 },
          minItems: 1,
          description: 'Literals (2+ characters) of which at least one occurs in every match, case-insensitively, on the line of the secret: the regex only runs near them, which keeps the scan fast.',
        },
        entropy: { type: 'number', minimum: 0, maximum: 8, description: 'Minimum Shannon entropy (bits per character) of the secret.' },
        'ignore-case': { type: 'boolean', description: 'Match the regex case-insensitively.' },
        'prefix-length': { type: 'integer', minimum: 0, maximum: 12, description: 'Characters at the start of the secret that are a public prefix and may be shown.' },
        paths: { ...schemaParts.globList, description: 'Only files matching these globs.' },
        severity: { ...schemaParts.severity },
        confidence: { enum: [...CONFIDENCES], description: 'How sure a match is to be a credential, for the `report` table: `high` (default: your own format), `medium` or `low`.' },
        revoke: { type: 'string', minLength: 1, description: 'Where to revoke or rotate the credential (a URL or an instruction).' },
        docs: { type: 'string', minLength: 1, description: 'Documentation of the format.' },
      },
    },
  },
  'max-findings-per-file': {
    type: 'integer',
    minimum: 0,
    description: `At most this many findings per file (and per commit and file); the rest are summed up in one \`secrets/too-many-findings\` finding. 0: no limit. Default: ${DEFAULT_MAX_FINDINGS_PER_FILE}.`,
  },
  report: REPORT_SCHEMA,
  'all-candidates': {
    type: 'boolean',
    description: 'List every candidate the `report` table keeps quiet, as a notice with its confidence and context (they never fail the gate). The CLI sets it with `--all-candidates`. Default: false.',
  },
  verify: {
    type: 'boolean',
    description:
      "Ask each credential's provider, at its own fixed HTTPS host and read-only identity endpoint, whether the credential is live (every provider and endpoint: docs/secrets-verify.md). Each finding gains `validity`: live, invalid or unknown. Sends found secrets to their own providers only, never on pull requests from forks: off by default. The CLI's --verify and the action's verify-secrets input set it.",
  },
  'validity-severity': {
    type: 'object',
    additionalProperties: false,
    description:
      "The severity of a verified finding: `live` (default `error`) and `invalid` (default `notice`); `unchanged` keeps the severity the finding would have had. It stands over the rule's severity, the policy's per-rule `severity` and the `report` table (a rule set to `off` still never runs). A finding that could not be verified (`unknown`) always keeps its severity.",
    properties: Object.fromEntries(
      ['live', 'invalid'].map((v) => [v, { enum: ['error', 'warning', 'notice', 'unchanged'], description: `The severity of a finding whose validity is ${v}.` }]),
    ),
  },
  'time-budget': {
    type: 'integer',
    minimum: 10,
    maximum: 60000,
    description: `Milliseconds one of the policy's own patterns (a \`patterns\` regex on one file, an \`allow\` value on one secret) may run before it is stopped and reported as \`secrets/pattern-timeout\`; after 3 runs over budget the pattern stops running. Built-in rules are not affected. Default: ${DEFAULT_TIME_BUDGET_MS}.`,
  },
};

/** A clear error for settings that the schema cannot judge alone. */
export class SettingsError extends Error {}

/**
 * Custom patterns as detector rules; every problem is a SettingsError naming the entry. The one run of a
 * pattern here (on the empty string) is under the time budget too: `(|)(|)…(|)x` backtracks on nothing at all.
 */
export function compilePatterns(patterns: readonly CustomPattern[], builtIn: readonly SecretRule[], budgetMs = DEFAULT_TIME_BUDGET_MS): SecretRule[] {
  const taken = new Set(builtIn.map((r) => r.id));
  const rules: SecretRule[] = [];
  for (const [index, p] of patterns.entries()) {
    const where = `checks.secrets.patterns[${index}] (${p.id})`;
    const id = `secrets/${p.id}`;
    if (taken.has(id)) throw new SettingsError(`${where}: the id ${id} is already taken by ${builtIn.some((r) => r.id === id) ? 'a built-in rule' : 'another pattern'}; choose another id`);
    taken.add(id);
    const flags = p['ignore-case'] ? 'i' : '';
    const problem = regexProblem(p.regex, flags);
    if (problem) throw new SettingsError(`${where}: the regex ${problem}`);
    const pattern = new RegExp(p.regex, flags);
    const group = p['secret-group'];
    if (typeof group === 'number' && group > 0 && group > countGroups(p.regex)) {
      throw new SettingsError(`${where}: secret-group ${group} does not exist (the regex has ${countGroups(p.regex)} capture group(s))`);
    }
    if (typeof group === 'string' && !p.regex.includes(`(?<${group}>`)) {
      throw new SettingsError(`${where}: the regex has no capture group named "${group}"`);
    }
    const empty = sharedExecutor().run({ source: p.regex, flags, texts: [''], budgetMs, limit: 1 });
    if (empty.kind === 'timeout') throw new SettingsError(`${where}: the regex ran longer than ${budgetMs} ms on the empty string (catastrophic backtracking); rewrite it`);
    if (empty.kind === 'error') throw new SettingsError(`${where}: the regex ${empty.message}`);
    if (empty.matches[0]?.length) throw new SettingsError(`${where}: the regex matches the empty string, so it would match everywhere`);
    rules.push({
      id,
      title: p.title,
      provider: 'custom',
      keywords: p.keywords.map((k) => k.toLowerCase()),
      pattern,
      secretGroup: group ?? (p.regex.includes('(?<secret>') ? 'secret' : countGroups(p.regex) > 0 ? 1 : 0),
      fromPolicy: true,
      ...(p.entropy !== undefined ? { entropy: p.entropy } : {}),
      ...(p.paths?.length ? { paths: p.paths } : {}),
      prefixLength: p['prefix-length'] ?? 0,
      severity: p.severity ?? 'error',
      // The team's own format: a match is theirs to call a credential.
      confidence: p.confidence ?? 'high',
      ...(p.revoke ? { revoke: p.revoke } : {}),
      ...(p.docs ? { docs: p.docs } : {}),
    });
  }
  return rules;
}

function countGroups(source: string): number {
  // Capture groups: "(" not escaped and not followed by "?" (except named groups "(?<name>").
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      // Skip a character class.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(' && (source[i + 1] !== '?' || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!'))) count++;
  }
  return count;
}

/** One compiled allow entry; `used` counts what it allowed, so that stale entries can be reported. */
export interface AllowMatcher {
  entry: AllowEntry;
  index: number;
  used: number;
  /** `testValue` runs the entry's value pattern on the secret (under the time budget: it is the policy's regex). */
  matches(ruleId: string, path: string, testValue: (matcher: AllowMatcher) => boolean): boolean;
}

export function compileAllow(entries: readonly AllowEntry[]): AllowMatcher[] {
  return entries.map((entry, index) => {
    const where = `checks.secrets.allow[${index}]`;
    if (entry.value !== undefined) {
      const problem = regexProblem(entry.value);
      if (problem) throw new SettingsError(`${where}: the value ${problem}`);
    }
    const path: PathMatcher | undefined = entry.path !== undefined ? compileGlobs([entry.path]) : undefined;
    const matcher: AllowMatcher = {
      entry,
      index,
      used: 0,
      matches(ruleId, filePath, testValue) {
        if (entry.rule !== undefined && !ruleMatches(entry.rule, ruleId)) return false;
        if (path && !path(filePath)) return false;
        if (entry.value !== undefined && !testValue(matcher)) return false;
        return true;
      },
    };
    return matcher;
  });
}

/** The scopes a scan runs: full scans look at the tree, pull requests and staged changes at what they add. */
export function activeScopes(settings: SecretsSettings, kind: 'full' | 'pr' | 'staged'): Set<ScopeName> {
  const allowed = new Set(settings.scopes ?? SCOPE_NAMES);
  const active = new Set<ScopeName>();
  if (kind === 'full') {
    if (allowed.has('tree')) active.add('tree');
    return active;
  }
  if (allowed.has('diff')) active.add('diff');
  // A staged change is the commit about to be made: its diff is what `commits` would scan.
  if (allowed.has('commits')) active.add(kind === 'pr' ? 'commits' : 'diff');
  // A policy that lists only `tree` asks for it on pull requests too.
  if (allowed.has('tree') && (active.size === 0 || settings['tree-on-pull-requests'])) active.add('tree');
  return active;
}
