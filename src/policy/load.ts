import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import type { Check } from '../core/check.js';
import type { Location, PolicyPath } from '../core/finding.js';
import { quoteValue } from '../checks/secrets/recognise.js';
import { suggest } from '../util/suggest.js';
import { PolicyError, formatKeyPath, type PolicyProblem } from './errors.js';
import { extendsList, parseLayer, resolveExtend, type ExtendsContext } from './extends.js';
import { lockPath, mergeLayers, type Layer } from './merge.js';
import { DEFAULT_EXTENDS } from './presets.js';
import { OriginError, MAX_POLICY_FILE_BYTES, workingTreeOrigin, type PolicyOrigin } from './origin.js';
import type { RemoteFetcher } from './remote.js';
import { buildPolicySchema } from './schema.js';
import type { Policy, PolicyException } from './types.js';
import { YamlSource } from './yaml-source.js';

export const POLICY_FILE_NAMES = [
  'security-policy.yml',
  'security-policy.yaml',
  '.github/security-policy.yml',
  '.github/security-policy.yaml',
];

export interface LoadedPolicy {
  policy: Policy;
  /** The repository's policy file; undefined when running on defaults. */
  source?: YamlSource;
  /** Presets and files merged, in order, ending with the policy file itself. */
  chain: string[];
  /** True when no policy file was found and `recommended` ran. */
  defaulted: boolean;
  /** Where the policy, its local extends and its baselines were read from. */
  origin: PolicyOrigin;
  /** Where in the policy file a setting is written (or the `extends` that brings it in). */
  locate(path: PolicyPath): Location | undefined;
  /** "security-policy.yml:12" or "preset recommended", for messages. */
  describe(path: PolicyPath): string;
}

export interface LoadOptions {
  /** Repository root. */
  root: string;
  /**
   * A policy file path relative to root; when absent, the default names are tried. An absolute path outside
   * the repository is the operator's own file (the CLI's --policy), read as it is.
   */
  file?: string;
  /** Where repository files are read from (default: the working tree under root, confined to it). */
  origin?: PolicyOrigin;
  checks: readonly Check<never>[];
  /** Reads shared policies named `owner/repo/path.yml@ref` in `extends`. */
  remote?: RemoteFetcher;
}

/** Finds, parses, validates and merges the policy. Throws PolicyError with positions on any problem. */
export async function loadPolicy(options: LoadOptions): Promise<LoadedPolicy> {
  const origin = options.origin ?? workingTreeOrigin(options.root);
  const withOrigin = { ...options, origin };
  if (options.file && isAbsolute(options.file) && relative(resolve(options.root), options.file).startsWith('..')) {
    return loadPolicyText(options.file, await readOperatorFile(options.file), withOrigin);
  }
  const names = options.file ? [relative(resolve(options.root), resolve(options.root, options.file)).split('\\').join('/')] : POLICY_FILE_NAMES;
  for (const name of names) {
    let text: string;
    try {
      text = await origin.read(name);
    } catch (error) {
      if (error instanceof OriginError && error.code === 'missing' && !options.file) continue;
      const message = error instanceof OriginError ? (error.code === 'missing' ? `policy file not found in ${origin.label}` : error.message) : `cannot read the policy file (${(error as Error).message})`;
      throw new PolicyError([{ file: name, line: 1, column: 1, message }]);
    }
    return loadPolicyText(name, text.replace(/^\uFEFF/, ''), withOrigin);
  }
  return loadPolicyText(undefined, undefined, withOrigin);
}

/** A policy file the operator named outside the repository: a regular file, read as it is. */
async function readOperatorFile(file: string): Promise<string> {
  const fail = (message: string) => new PolicyError([{ file, line: 1, column: 1, message }]);
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'policy file not found' : `cannot read the policy file (${code ?? 'error'})`);
  }
  const stats = await stat(real);
  if (!stats.isFile()) throw fail('the policy must be a regular file');
  if (stats.size > MAX_POLICY_FILE_BYTES) throw fail(`the policy is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB`);
  return (await readFile(real, 'utf8')).replace(/^\uFEFF/, '');
}

/** Loads a policy from text (`undefined` for defaults). Relative `extends` resolve next to the file that names them. */
export async function loadPolicyText(
  file: string | undefined,
  text: string | undefined,
  options: LoadOptions,
): Promise<LoadedPolicy> {
  const schema = buildPolicySchema(options.checks);
  const user = file !== undefined && text !== undefined ? parseLayer(file, text, schema) : undefined;
  const requested = user ? extendsList(user.data.extends, DEFAULT_EXTENDS) : DEFAULT_EXTENDS;
  const origin = options.origin ?? workingTreeOrigin(options.root);
  const ctx: ExtendsContext = { origin, schema, remote: options.remote, layers: [], problems: [], visiting: user ? [user.name] : [] };
  const defaults = YamlSource.parse('defaults', 'version: 1\n').source;
  for (const [index, name] of requested.entries()) {
    const path = ['extends', ...(Array.isArray(user?.data.extends) ? [index] : [])];
    await resolveExtend(name, { source: user?.source ?? defaults, path, home: { kind: 'local', dir: user ? posix.dirname(user.name) : '.' } }, ctx);
  }
  if (user) ctx.layers.push(user);
  if (ctx.problems.length) throw new PolicyError(ctx.problems);

  const { policy, problems } = mergeLayers(ctx.layers, requested, options.checks.map((c) => c.meta));
  problems.push(...checkSemantics(policy, ctx.layers, options.checks));
  if (problems.length) throw new PolicyError(problems);

  const layers = ctx.layers;
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
    origin,
    locate,
    describe(path) {
      const loc = locate(path);
      if (loc && user?.source.has(path)) return `${loc.path}:${loc.line}`;
      const preset = [...layers].reverse().find((l) => l !== user && l.source.has(path));
      return preset ? preset.name : loc ? `${loc.path}:${loc.line}` : 'the policy';
    },
  };
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
        problems.push(problemAt(layers, exception, 'rule', `exception rule ${quoteValue(rule)} names no check (checks: ${[...checkIds].join(', ')})`));
      }
      continue;
    }
    if (!ruleIds.has(rule)) {
      const hint = suggest(rule, ruleIds);
      problems.push(problemAt(layers, exception, 'rule', `unknown rule ${quoteValue(rule)} in exception${hint ? `: did you mean "${hint}"?` : ''}`));
    }
  }
  for (const layer of layers) {
    for (const [index, lock] of ((layer.data.lock as string[] | undefined) ?? []).entries()) {
      const [head, id] = lockPath(lock);
      const known = head === 'checks' ? id === undefined || checkIds.has(id) : TOP_LEVEL_KEYS.includes(head ?? '');
      if (!known) {
        problems.push({ file: layer.source.file, ...layer.source.locate(['lock', index]), key: `lock[${index}]`, message: `lock ${quoteValue(lock)} names no policy key (e.g. fail-on, ignore, exceptions, checks.secrets, checks.secrets.enabled)` });
      }
    }
  }
  return problems;
}

const TOP_LEVEL_KEYS = ['fail-on', 'ignore', 'baseline', 'limits', 'exceptions', 'checks', 'rules', 'suppressions', 'allow-empty-scan'];

function problemAt(layers: Layer[], exception: PolicyException, key: string, message: string): PolicyProblem {
  const layer = layers.find((l) => l.source.file === exception.origin.file);
  const path = ['exceptions', exception.origin.index, key];
  const pos = layer ? layer.source.locate(path) : { line: 1, column: 1 };
  return { file: exception.origin.file, ...pos, key: formatKeyPath(path), message };
}
