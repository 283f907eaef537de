import { append } from './append.js';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext, CheckRun } from '../../core/check.js';
import type { FindingInput, PolicyPath } from '../../core/finding.js';
import { sizeOf, type FileEntry } from '../../sources/list.js';
import { compileGlobs } from '../../util/globs.js';
import { redactSecret } from '../../util/redact.js';
import { checkCompleteness } from './completeness.js';
import { findReferences } from './dotenv-expand.js';
import { parseDotenv, type ParseWarningKind } from './dotenv-parse.js';
import { baseName, dirName, isEnvFileName, isExampleName, joinPath } from './env-files.js';
import { GitignoreRules } from './gitignore.js';
import { committedEnvFiles, exampleIgnored, notIgnored, realValues } from './hygiene.js';
import { code, listing, plural, type EnvFile, type ExampleSet, type LocatedDynamic, type LocatedRead } from './model.js';
import { composeEnvironment, docNames, dockerfileEnv, isDocumentation, isDockerfile, isTemplateName, looksLikeDotenv, templateNames } from './elsewhere.js';
import { documentedNames } from './documented.js';
import { roleClassifier, type ReadRole } from './roles.js';
import { applicableRequired } from './uses.js';
import { isComposeFile } from './readers/index.js';
import { LIBRARY_VARIABLES, nameMatcher, PLATFORM_VARIABLES, PUBLIC_PREFIXES, publicPrefixOf, secretStrength } from './names.js';
import { checkEnvText, checkStructuredText, flattenExpect, type ExpectResult } from './production-flags.js';
import { publicSecrets, type NamedPlace } from './public-secret.js';
import { detectorFor, type EntryDetectors } from './secret-values.js';
import { readerFor } from './readers/index.js';
import { compileReaders, readsOf, type FileReads, type ReadsConfig } from './task.js';
import type { FileEntry as ListedFile } from '../../sources/list.js';
import { DEFAULT_CODE_EXCLUDE, DEFAULT_MUST_NOT_COMMIT, type EnvSettings } from './settings.js';
import { excerpt } from '../../util/excerpt.js';

const WARNING_RULE: Record<ParseWarningKind, string> = {
  'malformed-line': 'env/malformed-line',
  'unterminated-quote': 'env/malformed-line',
  'text-after-quote': 'env/malformed-line',
  'value-on-next-line': 'env/malformed-line',
  'duplicate-key': 'env/duplicate-key',
  'lowercase-key': 'env/lowercase-key',
};

/** Example names looked for next to project manifests even when git ignores them (env/example-ignored). */
const PROBED_EXAMPLES = ['.env.example', '.env.sample', '.env.template'];
const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'requirements.txt', 'go.mod', 'Gemfile', 'Cargo.toml', 'composer.json', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'docker-compose.yml', 'compose.yaml']);

export interface EnvRunOptions {
  /** Finds credentials in env values; default: the secrets detector with every built-in rule. */
  detectors?: EntryDetectors;
}

