import { append } from './append.js';
import type { FindingInput } from '../../core/finding.js';
import { dirName } from './env-files.js';
import { code, listing, plural, where, type EnvFile, type ExampleSet, type LocatedDynamic, type LocatedRead } from './model.js';
import { documentedNames } from './documented.js';
import { isGlob, nameMatcher, secretStrength, VITE_BUILTINS, type NameMatcher } from './names.js';
import type { ReadRole } from './roles.js';

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
  /** What the reads of a file are for; reads of tests and tools are uses, not demands. Default: all `app`. */
  role?: (path: string) => ReadRole;
  /**
   * Where else the repository documents or sets a variable (its docs, another example, a compose
   * `environment:`, a Dockerfile `ENV`, a build-time constant), if anywhere: not a gate failure then.
   */
  elsewhere?: (name: string) => string | undefined;
  /** Names with a browser-exposing prefix: public values, whose absence is no credential missing. */
  browser?: (name: string) => boolean;
  /** The examples the policy maps to the code at a path (`example-for`), if it maps it. */
  mapped?: (path: string) => readonly ExampleSet[] | undefined;
}

/**
 * Whether a read makes the variable needed. Without a fallback, it is; with a fallback, the code runs
 * without it, except that a credential falling back to a value the code carries (a published key, a
 * development secret) runs with that value, which is worse than failing.
 */
function demands(r: LocatedRead): boolean {
  // `A ?? B` with nothing after: one of them is needed only if it is a credential; a setting read from
  // either name (an alias, a legacy name) is handled when both are unset.
  if (r.alternatives?.length) return secretStrength(r.name) !== undefined;
  // `os.getenv('X')` / `ENV['X']` may be unset by choice; a credential read so is still needed.
  if (r.nullable) return secretStrength(r.name) !== undefined;
  return !r.optional || (r.valueDefault === true && secretStrength(r.name) === 'strong');
}

/** Switches of development and test runs (`DEV_SERVER_URL`, `TEST_DATABASE_URL`, `SMTP_DEBUG`): no deployment sets them. */
const DEVELOPMENT = /^(?:DEV|DEBUG|TEST|TESTING|E2E)_|_(?:DEBUG|DEV)$/;

/** `DATABASE_HOST` and its siblings are the parts of `DATABASE_URL`: a project documenting the URL documents them. */
const URL_PART = /^(.+)_(?:HOST|HOSTNAME|PORT|USER|USERNAME|PASSWORD|PASS|NAME|DB|DATABASE|SCHEMA)$/;

function alternativesOf(r: LocatedRead): string[] {
  const part = URL_PART.exec(r.name)?.[1];
  const whole = part ? [`${part}_URL`, `${part}_URI`, `${part}_DSN`, `${part}_CONNECTION_STRING`] : [];
  return [...(r.alternatives ?? []), ...whole];
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

const DOCUMENTED = new WeakMap<EnvFile, Set<string>>();

/** What an example documents: its entries, its commented-out entries, the names its comments mention. */
function documentedBy(file: EnvFile): Set<string> {
  let names = DOCUMENTED.get(file);
  if (!names) {
    names = new Set([...file.parsed.byKey.keys(), ...documentedNames(file.source.text).mentioned]);
    DOCUMENTED.set(file, names);
  }
  return names;
}

function listed(sets: readonly ExampleSet[], name: string, caseInsensitive: boolean): boolean {
  for (const set of sets) {
    for (const file of set.files) {
      const names = documentedBy(file);
      if (names.has(name)) return true;
      if (caseInsensitive) for (const key of names) if (key.toUpperCase() === name.toUpperCase()) return true;
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
  // An entry whose condition the repository does not meet is an empty string, kept so that indexes stay the policy's.
  const requiredMatch = input.required.map((pattern, index) => ({ pattern, index, test: nameMatcher([pattern]) })).filter((r) => r.pattern !== '');
  const role = input.role ?? (() => 'app');
  const elsewhere = input.elsewhere ?? (() => undefined);
  const byPolicy = (name: string) => requiredMatch.some((q) => q.test(name));
  // Tests and tools use variables; only the application's reads are what a deployment must set.
  const app = input.reads.filter((r) => role(r.path) === 'app' && !input.ignored(r.name) && !(r.importMeta && VITE.has(r.name)));
  // A schema that declares a name optional (or with a default) decides for every read of it.
  const declaredOptional = new Set(app.filter((r) => r.declared && !demands(r)).map((r) => r.name));
  const demanding = (r: LocatedRead) => demands(r) && !declaredOptional.has(r.name);
  // A name the application reads anywhere without a fallback (or an alternative) is needed everywhere it is read.
  const strict = new Set(app.filter((r) => demanding(r) && !r.alternatives?.length).map((r) => r.name));
  const needed = (r: LocatedRead) => byPolicy(r.name) || (!DEVELOPMENT.test(r.name) && (demanding(r) || input.withDefault === 'require' || strict.has(r.name)));
  // Documented elsewhere in the repository (or set by its images or its build): known to whoever deploys it.
  // Code the policy maps to its examples must be documented there.
  const known = (r: LocatedRead) => !byPolicy(r.name) && !input.mapped?.(r.path) && (elsewhere(r.name) !== undefined || alternativesOf(r).some((a) => elsewhere(a) !== undefined));
  const relevant = app.filter((r) => needed(r) && !known(r)).sort(compareReads);

  if (input.sets.length === 0) {
    if (relevant.length === 0 && requiredMatch.length === 0) return findings;
    const names = [...new Set([...relevant.map((r) => r.name), ...requiredMatch.map((r) => r.pattern)])];
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
    let scope = input.mapped?.(read.path) ?? scopes.get(dir);
    if (!scope) scopes.set(dir, (scope = scopeOf(read.path, input.sets, input.mode)));
    if (listed(scope, read.name, read.caseInsensitive ?? false)) continue;
    if (alternativesOf(read).some((a) => listed(scope, a, false))) continue;
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
    const fallback = secretStrength(group.name) === 'strong' && group.reads.every((r) => r.optional) && group.reads.some((r) => r.valueDefault)
      ? ' It falls back to a value written in the code, so a deployment that does not set it runs with that value.'
      : '';
    const instead = first.alternatives?.length ? ` (nor ${listing(first.alternatives.map(code), 3)}, read in its place)` : '';
    findings.push({
      ruleId: 'env/missing-in-example',
      // The gate fails on an undocumented credential (deployers run without one, or with the code's);
      // another setting the example lacks is worth fixing, not a security failure.
      ...(required || (secretStrength(group.name) && !input.browser?.(group.name)) ? {} : { severity: 'warning' as const }),
      message: `${code(group.name)} is read here (${first.via}) but ${notListedBy(group.scope)}${instead}.${fallback}${hint}${also}${policy}`,
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
    const covers = (path: string) => (input.mapped?.(path) ?? scopeOf(path, input.sets, input.mode)).some((s) => s.files.some((f) => set.files.includes(f)));
    const blind = !input.customReaders && input.dynamic.some((d) => !d.prefix && covers(d.path));
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
