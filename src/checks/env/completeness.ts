import { append } from './append.js';
import type { FindingInput } from '../../core/finding.js';
import { dirName } from './env-files.js';
import { code, listing, plural, where, type ExampleSet, type LocatedDynamic, type LocatedRead } from './model.js';
import { isGlob, nameMatcher, secretStrength, VITE_BUILTINS, type NameMatcher } from './names.js';

export type MonorepoMode = 'nearest' | 'root' | 'any';

export interface CompletenessInput {
  reads: readonly LocatedRead[];
  dynamic: readonly LocatedDynamic[];
  sets: readonly ExampleSet[];
  mode: MonorepoMode;
  required: readonly string[];
  /** Platform variables and the policy's `ignore-names`. */
  ignored: NameMatcher;
  /** Variables libraries read on their own (never "unused"). */
  library: NameMatcher;
  /** Names referenced as `${NAME}` in env files. */
  referenced: ReadonlySet<string>;
  /** The policy declares accessors, so dynamic reads are taken to be those accessors. */
  customReaders: boolean;
  /** The policy names the example or required variables: a missing example is an error, not a warning. */
  configured: boolean;
  describeRequired: (index: number) => string;
  /** Example files that exist but git ignores (reported by env/example-ignored). */
  hidden?: readonly string[];
  /** `require`: a read with a fallback must be listed too; `relaxed` (default): only if it matters. */
  withDefault?: 'require' | 'relaxed';
  /** Only a scan of every file can tell that a listed name is never read (pull requests read less). */
  findUnused?: boolean;
}

/** Names worth listing even when the code has a fallback: credentials and the addresses of services. */
const ADDRESS = /(?:^|_)(?:URL|URI|DSN|HOST|HOSTNAME|ENDPOINT|SERVER|DOMAIN|ORIGIN|ORIGINS|BUCKET|REGION)(?:_|$)/;

/** Whether a read with a fallback still has to be in the example. */
function matters(name: string): boolean {
  return secretStrength(name) !== undefined || ADDRESS.test(name.toUpperCase());
}

const VITE = new Set(VITE_BUILTINS);

/** Example sets that document the code at `path`. */
export function scopeOf(path: string, sets: readonly ExampleSet[], mode: MonorepoMode): readonly ExampleSet[] {
  if (sets.length === 0) return [];
  if (mode === 'any') return sets;
  const byDir = new Map(sets.map((s) => [s.dir, s]));
  if (mode === 'root') {
    const root = byDir.get('');
    return root ? [root] : sets;
  }
  let dir = dirName(path);
  for (;;) {
    const set = byDir.get(dir);
    if (set) return [set];
    if (dir === '') return sets;
    dir = dirName(dir);
  }
}

function listed(sets: readonly ExampleSet[], name: string, caseInsensitive: boolean): boolean {
  for (const set of sets) {
    for (const file of set.files) {
      if (file.parsed.byKey.has(name)) return true;
      if (caseInsensitive) for (const key of file.parsed.byKey.keys()) if (key.toUpperCase() === name.toUpperCase()) return true;
    }
  }
  return false;
}

/** An entry whose name differs from `name` only in case. */
function caseVariant(sets: readonly ExampleSet[], name: string): { key: string; path: string; line: number } | undefined {
  for (const set of sets) {
    for (const file of set.files) {
      for (const [key, entry] of file.parsed.byKey) {
        if (key !== name && key.toUpperCase() === name.toUpperCase()) return { key, path: file.path, line: file.source.position(entry.keyStart).line };
      }
    }
  }
  return undefined;
}

/** "`a` does not list it", "neither `a` nor `b` lists it", "none of `a`, `b` and `c` lists it". */
function notListedBy(sets: readonly ExampleSet[], what = 'it'): string {
  const paths = sets.flatMap((s) => [...s.files.map((f) => f.path), ...s.unreadable]).map(code);
  if (paths.length === 1) return `${paths[0]} does not list ${what}`;
  if (paths.length === 2) return `neither ${paths[0]} nor ${paths[1]} lists ${what}`;
  return `none of ${listing(paths, 4)} lists ${what}`;
}

function compareReads(a: LocatedRead, b: LocatedRead): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column;
}