export function createEnvRun(ctx: CheckContext, settings: EnvSettings, options: EnvRunOptions = {}): CheckRun {
  const config: ReadsConfig = { readers: settings.readers ?? [] };
  const customReaders = compileReaders(config.readers).length > 0;
  const codeExcluded = compileGlobs([...DEFAULT_CODE_EXCLUDE, ...(settings['code-exclude'] ?? [])]);
  const reads: LocatedRead[] = [];
  const dynamic: LocatedDynamic[] = [];
  const columns: { path: string; found: FileReads }[] = [];
  const strings = new Map<string, string>();
  const intern = (text: string) => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };

  return {
    // On pull requests only the changed code is read: a read the pull request adds is checked, and the
    // example, ignore rules and production files are checked whole (they are read in finish).
    wants: (path) => (!ctx.changed || ctx.changed.has(path)) && readerFor(path) !== undefined && !codeExcluded(path),
    task: {
      config,
      accept(path, result) {
        const found = result as FileReads;
        // Kept in columns until the pass is over (and the worker threads gone): a big repository reads
        // millions of variables. Names and ways of reading repeat: one copy each.
        if (found.names.length || found.calls.length || found.accessors.length || found.constants.length) {
          found.names = found.names.map(intern);
          found.vias = found.vias.map(intern);
          columns.push({ path, found });
        }
        for (const d of found.dynamic) dynamic.push(d);
      },
    },
    async finish() {
      const files = columns.splice(0);
      for (const { path, found } of files) for (const r of readsOf(path, found, intern)) reads.push(r);
      const facts: CodeFacts = { constants: new Set(files.flatMap((f) => f.found.constants)), accessorReads: accessorReads(files) };
      // A call the policy's `readers` already read is one read, not two.
      const seen = new Set(reads.map((r) => `${r.path}:${r.line}:${r.column}`));
      append(reads, facts.accessorReads.filter((r) => !seen.has(`${r.path}:${r.line}:${r.column}`)));
      const appGlobs = (settings['code-exclude'] ?? []).filter((g) => g.startsWith('!')).map((g) => g.slice(1));
      for (const finding of await finish(ctx, settings, options, reads, dynamic, customReaders, facts, roleClassifier({ app: appGlobs.length ? compileGlobs(appGlobs) : undefined }))) {
        ctx.report(finding);
      }
    },
  };
}

interface CodeFacts {
  /** Names the build defines as constants. */
  constants: ReadonlySet<string>;
  /** Reads through the project's own accessors. */
  accessorReads: LocatedRead[];
}

/** Extensions whose code can call one another's functions. */
function family(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (/^(?:[cm]?[jt]sx?|vue|svelte|astro)$/.test(ext)) return 'js';
  if (/^(?:java|kt|kts|scala|groovy)$/.test(ext)) return 'jvm';
  if (ext === 'rake') return 'rb';
  return ext;
}

/**
 * Calls of the project's accessors (`env('SMTP_HOST')`, `get_bool_from_env('X', 'no')`), found in any file
 * of the same language: reads of their literal names. A further argument, or a fallback in the accessor
 * itself, makes them optional.
 */
function accessorReads(files: readonly { path: string; found: FileReads }[]): LocatedRead[] {
  const accessors = new Map<string, { defaulting: boolean; families: Set<string> }>();
  for (const { path, found } of files) {
    for (const a of found.accessors) {
      const known = accessors.get(a.name) ?? { defaulting: false, families: new Set<string>() };
      known.defaulting ||= a.defaulting === true;
      known.families.add(family(path));
      accessors.set(a.name, known);
    }
  }
  if (accessors.size === 0) return [];
  const reads: LocatedRead[] = [];
  for (const { path, found } of files) {
    for (const call of found.calls) {
      const accessor = accessors.get(call.callee);
      if (!accessor || !accessor.families.has(family(path))) continue;
      const { callee, name, more, ...span } = call;
      reads.push({ name, via: `${callee}()`, path, ...span, ...(more || accessor.defaulting ? { optional: true } : {}) });
    }
  }
  return reads;
}

