import picomatch from 'picomatch';
import semver from 'semver';
import { defineCheck, type CheckContext } from '../../core/check.js';
import { withProbeUrl } from './probe.js';
import type { PolicyPath } from '../../core/finding.js';
import { jsxFor, lexJs } from '../../lang/js/lexer.js';
import { collectDeclarations } from '../../lang/js/values.js';
import type { SourceFile } from '../../sources/source-file.js';
import { DEFAULT_REQUIRED, type Expectation } from './expect.js';
import { HEADERS_FILE, HTML, isAppFile, JS_SOURCE, NETLIFY_TOML, PLATFORM_JSON, SERVER_CONFIG, WEB_FRAMEWORKS } from './files.js';
import { META, type HeadersSettings } from './meta.js';
import { escapeName, headerMention, mentionsHeaders, sortTask, type SortConfig } from './task.js';
import { probeFindings } from './probe.js';
import { scanCode } from './sources/code.js';
import { readHelmet } from './sources/helmet.js';
import { NEXT_CONFIG, readNextConfig, type RouteRange } from './sources/next-config.js';
import { NUXT_CONFIG, readNuxtConfig } from './sources/nuxt.js';
import { readSvelteConfig, SVELTE_CONFIG } from './sources/sveltekit.js';
import { evaluate } from './evaluate.js';
import { describeApps } from './frameworks.js';
import { emptyServers, finishServers, isServerFile, serverFileBears, serverSize, visitServerFile, type ServerState } from './servers.js';
import { fileRoutes } from './scope.js';
import { readHeadersFile, readMetaCsp, readNetlifyToml, readServerConfig } from './sources/text-configs.js';
import { emptyCollected, type Collected } from './types.js';

export interface Requirement {
  /** As written in the policy. */
  name: string;
  key: string;
  expectation: Exclude<Expectation, false>;
  policyPath: PolicyPath;
}

/**
 * The default list adjusted by the policy's `required` map: a header it names gets the policy's value,
 * `false` drops a header, and a header not in the defaults is added.
 */
export function requirementsOf(settings: HeadersSettings): Requirement[] {
  const byKey = new Map<string, Requirement>();
  const layers: [Record<string, Expectation | true>, boolean][] = [[DEFAULT_REQUIRED, false], [settings.required ?? {}, true]];
  for (const [map, fromPolicy] of layers) {
    for (const [name, value] of Object.entries(map)) {
      const key = name.toLowerCase();
      if (value === false) {
        byKey.delete(key);
        continue;
      }
      byKey.set(key, { name, key, expectation: value === true ? '*' : value, policyPath: fromPolicy ? ['checks', 'headers', 'required', name] : ['checks', 'headers'] });
    }
  }
  return [...byKey.values()];
}

const CSP = 'content-security-policy';
const CSP_REPORT_ONLY = 'content-security-policy-report-only';

