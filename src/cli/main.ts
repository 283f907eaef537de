import { MAX_THREADS, parseThreads } from '../core/pass.js';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECK_OPTIONS, CHECK_SECTIONS, CHECKS } from '../checks/index.js';
import { readRunContext } from '../action/event.js';
import { untrustedSource } from '../github/origin.js';
import type { ScanScope, VerificationOptions } from '../core/check.js';
import { scan } from '../core/engine.js';
import type { Report } from '../core/report.js';
import { isSeverity, type FailOn } from '../core/severity.js';
import { buildBaseline } from '../filters/baseline.js';
import { PolicyError, formatProblem } from '../policy/errors.js';
import { loadPolicy, type LoadedPolicy } from '../policy/load.js';
import { commitOrigin, workingTreeOrigin } from '../policy/origin.js';
import { overrideFailOn } from '../policy/overrides.js';
import { loadPullRequestPolicy } from '../policy/pull-request.js';
import type { FindingInput } from '../core/finding.js';
import { githubContentsFetcher } from '../policy/remote.js';
import { REPORTERS, reporterFor } from '../reporters/index.js';
import { Git } from '../sources/git.js';
import { stderrLogger } from '../util/logger.js';
import { credentialRedactor } from '../checks/secrets/recognise.js';
import { logLine } from '../util/log-line.js';
import type { Redactor } from '../util/redact.js';
import { describeFsError } from '../util/format.js';
import { UnsafeWriteError, writeRepositoryFile } from '../util/safe-write.js';
import { VERSION } from '../version.js';
import { helpText } from './help.js';
import { installHook } from './hook.js';
import { writeStarterPolicy } from './init.js';
import { readProcessStdin, scanPush } from './pre-push.js';
import { stagedTarget, type ScanTarget } from './scan-target.js';

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A hook's standard input (`scan --pre-push`); undefined at a terminal. */
  stdin?: () => Promise<string | undefined>;
}

const defaultIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: !!process.stdout.isTTY,
  cwd: process.cwd(),
  env: process.env,
  stdin: readProcessStdin,
});

class UsageError extends Error {}