async function finish(
  ctx: CheckContext,
  settings: EnvSettings,
  options: EnvRunOptions,
  reads: LocatedRead[],
  dynamic: LocatedDynamic[],
  customReaders: boolean,
  facts: CodeFacts,
  role: (path: string) => ReadRole,
): Promise<FindingInput[]> {
  const findings: FindingInput[] = [];
  const detectors = options.detectors ?? detectorFor;
  const listed = new Map<string, FileEntry>(ctx.files.map((f) => [f.path, f]));
  const files = ctx.files.filter((f) => f.kind === 'file');

  // .gitignore rules, as committed.
  const rules = new GitignoreRules();
  await Promise.all(
    files
      .filter((f) => baseName(f.path) === '.gitignore')
      .map(async (f) => {
        const text = await ctx.readText(f.path);
        if (text) rules.add(f.path, text.text);
      }),
  );

  // Example files: named by the policy, or found by name.
  const explicit = settings.example === undefined ? undefined : Array.isArray(settings.example) ? settings.example : [settings.example];
  const mapping = Object.entries(settings['example-for'] ?? {}).map(([glob, paths]) => ({ glob, test: compileGlobs([glob]), paths: Array.isArray(paths) ? paths : [paths] }));
  const mappedPaths = new Set(mapping.flatMap((m) => m.paths));
  const isNamedExample = explicit ? compileGlobs(explicit) : (path: string) => isExampleName(baseName(path));
  const isExample = (path: string) => isNamedExample(path) || mappedPaths.has(path);
  const exampleEntries = files.filter((f) => isExample(f.path) && !ctx.isIgnored(f.path));
  const exampleFiles: EnvFile[] = [];
  const setsByDir = new Map<string, ExampleSet>();
  const setFor = (dir: string) => {
    let set = setsByDir.get(dir);
    if (!set) setsByDir.set(dir, (set = { dir, files: [], unreadable: [] }));
    return set;
  };
  for (const entry of exampleEntries) {
    const file = await readEnvFile(ctx, entry);
    if ('problem' in file) {
      setFor(dirName(entry.path)).unreadable.push(entry.path);
      findings.push(unreadable(entry.path, `${file.problem}, so the variables it lists cannot be checked`, 'error'));
      continue;
    }
    exampleFiles.push(file);
    setFor(dirName(entry.path)).files.push(file);
  }
  const sets = [...setsByDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));

  // Examples that do not exist or that git ignores.
  const ignoredExamples: { path: string; tracked: boolean; onDisk: boolean }[] = exampleEntries.filter((e) => e.tracked).map((e) => ({ path: e.path, tracked: true, onDisk: true }));
  if (explicit) {
    for (const [index, pattern] of explicit.entries()) {
      if (/[*?[\]{}!]/.test(pattern) || listed.has(pattern)) continue;
      const onDisk = await exists(ctx.root, pattern);
      if (rules.decide(pattern).ignored) ignoredExamples.push({ path: pattern, tracked: false, onDisk });
      else {
        findings.push({
          ruleId: 'env/example-missing',
          severity: 'error',
          message: `The policy names ${code(pattern)} as the example env file, but it does not exist${onDisk ? ' in the scan' : ''}.`,
          policyPath: ['checks', 'env', 'example', ...(Array.isArray(settings.example) ? [index] : [])],
          identity: `example|${pattern}`,
          help: 'Commit the example file (every variable with a placeholder value), or correct `example:` in the policy.',
        });
      }
    }
  } else {
    const dirs = new Set(['', ...files.filter((f) => MANIFESTS.has(baseName(f.path)) || isEnvFileName(baseName(f.path))).map((f) => dirName(f.path))]);
    for (const dir of dirs) {
      for (const name of PROBED_EXAMPLES) {
        const path = joinPath(dir, name);
        if (listed.has(path) || ctx.isIgnored(path) || !rules.decide(path).ignored) continue;
        if (await exists(ctx.root, path)) ignoredExamples.push({ path, tracked: false, onDisk: true });
      }
    }
  }

  // Examples the policy maps to code (`example-for`): each must exist.
  for (const m of mapping) {
    for (const path of m.paths) {
      if (listed.has(path)) continue;
      findings.push({
        ruleId: 'env/example-missing',
        severity: 'error',
        message: `The policy names ${code(path)} as the example for ${code(m.glob)}, but it does not exist${(await exists(ctx.root, path)) ? ' in the scan' : ''}.`,
        policyPath: ['checks', 'env', 'example-for', m.glob],
        identity: `example-for|${m.glob}|${path}`,
        help: 'Commit the example file, or correct `example-for:` in the policy.',
      });
    }
  }
  const mappedSets = mapping.map((m) => ({ test: m.test, sets: [{ dir: m.paths.join(','), files: exampleFiles.filter((f) => m.paths.includes(f.path)), unreadable: m.paths.filter((p) => setsByDir.get(dirName(p))?.unreadable.includes(p)) }] }));
  const mapped = (path: string) => mappedSets.find((m) => m.test(path))?.sets;

  // Committed env files (with values).
  const envEntries = files.filter((f) => f.tracked && isEnvFileName(baseName(f.path)) && !isExample(f.path) && !ctx.isIgnored(f.path));
  const envFiles: EnvFile[] = [];
  for (const entry of envEntries) {
    const file = await readEnvFile(ctx, entry);
    if ('problem' in file) {
      if (file.encrypted) continue;
      findings.push(unreadable(entry.path, `${file.problem}; it is committed, and the check cannot tell whether it holds credentials`, 'warning'));
      continue;
    }
    envFiles.push(file);
  }
  const mustNotCommit = compileGlobs(settings['must-not-commit'] ?? DEFAULT_MUST_NOT_COMMIT);
  append(findings, committedEnvFiles(envFiles.filter((f) => mustNotCommit(f.path)), detectors, ctx.redactor));

  // Completeness.
  const ignored = nameMatcher([...PLATFORM_VARIABLES, ...(settings['ignore-names'] ?? [])]);
  const referenced = new Set<string>();
  for (const file of [...exampleFiles, ...envFiles]) for (const entry of file.parsed.entries) for (const ref of findReferences(entry.value)) referenced.add(ref.name);
  // Without an example file, a committed `.env` of defaults (as some templates ship) documents the variables.
  const hidden = ignoredExamples.filter((e) => e.onDisk && !e.tracked).map((e) => e.path);
  const documented = sets.length > 0 || explicit || hidden.length > 0 ? sets : committedSets(envFiles);
  const elsewhere = explicit ? new Map<string, string>() : await documentedElsewhere(ctx, files, exampleFiles, envFiles, role, reads.some((r) => role(r.path) === 'app'));
  for (const name of facts.constants) if (!elsewhere.has(name)) elsewhere.set(name, 'a build-time constant');
  const required = await applicableRequired(ctx, settings.required ?? []);
  for (const reason of required.skipped) ctx.notEvaluated(reason, []);
  const completeness = checkCompleteness({
    reads,
    dynamic,
    sets: documented,
    mode: settings.monorepo ?? 'nearest',
    required: required.names,
    ignored,
    library: nameMatcher(LIBRARY_VARIABLES),
    referenced,
    customReaders,
    configured: explicit !== undefined || required.names.some(Boolean),
    describeRequired: (index) => ctx.describePolicyPath(['checks', 'env', 'required', index]),
    hidden,
    withDefault: settings['with-default'] ?? 'relaxed',
    findUnused: !ctx.changed,
    role,
    elsewhere: (name) => elsewhere.get(name),
    browser: (name) => publicPrefixOf(name, [...PUBLIC_PREFIXES, ...(settings['public-prefixes'] ?? [])]) !== undefined,
    ...(mapping.length ? { mapped } : {}),
  });
  append(findings, completeness);

  // Browser-exposed secrets.
  const prefixes = [...PUBLIC_PREFIXES, ...(settings['public-prefixes'] ?? [])];
  const exposed = (name: string) => publicPrefixOf(name, prefixes) !== undefined;
  const places: NamedPlace[] = [];
  for (const [kind, list] of [['example', exampleFiles], ['env-file', envFiles]] as const) {
    for (const file of list) {
      for (const e of file.parsed.entries) if (exposed(e.key)) places.push({ name: e.key, kind, location: { path: file.path, ...file.source.span(e.keyStart, e.keyEnd) } });
    }
  }
  for (const r of reads) if (exposed(r.name)) places.push({ name: r.name, kind: 'code', location: { path: r.path, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn } });
  append(findings, publicSecrets(places, prefixes));

  append(findings, realValues(exampleFiles, detectors, ctx.redactor));

  // Ignore rules: only for projects that use env files at all, unless the policy asks.
  const usesEnvFiles = exampleEntries.length > 0 || files.some((f) => isEnvFileName(baseName(f.path))) || settings['must-ignore'] !== undefined;
  if (usesEnvFiles) {
    const explicitIgnore = settings['must-ignore'];
    const unignored = notIgnored({
      rules,
      mustIgnore: explicitIgnore ?? localEnvPaths(files, exampleFiles, envFiles, new Set(findings.filter((f) => f.ruleId === 'env/committed-env-file').map((f) => f.location?.path ?? ''))),
      dirs: explicitIgnore ? [...new Set(['', ...sets.map((s) => s.dir)])] : [''],
      listed: new Map([...listed].map(([p, e]) => [p, { tracked: e.tracked }])),
    });
    append(findings, unignored);
  }
  append(findings, exampleIgnored(rules, ignoredExamples));

  // Parse warnings of every env file read. A mixed-case name the code reads exactly as written is the
  // application's name for it: renaming it would break deployments.
  const readNames = new Set(reads.map((r) => r.name));
  for (const file of [...exampleFiles, ...envFiles]) append(findings, parseFindings(file).filter((f) => !(f.ruleId === 'env/lowercase-key' && readNames.has(String(f.properties?.key)))));

  append(findings, await expectations(ctx, settings));

  if (!customReaders) {
    // Computed names the check cannot resolve. An accessor's own read is resolved through its literal
    // calls, but it may be called with computed names too: the examples it covers are still not checked
    // for unused entries.
    const describe = (list: readonly LocatedDynamic[]) =>
      `${plural(list.length, 'read')} of the environment by a computed name (${listing(list.slice(0, 3).map((d) => `${d.path}:${d.line} ${d.via}[${d.expression}]`), 3)})`;
    const unknown = dynamic.filter((d) => !d.accessor);
    if (unknown.length) {
      ctx.notEvaluated(`${describe(unknown)}: which variables they read is not known. Declare the project's accessors under \`readers\` to check them.`, ['env/dynamic-read']);
    }
    const blinding = dynamic.filter((d) => !d.prefix);
    if (blinding.length && !findings.some((f) => f.ruleId === 'env/unused-in-example')) {
      ctx.notEvaluated(`${describe(blinding)}: examples covering them are not checked for unused entries.`, ['env/unused-in-example']);
    }
  }
  return findings;
}