export function checkCompleteness(input: CompletenessInput): FindingInput[] {
  const findings: FindingInput[] = [];
  const requiredMatch = input.required.map((pattern, index) => ({ pattern, index, test: nameMatcher([pattern]) }));
  // A name read anywhere without a fallback is required everywhere it is read.
  const strict = new Set(input.reads.filter((r) => !r.optional).map((r) => r.name));
  const needed = (r: LocatedRead) =>
    !r.optional || input.withDefault === 'require' || strict.has(r.name) || matters(r.name) || requiredMatch.some((q) => q.test(r.name));
  const relevant = input.reads.filter((r) => !input.ignored(r.name) && !(r.importMeta && VITE.has(r.name)) && needed(r)).sort(compareReads);

  if (input.sets.length === 0) {
    if (relevant.length === 0 && input.required.length === 0) return findings;
    const names = [...new Set([...relevant.map((r) => r.name), ...input.required])];
    const first = relevant[0];
    findings.push({
      ruleId: 'env/example-missing',
      severity: input.configured ? 'error' : 'warning',
      message: `No example env file (\`.env.example\`) documents the ${plural(names.length, 'variable')} ${first ? 'this repository reads' : 'the policy requires'}: ${listing(names.map(code), 8)}.${first ? ` First read here (${first.via}).` : ''}${input.hidden?.length ? ` (${listing(input.hidden.map(code))} exists but git ignores it.)` : ''}`,
      ...(first ? { location: { path: first.path, line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn } } : { policyPath: ['checks', 'env', 'required'] }),
      identity: 'example-missing',
      help: 'Commit a `.env.example` that lists every variable with a placeholder value (`DATABASE_URL=postgresql://user:password@localhost:5432/app`, `NEXTAUTH_SECRET=`), so that whoever deploys knows what to set. If the example lives elsewhere, name it with `example:` in the policy.',
      properties: { variables: names },
    });
    return findings;
  }

  // Missing: grouped by variable and by the example set(s) that should list it.
  const groups = new Map<string, { name: string; scope: readonly ExampleSet[]; reads: LocatedRead[] }>();
  // The reads of one directory share their example sets: looked up once per directory.
  const scopes = new Map<string, readonly ExampleSet[]>();
  for (const read of relevant) {
    const dir = dirName(read.path);
    let scope = scopes.get(dir);
    if (!scope) scopes.set(dir, (scope = scopeOf(read.path, input.sets, input.mode)));
    if (listed(scope, read.name, read.caseInsensitive ?? false)) continue;
    if (scope.some((s) => s.unreadable.length > 0)) continue; // reported as unreadable; cannot tell
    const key = `${read.caseInsensitive ? read.name.toUpperCase() : read.name}|${scope.map((s) => s.dir).join(',')}`;
    const group = groups.get(key) ?? { name: read.name, scope, reads: [] };
    group.reads.push(read);
    groups.set(key, group);
  }
  const requiredByCode = new Set<number>();
  for (const group of groups.values()) {
    const [first, ...others] = group.reads as [LocatedRead, ...LocatedRead[]];
    const required = requiredMatch.find((r) => !isGlob(r.pattern) && r.pattern === group.name);
    if (required) requiredByCode.add(required.index);
    const also = others.length ? ` Also read at ${listing(others.map(where))}.` : '';
    const variant = caseVariant(group.scope, group.name);
    const hint = variant ? ` It lists ${code(variant.key)} (${variant.path}:${variant.line}), but names are case-sensitive.` : '';
    const policy = required ? ` The policy requires it too (${input.describeRequired(required.index)}).` : '';
    findings.push({
      ruleId: 'env/missing-in-example',
      message: `${code(group.name)} is read here (${first.via}) but ${notListedBy(group.scope)}.${hint}${also}${policy}`,
      location: { path: first.path, line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn },
      identity: `${group.name}|${group.scope.map((s) => s.dir).join(',')}`,
      help: `Add \`${group.name}=\` with a placeholder or a local development value to the example, so that every deployment knows to set it. If the platform sets it, add it to \`ignore-names\` in the policy.`,
      properties: { variable: group.name, examples: group.scope.flatMap((s) => s.files.map((f) => f.path)), reads: group.reads.map(where) },
    });
  }

  // Required by the policy.
  for (const r of requiredMatch) {
    if (requiredByCode.has(r.index)) continue;
    const present = input.sets.some((s) => s.files.some((f) => [...f.parsed.byKey.keys()].some((k) => r.test(k))));
    if (present || input.sets.some((s) => s.unreadable.length > 0)) continue;
    findings.push({
      ruleId: 'env/missing-in-example',
      message: isGlob(r.pattern)
        ? `The policy requires variables matching ${code(r.pattern)}, but ${notListedBy(input.sets, 'any')}.`
        : `The policy requires ${code(r.pattern)}, but ${notListedBy(input.sets)}.`,
      policyPath: ['checks', 'env', 'required', r.index],
      identity: `required|${r.pattern}`,
      help: 'List the variable(s) in the example file with placeholder values, or remove the requirement from the policy.',
      properties: { required: r.pattern },
    });
  }

  if (input.findUnused !== false) append(findings, unused(input, requiredMatch.map((r) => r.test)));
  return findings;
}

function unused(input: CompletenessInput, required: NameMatcher[]): FindingInput[] {
  const findings: FindingInput[] = [];
  const exact = new Set(input.reads.map((r) => r.name));
  // A listed name that differs from a read one only in case is reported once, as missing (with a hint).
  const folded = new Set(input.reads.map((r) => r.name.toUpperCase()));
  const prefixes = input.dynamic.map((d) => d.prefix).filter((p): p is string => !!p);
  for (const set of input.sets) {
    const blind = !input.customReaders && input.dynamic.some((d) => !d.prefix && scopeOf(d.path, input.sets, input.mode).includes(set));
    if (blind) continue;
    for (const file of set.files) {
      for (const [name, entry] of file.parsed.byKey) {
        if (exact.has(name) || folded.has(name.toUpperCase())) continue;
        if (input.ignored(name) || input.library(name) || input.referenced.has(name)) continue;
        if (required.some((test) => test(name)) || prefixes.some((p) => name.startsWith(p))) continue;
        const span = file.source.span(entry.keyStart, entry.keyEnd);
        findings.push({
          ruleId: 'env/unused-in-example',
          message: `${code(name)} is listed in ${file.path} but no code reads it.`,
          location: { path: file.path, ...span },
          identity: name,
          help: 'Remove it from the example if nothing uses it any more. If a tool or library reads it, add it to `required` (or accept it with an exception that says why).',
          properties: { variable: name },
        });
      }
    }
  }
  return findings;
}