/** Runs the CLI; returns the exit code instead of exiting, so that tests can call it. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const redactor = credentialRedactor();
  try {
    return await dispatch(argv, io, redactor);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${logLine(redactor, `security-gate: ${error.message}`)}\nRun security-gate --help for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof PolicyError) {
      io.stderr(`security-gate: the policy is invalid:\n${error.problems.map((p) => `  ${logLine(redactor, formatProblem(p))}`).join('\n')}\n`);
      return EXIT.usage;
    }
    io.stderr(`${logLine(redactor, `security-gate: ${(error as Error).message}`)}\n`);
    return EXIT.usage;
  }
}

/** The command line, parsed: a bad option is a usage error. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: 'string', short: 'p' },
        'policy-source': { type: 'string' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        threads: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        force: { type: 'boolean' },
        staged: { type: 'boolean' },
        'pre-push': { type: 'boolean' },
        hook: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        'verify-cache': { type: 'string' },
        ...Object.fromEntries(CHECK_OPTIONS.filter((o) => o.cli !== false).map((o) => [o.name, { type: o.type }])),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function dispatch(argv: string[], io: CliIo, redactor: Redactor, target?: ScanTarget): Promise<number> {
  const parsed = parseCommandLine(argv);
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.pass;
  }
  const [command, dirArg, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    io.stdout(helpText(command === 'help' ? dirArg : command));
    return command === undefined && !values.help ? EXIT.usage : EXIT.pass;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!['scan', 'baseline', 'init'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  const root = await scanRoot(io.cwd, dirArg);

  if (values.hook !== undefined && command !== 'init') throw new UsageError('--hook is an option of init (security-gate init --hook pre-commit)');
  if (command === 'init' && values.hook !== undefined) {
    io.stdout(`Installed ${await installHook(root, values.hook)}.\n`);
    return EXIT.pass;
  }
  if (command === 'init') {
    const written = await writeStarterPolicy(root, { force: !!values.force }).catch((error: unknown) => {
      throw error instanceof UnsafeWriteError ? new UsageError(error.message) : error;
    });
    io.stdout(`Wrote ${written.path}:\n\n${written.text}\nNext: run \`security-gate scan\` and commit the file.\n`);
    return EXIT.pass;
  }

  const format = values.format ?? 'console';
  const reporter = reporterFor(format);
  if (!reporter) throw new UsageError(`unknown format "${format}" (formats: ${REPORTERS.map((r) => r.id).join(', ')})`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on must be error, warning, notice or none, not "${failOn}"`);
  }
  if (values.head && !values.base) throw new UsageError('--head needs --base');
  if (values['verify-cache'] !== undefined && !values['verify-cache']) throw new UsageError('--verify-cache needs a file');
  const policySource = values['policy-source'] ?? 'head';
  if (policySource !== 'head' && policySource !== 'base') throw new UsageError(`--policy-source must be base or head, not "${policySource}"`);
  if (policySource === 'base' && !values.base) throw new UsageError('--policy-source base needs --base (the commit whose policy judges the change)');
  const threads = parseThreads(values.threads ?? 'auto');
  if (threads === 'invalid') throw new UsageError(`--threads must be auto or a whole number from 1 to ${MAX_THREADS}, not "${values.threads}"`);

  const log = stderrLogger({ verbose: values.verbose, scrub: (t) => logLine(redactor, t), write: io.stderr });
  const remote = githubContentsFetcher({ apiUrl: io.env.GITHUB_API_URL ?? 'https://api.github.com', token: io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN });
  const git = await Git.open(root);
  const repository = git?.topLevel ?? root;
  // A relative --policy is the operator's path, relative to where the command runs.
  const policyFile = values.policy === undefined ? undefined : resolve(io.cwd, values.policy);
  const modes = [values.staged && '--staged', values['pre-push'] && '--pre-push', values.base && '--base'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} each choose what to scan: give one`);
  if (values['pre-push'] && !target) return scanPush(git, io, (next) => dispatch(argv, io, redactor, next));
  if (values.staged) target ??= stagedTarget(git);
  const scope = target?.scope ?? (await scopeFor(root, values.base, values.head));
  let loaded: LoadedPolicy;
  let policyFindings: FindingInput[] = [];
  if (policySource === 'base' && scope.kind === 'pr' && git && scope.base) {
    const baseOrigin = commitOrigin(git, scope.base);
    ({ loaded, findings: policyFindings } = await loadPullRequestPolicy({ root, repository, baseOrigin, file: policyFile, checks: CHECKS, remote }));
  } else {
    loaded = await loadPolicy({ root, file: policyFile, checks: CHECKS, remote, origin: target?.origin ?? workingTreeOrigin(root, repository) });
  }
  try {
    if (failOn) overrideFailOn(loaded.policy, failOn as FailOn, '--fail-on');
    const given = values as Record<string, string | boolean | undefined>;
    for (const option of CHECK_OPTIONS) if (option.cli !== false) option.apply(loaded.policy, given[option.name]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (loaded.defaulted) log.info('No security-policy.yml found: running the recommended preset (security-gate init writes one).');

  const verification = cliVerification(io, repository, values['verify-cache']);
  const report = await scan({ root, loaded, checks: CHECKS, scope, log, redactor, threads, policyFindings, source: target?.source, verification }).finally(() => target?.source.close());

  if (command === 'baseline') return writeBaseline(root, repository, report, loaded.policy.baseline, values.output, io);

  const color = values['no-color'] || io.env.NO_COLOR ? false : values.color || !!io.env.FORCE_COLOR || (io.isTTY && !values.output);
  const text = redactor.scrub(reporter.render(report, { color, sections: CHECK_SECTIONS }));
  if (values.output) {
    const target = resolve(io.cwd, values.output);
    if (isInside(target, repository)) {
      // Inside the scanned repository, nothing it commits (a symlink) may redirect the report.
      await writeRepositoryFile(repository, target, text, { overwrite: true, shown: values.output }).catch((error: unknown) => {
        throw error instanceof UnsafeWriteError ? new UsageError(error.message) : error;
      });
    } else {
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      } catch (error) {
        // An I/O error, not a usage error: one line, exit 2.
        throw new Error(`cannot write the report to ${values.output}: ${describeFsError(error)}`, { cause: error });
      }
    }
    io.stderr(`${report.verdict === 'fail' ? 'FAIL' : 'PASS'}: report written to ${values.output}\n`);
  } else {
    io.stdout(text);
  }
  return report.verdict === 'fail' ? EXIT.fail : EXIT.pass;
}

async function scopeFor(root: string, base: string | undefined, head: string | undefined): Promise<ScanScope> {
  if (!base) return { kind: 'full' };
  const git = await Git.open(root);
  if (!git) throw new UsageError('--base needs a git repository');
  const baseSha = await git.resolve(base);
  if (!baseSha) throw new UsageError(`--base ${base} is not a commit in this clone (fetch it first, e.g. git fetch origin main)`);
  const headSha = await git.resolve(head ?? 'HEAD');
  if (!headSha) throw new UsageError(`--head ${head ?? 'HEAD'} is not a commit in this clone`);
  return { kind: 'pr', base: baseSha, head: headSha };
}

async function writeBaseline(root: string, repository: string, report: Report, policyBaseline: string | undefined, output: string | undefined, io: CliIo): Promise<number> {
  const accepted = [...report.findings, ...report.suppressed.filter((f) => f.suppression.kind === 'baseline')].filter((f) => f.check !== 'policy');
  // --output is the operator's path (relative to where the command runs); the policy's is the repository's.
  const path = output !== undefined ? resolve(io.cwd, output) : resolve(root, policyBaseline ?? '.security-gate/baseline.json');
  const file = output ?? policyBaseline ?? '.security-gate/baseline.json';
  try {
    await writeRepositoryFile(repository, path, `${JSON.stringify(buildBaseline(accepted, new Date()), null, 2)}\n`, { overwrite: true, shown: file });
  } catch (error) {
    if (error instanceof UnsafeWriteError) throw new UsageError(`cannot write the baseline: ${error.message}`);
    throw error;
  }
  io.stdout(`Wrote ${accepted.length} finding(s) to ${file}.${policyBaseline ? '' : ` Add \`baseline: ${relative(root, path).split('\\').join('/')}\` to your policy to use it.`}\n`);
  return EXIT.pass;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The directory to scan: it must exist and be a directory, and not a bare repository or a .git folder
 * (which hold no files to check). A wrong path is a usage error, never an empty scan that passes.
 */
