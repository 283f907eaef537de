import { posix } from 'node:path';
import type { JsonSchema } from '../core/check.js';
import { quoteValue, redactTokens } from '../checks/secrets/recognise.js';
import { pathProblem } from '../util/globs.js';
import { suggest } from '../util/suggest.js';
import { PolicyError, type PolicyProblem } from './errors.js';
import type { Layer } from './merge.js';
import { OriginError, type PolicyOrigin } from './origin.js';
import { PRESETS } from './presets.js';
import { formatRemoteRef, parseRemoteRef, type RemoteFetcher, type RemoteRef } from './remote.js';
import { validateAgainstSchema } from './validate.js';
import { YamlSource } from './yaml-source.js';

/** Where a layer came from, so that its own relative `extends` resolve next to it. */
export type LayerHome = { kind: 'preset' } | { kind: 'local'; dir: string } | { kind: 'remote'; ref: RemoteRef };

export interface ExtendsContext {
  /** Where local files are read from: the working tree, or the pull request's base commit. */
  origin: PolicyOrigin;
  schema: JsonSchema;
  remote?: RemoteFetcher;
  layers: Layer[];
  problems: PolicyProblem[];
  /** Names being resolved, to report cycles. */
  visiting: string[];
}

export function parseLayer(name: string, text: string, schema: JsonSchema): Layer {
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

export function extendsList(value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  return typeof value === 'string' ? [value] : (value as string[]);
}

const isRelativeFile = (name: string) => name.startsWith('./') || name.startsWith('../') || /\.ya?ml$/.test(name);

/** What an `extends` entry names, resolved against the layer that writes it; or a reason it cannot be used. */
function target(name: string, home: LayerHome): { key: string; load: 'preset' | 'local' | 'remote'; path?: string; ref?: RemoteRef } | string {
  const remote = parseRemoteRef(name);
  if (remote) return { key: formatRemoteRef(remote), load: 'remote', ref: remote };
  if (isRelativeFile(name)) {
    if (home.kind === 'preset') return 'presets cannot extend files';
    const base = home.kind === 'local' ? home.dir : posix.dirname(home.ref.path);
    const path = posix.normalize(posix.join(base, name));
    const problem = pathProblem(path);
    if (problem) return problem;
    if (home.kind === 'remote') {
      const ref = { ...home.ref, path };
      return { key: formatRemoteRef(ref), load: 'remote', ref };
    }
    return { key: path, load: 'local', path };
  }
  return { key: `preset:${name}`, load: 'preset' };
}

/** Resolves one `extends` entry depth-first, appending its layers (parents first) to ctx.layers. */
export async function resolveExtend(
  name: string,
  from: { source: YamlSource; path: (string | number)[]; home: LayerHome },
  ctx: ExtendsContext,
): Promise<void> {
  const at = { file: from.source.file, ...from.source.locate(from.path), key: 'extends' };
  const resolved = target(name, from.home);
  if (typeof resolved === 'string') {
    ctx.problems.push({ ...at, message: `extends ${quoteValue(name, 60)} ${resolved}` });
    return;
  }
  if (ctx.visiting.includes(resolved.key)) {
    ctx.problems.push({ ...at, message: `extends forms a cycle: ${[...ctx.visiting, resolved.key].map((n) => redactTokens(n)).join(' → ')}` });
    return;
  }
  if (ctx.layers.some((l) => l.name === resolved.key)) return;

  let text: string;
  let home: LayerHome;
  if (resolved.load === 'preset') {
    const preset = PRESETS[name];
    if (preset === undefined) {
      const hint = suggest(name, Object.keys(PRESETS));
      ctx.problems.push({
        ...at,
        message: `unknown preset ${quoteValue(name, 60)}${hint ? `: did you mean "${hint}"?` : ''} (presets: ${Object.keys(PRESETS).join(', ')}; files start with ./, shared policies are owner/repo/path.yml@ref)`,
      });
      return;
    }
    text = preset;
    home = { kind: 'preset' };
  } else if (resolved.load === 'local') {
    try {
      text = await ctx.origin.read(resolved.path as string);
    } catch (error) {
      const why = error instanceof OriginError && error.code !== 'missing' ? error.message : `file not found in ${ctx.origin.label}`;
      ctx.problems.push({ ...at, message: `extends ${quoteValue(name, 60)}: ${why}` });
      return;
    }
    home = { kind: 'local', dir: posix.dirname(resolved.path as string) };
  } else {
    const ref = resolved.ref as RemoteRef;
    if (!ctx.remote) {
      ctx.problems.push({ ...at, message: `extends ${quoteValue(name, 60)} needs the GitHub API (set GITHUB_TOKEN for the CLI; the action uses its token input)` });
      return;
    }
    try {
      text = await ctx.remote(ref);
    } catch (error) {
      ctx.problems.push({ ...at, message: `extends ${quoteValue(name, 60)}: ${redactTokens((error as Error).message)}` });
      return;
    }
    home = { kind: 'remote', ref };
  }

  let layer: Layer;
  try {
    layer = parseLayer(resolved.key, text, ctx.schema);
  } catch (error) {
    if (error instanceof PolicyError) {
      ctx.problems.push(...error.problems);
      return;
    }
    throw error;
  }
  ctx.visiting.push(resolved.key);
  const parents = extendsList(layer.data.extends, []);
  for (const [index, parent] of parents.entries()) {
    await resolveExtend(parent, { source: layer.source, path: ['extends', ...(Array.isArray(layer.data.extends) ? [index] : [])], home }, ctx);
  }
  ctx.visiting.pop();
  ctx.layers.push(layer);
}
