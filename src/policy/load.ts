import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Check, JsonSchema } from '../core/check.js';
import type { Location, PolicyPath } from '../core/finding.js';
import type { FailOn } from '../core/severity.js';
import { pathProblem } from '../util/globs.js';
import { suggest } from '../util/suggest.js';
import { PolicyError, formatKeyPath, type PolicyProblem } from './errors.js';
import { DEFAULT_EXTENDS, PRESETS } from './presets.js';
import { buildPolicySchema } from './schema.js';
import type { CheckSection, Policy, PolicyException } from './types.js';
import { validateAgainstSchema } from './validate.js';
import { YamlSource } from './yaml-source.js';

export const POLICY_FILE_NAMES = [
  'security-policy.yml',
  'security-policy.yaml',
  '.github/security-policy.yml',
  '.github/security-policy.yaml',
];

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface LoadedPolicy {
  policy: Policy;
  /** The repository's policy file; undefined when running on defaults. */
  source?: YamlSource;
  /** Presets and files merged, in order, ending with the policy file itself. */
  chain: string[];
  /** True when no policy file was found and `recommended` ran. */
  defaulted: boolean;
  /** Where in the policy file a setting is written (or the `extends` that brings it in). */
  locate(path: PolicyPath): Location | undefined;
  /** "security-policy.yml:12" or "preset recommended", for messages. */
  describe(path: PolicyPath): string;
}

export interface LoadOptions {
  /** Repository root. */
  root: string;
  /** A policy file path (relative to root or absolute); when absent, the default names are tried. */
  file?: string;
  checks: readonly Check<never>[];
}

type Layer = { name: string; source: YamlSource; data: Record<string, unknown> };

/** Finds, parses, validates and merges the policy. Throws PolicyError with positions on any problem. */
export async function loadPolicy(options: LoadOptions): Promise<LoadedPolicy> {
  const { root } = options;
  let file = options.file;
  if (!file) {
    for (const name of POLICY_FILE_NAMES) {
      if (await readable(join(root, name))) {
        file = name;
        break;
      }
    }
  }
  if (!file) return loadPolicyText(undefined, undefined, options);
  const absolute = isAbsolute(file) ? file : join(root, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError([
      { file, line: 1, column: 1, message: code === 'ENOENT' ? 'policy file not found' : `cannot read the policy file (${code ?? 'error'})` },
    ]);
  }
  const shown = relative(root, absolute).startsWith('..') ? file : relative(root, absolute).split('\\').join('/');
  return loadPolicyText(shown, text.replace(/^\uFEFF/, ''), options);
}

/** Loads a policy from text (`undefined` for defaults). Local `extends` files are read relative to root. */
export async function loadPolicyText(
  file: string | undefined,
  text: string | undefined,
  options: LoadOptions,
): Promise<LoadedPolicy> {
  const schema = buildPolicySchema(options.checks);
  let user: Layer | undefined;
  if (file !== undefined && text !== undefined) {
    user = parseLayer(file, text, schema);
  }
  const requested = user ? normaliseExtends(user.data.extends, DEFAULT_EXTENDS) : DEFAULT_EXTENDS;
  const layers: Layer[] = [];
  const visiting: string[] = [];
  const problems: PolicyProblem[] = [];
  for (const [index, name] of requested.entries()) {
    await resolveExtend(name, user ? { source: user.source, path: ['extends', ...(Array.isArray(user.data.extends) ? [index] : [])] } : undefined, options.root, schema, layers, visiting, problems);
  }
  if (user) layers.push(user);
  if (problems.length) throw new PolicyError(problems);

  const policy = mergeLayers(layers, requested);
  const semantic = checkSemantics(policy, layers, options.checks);
  if (semantic.length) throw new PolicyError(semantic);

  const locate = (path: PolicyPath): Location | undefined => {
    if (!user) return undefined;
    const target = user.source.has(path) ? path : user.source.has(['extends']) ? ['extends'] : [];
    return { path: user.source.file, ...user.source.locate(target) };
  };
  return {
    policy,
    source: user?.source,
    chain: layers.map((l) => l.name),
    defaulted: !user,
    locate,
    describe(path) {
      const loc = locate(path);
      if (loc && user?.source.has(path)) return `${loc.path}:${loc.line}`;
      const preset = [...layers].reverse().find((l) => l !== user && l.source.has(path));
      return preset ? preset.name : loc ? `${loc.path}:${loc.line}` : 'the policy';
    },
  };
}