async function scanRoot(cwd: string, dir: string | undefined): Promise<string> {
  const root = resolve(cwd, dir ?? '.');
  const shown = dir ?? '.';
  let stats;
  try {
    stats = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${shown}: no such directory` : `${shown}: cannot be opened (${code ?? 'error'})`);
  }
  if (!stats.isDirectory()) throw new UsageError(`${shown} is a file: scan takes a directory (the repository, or a folder in it)`);
  const kind = await Git.kindOf(root);
  if (kind === 'bare') throw new UsageError(`${shown} is a bare git repository: it has no working files to scan; scan a checkout of it`);
  if (kind === 'git-dir') throw new UsageError(`${shown} is inside a .git directory: scan the working tree instead`);
  return root;
}

/**
 * What the operator's side tells secret verification (when the policy or --verify turns it on): the
 * tokens of the environment are never sent to a provider; a cache file must lie outside the repository;
 * inside a GitHub Actions job for a pull request from a fork, nothing is sent (the event says so, not the
 * policy).
 */
function cliVerification(io: CliIo, repository: string, cacheFile: string | undefined): VerificationOptions {
  const withhold = [io.env.GITHUB_TOKEN, io.env.GH_TOKEN].filter((t): t is string => !!t);
  let untrusted: string | undefined;
  if (io.env.GITHUB_ACTIONS === 'true') {
    try {
      untrusted = untrustedSource(readRunContext(io.env));
    } catch {
      untrusted = "the GitHub Actions event could not be read, so the scanned content's origin is unknown";
    }
  }
  const cache = cacheFile === undefined ? undefined : resolve(io.cwd, cacheFile);
  if (cache !== undefined && isInside(cache, repository)) throw new UsageError(`--verify-cache ${cacheFile} is inside the repository: keep it outside (a pull request could commit one)`);
  return { withhold, ...(cache ? { cacheFile: cache } : {}), ...(untrusted ? { untrusted } : {}) };
}