function committedSets(envFiles: readonly EnvFile[]): ExampleSet[] {
  const byDir = new Map<string, ExampleSet>();
  for (const file of envFiles) {
    if (baseName(file.path) !== '.env') continue;
    // A `.env` of docker compose's own settings (COMPOSE_PROJECT_NAME) documents no application.
    if ([...file.parsed.byKey.keys()].every((k) => /^(?:COMPOSE|DOCKER)_/.test(k))) continue;
    const dir = dirName(file.path);
    const set = byDir.get(dir) ?? { dir, files: [], unreadable: [] };
    set.files.push(file);
    byDir.set(dir, set);
  }
  return [...byDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

type ReadOutcome = EnvFile | { problem: string; encrypted?: boolean };

async function readEnvFile(ctx: CheckContext, entry: FileEntry): Promise<ReadOutcome> {
  const source = await ctx.readText(entry.path);
  if (source) return { path: entry.path, source, parsed: parseDotenv(source.text) };
  if (entry.kind === 'symlink') return { problem: `${entry.path} is a symbolic link, which the check does not follow` };
  const size = sizeOf(ctx.root, entry);
  if (size > ctx.policy.limits.maxFileSize) {
    return { problem: `${entry.path} is larger than limits.max-file-size (${Math.round(size / 1024 / 1024)} MB > ${Math.round(ctx.policy.limits.maxFileSize / 1024 / 1024)} MB)` };
  }
  const head = await readHead(ctx.root, entry.path, 10);
  if (head && (head.subarray(0, 10).equals(Buffer.from('\0GITCRYPT\0')) || head.subarray(0, 8).equals(Buffer.from('Salted__')))) {
    return { problem: `${entry.path} is encrypted`, encrypted: true };
  }
  return { problem: `${entry.path} is not a text file (binary content)` };
}

async function readHead(root: string, path: string, bytes: number): Promise<Buffer | undefined> {
  try {
    const handle = await open(join(root, path), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

async function exists(root: string, path: string): Promise<boolean> {
  try {
    return (await lstat(join(root, path))).isFile();
  } catch {
    return false;
  }
}

function unreadable(path: string, problem: string, severity: 'error' | 'warning', policyPath?: PolicyPath): FindingInput {
  return {
    ruleId: 'env/unreadable',
    severity,
    message: `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`,
    ...(policyPath ? { policyPath } : { location: { path } }),
    identity: path,
    help: 'Env files are small text files of `KEY=value` lines. Replace the file with a text version, or raise `limits.max-file-size` if it really is this large.',
  };
}

function parseFindings(file: EnvFile): FindingInput[] {
  return file.parsed.warnings.map((w) => ({
    ...(w.key ? { properties: { key: w.key } } : {}),
    ruleId: WARNING_RULE[w.kind],
    message: `${file.path}: ${w.message}`,
    location: { path: file.path, ...file.source.span(w.start, w.end) },
    identity: `${w.kind}|${w.key ?? file.source.lineText(file.source.position(w.start).line).trim()}`,
    help:
      w.kind === 'duplicate-key'
        ? 'Keep one assignment per variable: a reader of the file sees the first, dotenv uses the last.'
        : w.kind === 'lowercase-key'
          ? 'Rename the variable in upper case, here and where the code reads it.'
          : 'Write one `KEY=value` per line; quote values that contain `#`, spaces at the ends, or line breaks.',
  }));
}

/** Production flags: `expect:` per file. */
async function expectations(ctx: CheckContext, settings: EnvSettings): Promise<FindingInput[]> {
  const findings: FindingInput[] = [];
  for (const [path, map] of Object.entries(settings.expect ?? {})) {
    if (map === false) continue;
    const list = flattenExpect(map);
    const policyPath = ['checks', 'env', 'expect', path];
    if (ctx.isIgnored(path)) continue;
    const source = await ctx.readText(path);
    if (!source) {
      const onDisk = await exists(ctx.root, path);
      findings.push({
        ruleId: onDisk ? 'env/unreadable' : 'env/expect',
        message: onDisk
          ? `${path} could not be read as text (binary, a link, or larger than limits.max-file-size), so the ${list.length} production setting(s) the policy expects cannot be verified.`
          : `${path} does not exist, so the ${list.length} production setting(s) the policy expects there (${list.map((e) => code(e.key)).join(', ')}) cannot be verified.`,
        policyPath,
        identity: `file|${path}`,
        help: 'Commit the production configuration the policy names, or correct the path under `expect:`.',
      });
      continue;
    }
    const structured = /\.(?:ya?ml|json)$/i.test(path);
    const show = (key: string) => (value: string) => {
      if (!secretStrength(key.split('.').pop() ?? '')) return JSON.stringify(excerpt(value, 60));
      ctx.redactor.add(value);
      return redactSecret(value);
    };
    const results: ExpectResult[] | { message: string; offset: number } = structured ? checkStructuredText(source.text, list, show) : checkEnvText(source.text, list, show);
    if (!Array.isArray(results)) {
      const at = source.position(results.offset);
      findings.push({
        ruleId: 'env/expect',
        message: `${path} cannot be parsed (${results.message}), so its production settings cannot be verified.`,
        location: { path, line: at.line, column: at.column },
        identity: `parse|${path}`,
      });
      continue;
    }
    for (const result of results) {
      if (result.kind === 'ok') continue;
      const { expectation } = result;
      const wanted = JSON.stringify(expectation.expected);
      const describe = ctx.describePolicyPath([...policyPath, ...expectation.policyKeys]);
      if (result.kind === 'missing') {
        findings.push({
          ruleId: 'env/expect',
          message: `${code(expectation.key)} is not set in ${path}; the policy expects ${wanted}.`,
          policyPath: [...policyPath, ...expectation.policyKeys],
          identity: `${path}|${expectation.key}|missing`,
          help: `Set \`${expectation.key}\` to ${wanted} in ${path}, so that production does not fall back to a default.`,
        });
        continue;
      }
      findings.push({
        ruleId: 'env/expect',
        message: `${code(expectation.key)} in ${path} must be ${wanted} (${describe}), but ${result.reason}.`,
        location: { path, ...source.span(result.start, result.end) },
        identity: `${path}|${expectation.key}`,
        help: `Set \`${expectation.key}\` to ${wanted}.`,
        properties: { key: expectation.key, expected: expectation.expected },
      });
    }
  }
  return findings;
}

/**
 * Where the repository names each variable outside the example that covers the code: every example
 * and committed env file (commented-out entries too), env-format templates under other names, its
 * documentation, the `environment:` of its compose files and the `ENV` of its Dockerfiles. Files of
 * tests are left out: what they name is for test runs.
 */
async function documentedElsewhere(
  ctx: CheckContext,
  files: readonly ListedFile[],
  examples: readonly EnvFile[],
  envFiles: readonly EnvFile[],
  role: (path: string) => ReadRole,
  needed: boolean,
): Promise<Map<string, string>> {
  const where = new Map<string, string>();
  if (!needed) return where;
  const add = (names: Iterable<string>, path: string) => {
    for (const name of names) if (!where.has(name)) where.set(name, path);
  };
  for (const file of examples) add([...file.parsed.byKey.keys(), ...documentedNames(file.source.text).mentioned], file.path);
  for (const file of envFiles) if (role(file.path) !== 'test') add([...file.parsed.byKey.keys(), ...documentedNames(file.source.text).mentioned], file.path);
  const known = new Set([...examples, ...envFiles].map((f) => f.path));
  for (const entry of files) {
    const path = entry.path;
    if (known.has(path) || ctx.isIgnored(path) || role(path) === 'test') continue;
    const kind = isDocumentation(path) ? 'doc' : isTemplateName(path) ? 'template' : isComposeFile(path) ? 'compose' : isDockerfile(path) ? 'docker' : undefined;
    if (!kind) continue;
    const source = await ctx.readText(path);
    if (!source) continue;
    if (kind === 'doc') add(docNames(source.text), path);
    else if (kind === 'template') {
      if (looksLikeDotenv(source.text)) add(templateNames(source.text), path);
    } else if (kind === 'compose') add(composeEnvironment(source.text), path);
    else add(dockerfileEnv(source.text), path);
  }
  return where;
}

/**
 * The local env files a project would create (and git must ignore), by default: the `.env` that each
 * `.env.example` is a template for (`app.env` for `app.env.example`), the `.env` next to committed env
 * files, and `.env` / `.env.local` where JavaScript tooling loads them (the root package, and packages
 * with their own env files).
 */
function localEnvPaths(files: readonly ListedFile[], examples: readonly EnvFile[], envFiles: readonly EnvFile[], withCredentials: ReadonlySet<string>): string[] {
  const paths = new Set<string>();
  const manifests = new Set(files.filter((f) => baseName(f.path) === 'package.json').map((f) => dirName(f.path)));
  const envDirs = new Set<string>();
  for (const file of examples) {
    const base = baseName(file.path);
    const counterpart = /^\.env(?:\.|$)|^env\.|\.env$/.test(base) && !/^[^.]+\.env\./.test(base) ? '.env' : base.replace(/\.(?:example|sample|template|tmpl|tpl|dist)(?:\.[^.]+)?$/i, '');
    if (counterpart === '.env') envDirs.add(dirName(file.path));
    else if (counterpart && counterpart !== base) paths.add(joinPath(dirName(file.path), counterpart));
  }
  for (const file of envFiles) if (baseName(file.path).startsWith('.env')) envDirs.add(dirName(file.path));
  if (manifests.has('')) envDirs.add('');
  for (const dir of envDirs) {
    paths.add(joinPath(dir, '.env'));
    if (manifests.has(dir)) paths.add(joinPath(dir, '.env.local'));
  }
  // A `.env` committed without credentials is the project's shared defaults (docker compose's settings,
  // Vite's committed `.env` beside an ignored `.env.local`): committed on purpose, not a local file.
  for (const file of envFiles) if (baseName(file.path) === '.env' && !withCredentials.has(file.path)) paths.delete(file.path);
  return [...paths].sort();
}