function parseLayer(name: string, text: string, schema: JsonSchema): Layer {
  const { source, data } = YamlSource.parse(name, text);
  if (data === null || data === undefined) {
    throw new PolicyError([{ file: name, line: 1, column: 1, message: 'the policy is empty: it needs at least `version: 1`' }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new PolicyError([{ file: name, line: 1, column: 1, message: 'the policy must be a map of keys (version, extends, checks, …)' }]);
  }
  const problems = validateAgainstSchema(data, schema, source);
  if (problems.length) throw new PolicyError(problems);
  return { name, source, data: data as Record<string, unknown> };
}

function normaliseExtends(value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return typeof value === 'string' ? [value] : (value as string[]);
}

async function resolveExtend(
  name: string,
  from: { source: YamlSource; path: (string | number)[] } | undefined,
  root: string,
  schema: JsonSchema,
  layers: Layer[],
  visiting: string[],
  problems: PolicyProblem[],
): Promise<void> {
  const at = from ? { file: from.source.file, ...from.source.locate(from.path) } : { file: 'policy', line: 1, column: 1 };
  if (visiting.includes(name)) {
    problems.push({ ...at, key: 'extends', message: `extends forms a cycle: ${[...visiting, name].join(' → ')}` });
    return;
  }
  if (layers.some((l) => l.name === name || l.name === `preset:${name}`)) return;
  let layer: Layer;
  try {
    if (name.startsWith('./') || name.startsWith('../') || name.endsWith('.yml') || name.endsWith('.yaml')) {
      const problem = pathProblem(name.replace(/^\.\//, ''));
      if (problem) {
        problems.push({ ...at, key: 'extends', message: `extends "${name}" ${problem}` });
        return;
      }
      let text: string;
      try {
        text = await readFile(join(root, name), 'utf8');
      } catch {
        problems.push({ ...at, key: 'extends', message: `extends "${name}": file not found` });
        return;
      }
      layer = parseLayer(name.replace(/^\.\//, ''), text, schema);
    } else {
      const text = PRESETS[name];
      if (text === undefined) {
        const hint = suggest(name, Object.keys(PRESETS));
        problems.push({
          ...at,
          key: 'extends',
          message: `unknown preset "${name}"${hint ? `: did you mean "${hint}"?` : ''} (presets: ${Object.keys(PRESETS).join(', ')}; files start with ./)`,
        });
        return;
      }
      layer = parseLayer(`preset:${name}`, text, schema);
    }
  } catch (error) {
    if (error instanceof PolicyError) {
      problems.push(...error.problems);
      return;
    }
    throw error;
  }
  const parents = normaliseExtends(layer.data.extends, []);
  visiting.push(name);
  for (const [index, parent] of parents.entries()) {
    await resolveExtend(parent, { source: layer.source, path: ['extends', ...(Array.isArray(layer.data.extends) ? [index] : [])] }, root, schema, layers, visiting, problems);
  }
  visiting.pop();
  layers.push(layer);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps merge key by key; lists and scalars of a later layer replace earlier ones. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

export function parseSize(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!m) return fallback;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

/**
 * Later layers win. `ignore`, `exceptions` and `rules` accumulate across layers; `checks` sections merge
 * key by key (a list in a later layer replaces the earlier list).
 */
function mergeLayers(layers: Layer[], requested: string[]): Policy {
  const policy: Policy = {
    version: 1,
    extends: requested,
    failOn: 'error',
    ignore: [],
    limits: { maxFileSize: DEFAULT_MAX_FILE_SIZE },
    exceptions: [],
    checks: {},
    rules: [],
  };
  for (const { source, data } of layers) {
    if (data['fail-on'] !== undefined) policy.failOn = data['fail-on'] as FailOn;
    if (data.baseline !== undefined) policy.baseline = data.baseline as string;
    const limits = data.limits as Record<string, unknown> | undefined;
    if (limits?.['max-file-size'] !== undefined) policy.limits.maxFileSize = parseSize(limits['max-file-size'], DEFAULT_MAX_FILE_SIZE);
    for (const glob of (data.ignore as string[] | undefined) ?? []) if (!policy.ignore.includes(glob)) policy.ignore.push(glob);
    for (const [index, entry] of ((data.exceptions as Record<string, unknown>[] | undefined) ?? []).entries()) {
      policy.exceptions.push({ ...(entry as unknown as Omit<PolicyException, 'origin'>), origin: { file: source.file, index } });
    }
    for (const [index, rule] of ((data.rules as Record<string, unknown>[] | undefined) ?? []).entries()) policy.rules.push({ ...rule, origin: { file: source.file, index } });
    for (const [id, section] of Object.entries((data.checks as Record<string, CheckSection> | undefined) ?? {})) {
      policy.checks[id] = deepMerge(policy.checks[id] ?? {}, section ?? {}) as CheckSection;
    }
  }
  // Rules written in the policy run even when no layer lists the `rules` check (e.g. `extends: []`).
  if (policy.rules.length && !policy.checks.rules) policy.checks.rules = {};
  return policy;
}

function checkSemantics(policy: Policy, layers: Layer[], checks: readonly Check<never>[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const ruleIds = new Set<string>();
  for (const check of checks) for (const rule of check.meta.rules) ruleIds.add(rule.id);
  for (const rule of policy.rules) if (typeof rule.id === 'string') ruleIds.add(`rules/${rule.id}`);
  const checkIds = new Set(checks.map((c) => c.meta.id));
  for (const exception of policy.exceptions) {
    const rule = exception.rule;
    if (rule === undefined || rule.includes('*')) {
      if (rule && !checkIds.has(rule.split('/')[0] ?? '') && rule !== '*' && !rule.startsWith('*')) {
        problems.push(problemAt(layers, exception, 'rule', `exception rule "${rule}" names no check (checks: ${[...checkIds].join(', ')})`));
      }
      continue;
    }
    if (!ruleIds.has(rule)) {
      const hint = suggest(rule, ruleIds);
      problems.push(problemAt(layers, exception, 'rule', `unknown rule "${rule}" in exception${hint ? `: did you mean "${hint}"?` : ''}`));
    }
  }
  return problems;
}

function problemAt(layers: Layer[], exception: PolicyException, key: string, message: string): PolicyProblem {
  const layer = layers.find((l) => l.source.file === exception.origin.file);
  const path = ['exceptions', exception.origin.index, key];
  const pos = layer ? layer.source.locate(path) : { line: 1, column: 1 };
  return { file: exception.origin.file, ...pos, key: formatKeyPath(path), message };
}

async function readable(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