export default defineCheck<HeadersSettings>({
  meta: META,
  fileTask: sortTask,
  options: [
    {
      name: 'probe-url',
      type: 'string',
      value: 'URL',
      help: ['fetch this deployed URL and check the headers and cookies it sends'],
      input: true,
      apply: (policy, value) => withProbeUrl(policy, typeof value === 'string' ? value : undefined),
    },
  ],
  create(ctx, settings) {
    const requirements = requirementsOf(settings);
    const tracked = new Set([...requirements.map((r) => r.key), CSP, CSP_REPORT_ONLY]);
    const mention = headerMention(tracked);
    const sources = settings.source === undefined ? undefined : typeof settings.source === 'string' ? [settings.source] : settings.source;
    const inSource = sources ? picomatch(sources.map((s) => s.replace(/^\.\//, '')), { dot: true }) : undefined;
    let state = emptyState();

    const isPackageJson = (path: string) => (path === 'package.json' || path.endsWith('/package.json')) && isAppFile(path);
    const candidate = (path: string) => {
      if (inSource) return inSource(path);
      if (!isAppFile(path)) return false;
      return JS_SOURCE.test(path) || PLATFORM_JSON.test(path) || NETLIFY_TOML.test(path) || HEADERS_FILE.test(path) || SERVER_CONFIG.test(path) || HTML.test(path) || isServerFile(path);
    };
    const wanted = (path: string) => candidate(path) || isPackageJson(path);

    /** Reads one file into the state; true when it bears on headers (sets, mentions or frames one). */
    const visit = (file: SourceFile, into: HeaderState): boolean => {
      const path = file.path;
      const before = size(into);
      if (isPackageJson(path)) {
        readDependencies(file, (name, range, dev) => {
          if (!dev && WEB_FRAMEWORKS.has(name)) into.webApp ??= name;
          if (name === 'helmet') into.helmetRange ??= range;
        });
        if (!candidate(path)) return size(into) !== before;
      }
      const { collected } = into;
      if (isServerFile(path)) {
        if (serverFileBears(path, file.text, mention)) visitServerFile(file, tracked, into.servers, collected);
        return size(into) !== before;
      }
      if (PLATFORM_JSON.test(path) || NETLIFY_TOML.test(path) || HEADERS_FILE.test(path)) into.platformFiles.push(path);
      if (NETLIFY_TOML.test(path)) readNetlifyToml(file, tracked, collected);
      else if (HEADERS_FILE.test(path)) readHeadersFile(file, tracked, collected);
      else if (HTML.test(path)) readMetaCsp(file, collected);
      else if (SERVER_CONFIG.test(path) && !JS_SOURCE.test(path)) readServerConfig(file, tracked, collected);
      else if (JS_SOURCE.test(path) || PLATFORM_JSON.test(path) || path.endsWith('.json')) {
        if (!mentionsHeaders(file.text, path, mention)) return size(into) !== before;
        const { tokens } = lexJs(file.text, { jsx: jsxFor(path) });
        const scope = collectDeclarations(tokens);
        let ranges: RouteRange[] | undefined;
        if (NEXT_CONFIG.test(path)) {
          into.webApp ??= 'next';
          ranges = readNextConfig(file, tokens, scope, collected);
        }
        if (NUXT_CONFIG.test(path)) readNuxtConfig(file, tokens, scope, collected);
        if (SVELTE_CONFIG.test(path)) readSvelteConfig(file, tokens, scope, collected);
        scanCode(file, tokens, scope, tracked, path, collected, { fileRoutes: JS_SOURCE.test(path) ? fileRoutes(path, scope) : undefined, ranges });
        if (JS_SOURCE.test(path) && /helmet/i.test(file.text)) {
          into.helmetFiles.push(file);
          // react-helmet and friends are not the security middleware: only an import of it bears on headers.
          if (HELMET_IMPORT.test(file.text)) into.helmetImports++;
        }
        if (/\.[jt]sx$/.test(path)) readMetaCsp(file, collected);
      }
      return size(into) !== before;
    };

    // On pull requests only the changed files are read. When none of them bears on headers, before or after
    // the change, the pull request cannot change the verdict on headers, and nothing is evaluated; when
    // one does, every file is read and evaluated as on a full scan.
    let relevant = false;
    const bearing: string[] = [];

    return {
      wants: (path) => (!ctx.changed || ctx.changed.has(path)) && wanted(path),
      // The pass only sorts out the files that bear on headers (in any thread); they are read again here.
      task: {
        config: { tracked: [...tracked] } satisfies SortConfig,
        accept(path, bears) {
          if (bears) bearing.push(path);
        },
      },
      async finish() {
        for (const path of bearing) {
          const file = await ctx.readText(path);
          if (file && visit(file, state)) relevant = true;
        }
        if (ctx.changed && !relevant) relevant = await baseBearsOnHeaders(ctx, ctx.changed, (p) => wanted(p) && !ctx.isIgnored(p), tracked);
        if (ctx.changed) {
          if (!relevant) ctx.notEvaluated('the pull request changes nothing that bears on headers: their verdict is that of the full scans of the default branch');
          else {
            state = emptyState();
            for (const entry of ctx.files) {
              if (entry.kind !== 'file' || !wanted(entry.path) || ctx.isIgnored(entry.path)) continue;
              const file = await ctx.readText(entry.path);
              if (file) visit(file, state);
            }
          }
        }
        if (!ctx.changed || relevant) {
          const { collected, platformFiles, webApp } = state;
          const major = helmetMajor(state.helmetRange);
          for (const file of state.helmetFiles) {
            const { tokens } = lexJs(file.text, { jsx: jsxFor(file.path) });
            readHelmet(file, tokens, collectDeclarations(tokens), { major }, collected);
          }
          finishServers(state.servers, collected);
          const apps = state.servers.apps;
          // Header names in the code of a repository with no web framework (an HTTP client, a tool that checks
          // headers, like this one) are not a web app's configuration: hosting and server files are.
          const configured = collected.settings.some((s) => !JS_SOURCE.test(s.location.path) || NEXT_CONFIG.test(s.location.path));
          const configures = configured || collected.anchors.length > 0 || collected.helmetOff.length > 0 || platformFiles.length > 0;
          const blind = apps.filter((a) => !a.readable);
          const readable = Boolean(webApp || configures || inSource || apps.some((a) => a.readable));
          if (readable || blind.length) evaluate(ctx, requirements, collected, { webApp: webApp ?? apps.find((a) => a.readable)?.framework, platformFiles, blind: blind.length ? [describeApps(blind)] : [], readable, apps: apps.filter((a) => a.readable).map((a) => ({ path: a.path, line: a.line ?? 1 })) });
          else ctx.notEvaluated('no web app found: no web framework in a manifest, no Next.js, hosting or server configuration');
        }
        const url = settings['probe-url'];
        if (url) {
          for (const finding of await probeFindings(url, requirements, ctx.policy.checks.cookies ?? {}, { timeoutMs: settings['probe-timeout'] ?? 10_000 })) ctx.report(finding);
        }
      },
    };
  },
});

interface HeaderState {
  collected: Collected;
  helmetFiles: SourceFile[];
  /** Files among them that import helmet itself. */
  helmetImports: number;
  helmetRange: string | undefined;
  webApp: string | undefined;
  platformFiles: string[];
  servers: ServerState;
}

function emptyState(): HeaderState {
  return { collected: emptyCollected(), helmetFiles: [], helmetImports: 0, helmetRange: undefined, webApp: undefined, platformFiles: [], servers: emptyServers() };
}

function size(s: HeaderState): number {
  const c = s.collected;
  return c.settings.length + c.unreadable.length + c.helmetOff.length + c.anchors.length + s.helmetImports + s.platformFiles.length + (s.webApp ? 1 : 0) + (s.helmetRange ? 1 : 0) + serverSize(s.servers);
}

const HELMET_IMPORT = /['"`](?:helmet|@fastify\/helmet|koa-helmet)['"`]/;
/** The same, as a POSIX extended regular expression for `git grep -E`. */
const HELMET_IMPORT_ERE = '[\'"`](helmet|@fastify/helmet|koa-helmet)[\'"`]';

/**
 * Whether the pull request's changed files (present or deleted) bore on headers before it: a deleted
 * hosting, server or HTML file, or a base version that names a tracked header or imports helmet. One
 * `git grep` over the base commit answers for all of them.
 */
async function baseBearsOnHeaders(ctx: CheckContext, changed: ReadonlySet<string>, wanted: (path: string) => boolean, tracked: ReadonlySet<string>): Promise<boolean> {
  const listed = new Set(ctx.files.map((f) => f.path));
  const paths = [...changed].filter(wanted);
  if (paths.length === 0) return false;
  const configKind = (p: string) => NEXT_CONFIG.test(p) || PLATFORM_JSON.test(p) || NETLIFY_TOML.test(p) || HEADERS_FILE.test(p) || SERVER_CONFIG.test(p) || HTML.test(p);
  if (paths.some((p) => !listed.has(p) && configKind(p))) return true;
  if (!ctx.git || !ctx.scope.base) return paths.some((p) => !listed.has(p));
  const patterns = [...[...tracked].map(escapeName), HELMET_IMPORT_ERE].flatMap((p) => ['-e', p]);
  for (let i = 0; i < paths.length; i += 500) {
    try {
      const out = await ctx.git.text(['grep', '-l', '-I', '-i', '-E', ...patterns, ctx.scope.base, '--', ...paths.slice(i, i + 500)], { okCodes: [1] });
      if (out.trim()) return true;
    } catch (error) {
      // The base cannot be read: judge everything rather than guess.
      ctx.log.debug(`headers: cannot read the base (${(error as Error).message.split('\n')[0]}); judging every file`);
      return true;
    }
  }
  return false;
}

function readDependencies(file: SourceFile, each: (name: string, range: string, dev: boolean) => void): void {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(file.text) as Record<string, unknown>;
  } catch {
    return;
  }
  for (const [field, dev] of [['dependencies', false], ['devDependencies', true], ['peerDependencies', true]] as const) {
    const deps = data?.[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) each(name, String(range), dev);
  }
}

/** helmet's major version from its package.json range; the current major when unknown. */
function helmetMajor(range: string | undefined): number {
  const CURRENT = 8;
  if (!range) return CURRENT;
  try {
    const min = semver.minVersion(range);
    return min ? min.major : CURRENT;
  } catch {
    return CURRENT;
  }
}

