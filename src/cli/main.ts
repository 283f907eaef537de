import { MAX_THREADS, parseThreads } from '../core/pass.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKS } from '../checks/index.js';
import { withProbeUrl } from '../checks/headers/probe.js';
import type { ScanScope } from '../core/check.js';
import { scan } from '../core/engine.js';
import type { Report } from '../core/report.js';
import { isSeverity, type FailOn } from '../core/severity.js';
import { buildBaseline } from '../filters/baseline.js';
import { PolicyError, formatProblem } from '../policy/errors.js';
import { loadPolicy } from '../policy/load.js';
import { githubContentsFetcher } from '../policy/remote.js';
import { REPORTERS, reporterFor } from '../reporters/index.js';
import { Git } from '../sources/git.js';
import { stderrLogger } from '../util/logger.js';
import { credentialRedactor } from '../checks/secrets/recognise.js';
import { logLine } from '../util/log-line.js';
import type { Redactor } from '../util/redact.js';
import { VERSION } from '../version.js';
import { writeStarterPolicy } from './init.js';

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

const HELP = `security-gate ${VERSION}: a security checklist as a pull-request gate

Usage:
  security-gate scan [dir] [options]     scan a repository (default: the current directory)
  security-gate init [dir] [--force]     write a starter security-policy.yml for the repository
  security-gate baseline [dir] [options] record today's findings so that only new ones fail
  security-gate --help | --version

Scan options:
  -p, --policy FILE     policy file (default: security-policy.yml, then .github/security-policy.yml)
  -f, --format FORMAT   ${REPORTERS.map((r) => r.id).join(' | ')} (default: console)
  -o, --output FILE     write the report to FILE instead of stdout
      --fail-on LEVEL   error | warning | notice | none (overrides the policy)
      --probe-url URL   fetch this deployed URL and check the headers and cookies it sends
      --base REF        scan as a pull request from REF (e.g. origin/main) to --head
      --head REF        the head of the range (default: HEAD)
      --threads N       worker threads for big scans (default: auto, one per core up to 4; 1: none)
      --no-color        never colour the console output
  -v, --verbose         explain what is being done, on stderr

Exit codes: 0 the gate passed, 1 the gate failed, 2 usage, policy or I/O error (e.g. stdout closed).
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: !!process.stdout.isTTY,
  cwd: process.cwd(),
  env: process.env,
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

async function dispatch(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: 'string', short: 'p' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        'probe-url': { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        threads: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        force: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.pass;
  }
  const [command, dirArg, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    io.stdout(HELP);
    return command === undefined && !values.help ? EXIT.usage : EXIT.pass;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const root = resolve(io.cwd, dirArg ?? '.');

  if (command === 'init') {
    const written = await writeStarterPolicy(root, { force: !!values.force });
    io.stdout(`Wrote ${written.path}:\n\n${written.text}\nNext: run \`security-gate scan\` and commit the file.\n`);
    return EXIT.pass;
  }
  if (command !== 'scan' && command !== 'baseline') throw new UsageError(`unknown command "${command}"`);

  const format = values.format ?? 'console';
  const reporter = reporterFor(format);
  if (!reporter) throw new UsageError(`unknown format "${format}" (formats: ${REPORTERS.map((r) => r.id).join(', ')})`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on must be error, warning, notice or none, not "${failOn}"`);
  }
  if (values.head && !values.base) throw new UsageError('--head needs --base');
  const threads = parseThreads(values.threads ?? 'auto');
  if (threads === 'invalid') throw new UsageError(`--threads must be auto or a whole number from 1 to ${MAX_THREADS}, not "${values.threads}"`);

  const log = stderrLogger({ verbose: values.verbose, scrub: (t) => logLine(redactor, t), write: io.stderr });
  const remote = githubContentsFetcher({ apiUrl: io.env.GITHUB_API_URL ?? 'https://api.github.com', token: io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN });
  const loaded = await loadPolicy({ root, file: values.policy, checks: CHECKS, remote });
  if (failOn) loaded.policy.failOn = failOn as FailOn;
  try {
    withProbeUrl(loaded.policy, values['probe-url']);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (loaded.defaulted) log.info('No security-policy.yml found: running the recommended preset (security-gate init writes one).');

  const scope = await scopeFor(root, values.base, values.head);
  const report = await scan({ root, loaded, checks: CHECKS, scope, log, redactor, threads });

  if (command === 'baseline') return writeBaseline(root, report, loaded.policy.baseline, values.output, io);

  const color = values['no-color'] || io.env.NO_COLOR ? false : values.color || !!io.env.FORCE_COLOR || (io.isTTY && !values.output);
  const text = redactor.scrub(reporter.render(report, { color }));
  if (values.output) {
    await mkdir(dirname(resolve(io.cwd, values.output)), { recursive: true });
    await writeFile(resolve(io.cwd, values.output), text);
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

async function writeBaseline(root: string, report: Report, policyBaseline: string | undefined, output: string | undefined, io: CliIo): Promise<number> {
  const accepted = [...report.findings, ...report.suppressed.filter((f) => f.suppression.kind === 'baseline')].filter((f) => f.check !== 'policy');
  const file = output ?? policyBaseline ?? '.security-gate/baseline.json';
  const path = resolve(root, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(buildBaseline(accepted, new Date()), null, 2)}\n`);
  io.stdout(`Wrote ${accepted.length} finding(s) to ${file}.${policyBaseline ? '' : ` Add \`baseline: ${file}\` to your policy to use it.`}\n`);
  return EXIT.pass;
}
