import { prepareAuditPlace, removeAuditPlace, removeAuditPlaceNow, type AuditPlace } from './audit-copy.js';
import { auditEnv } from './audit-env.js';
import { emptyTreeProblem, foreignFetch } from './audit-trust.js';
import { parseAuditText } from './formats/detect.js';
import { scrubUrls, shorten } from './formats/errors.js';
import type { AuditOutcome, PackageManager } from './model.js';
import { spawnGroup, type GroupChild } from './process-group.js';
import type { Project } from './project.js';
import { DEFAULT_AUDIT_REGISTRY, normaliseRegistry } from './registry.js';

export interface AuditCommand {
  bin: string;
  /** The arguments reports show; the run adds the registry and private paths. */
  args: string[];
}

/** The audit command for a lockfile; undefined (with why) when it cannot be run safely. */
export function auditCommand(manager: PackageManager): AuditCommand | { refused: string } {
  switch (manager) {
    case 'npm':
      return { bin: 'npm', args: ['audit', '--json', '--package-lock-only', '--ignore-scripts'] };
    case 'pnpm':
      return { bin: 'pnpm', args: ['audit', '--json'] };
    case 'yarn-classic':
      return { bin: 'yarn', args: ['audit', '--json'] };
    case 'yarn-berry':
      return {
        refused:
          'the gate does not run Yarn Berry itself: `yarn` executes the release and plugins committed under .yarn/ (repository code). Run `yarn npm audit --all --recursive --json > yarn-audit.json` in a workflow step and list the file in `reports`',
      };
    case 'bun':
      return { refused: 'the gate does not run Bun: write an osv-scanner report of bun.lock in a workflow step (`osv-scanner scan source -r --format json . > osv.json || true`) and list the file in `reports`' };
  }
}

/** The arguments that pin the registry and the project directory, which no config file can then change. */
function pinningArgs(manager: PackageManager, registry: string, place: AuditPlace): string[] {
  switch (manager) {
    // --prefix stops npm looking for a workspace root above the copy; --loglevel http lists every request.
    case 'npm':
      return [`--registry=${registry}`, `--prefix=${place.project}`, '--loglevel=http'];
    case 'pnpm':
      return [`--registry=${registry}`];
    default:
      return [];
  }
}

const MAX_OUTPUT = 512 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

export interface RunResult {
  command: string;
  outcome: AuditOutcome;
}

export interface AuditRequest {
  /** The repository; the project's files are copied from it, and the package manager never runs in it. */
  root: string;
  project: Project;
  manager: PackageManager;
  registry?: string;
  timeoutSeconds: number;
  /** The job's environment, of which only allow-listed variables reach the package manager. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the audit of one project in a private copy of it, against the given registry only, and reads its
 * output like a report file. Anything short of a complete report from that registry is unavailable.
 */
export async function runAudit(request: AuditRequest): Promise<RunResult> {
  const { manager, project } = request;
  const registry = normaliseRegistry(request.registry ?? DEFAULT_AUDIT_REGISTRY);
  const spec = auditCommand(manager);
  if ('refused' in spec) return { command: 'yarn npm audit', outcome: { kind: 'unavailable', reason: spec.refused } };
  const command = `${spec.bin} ${spec.args.join(' ')}`;
  // Yarn 1 sends its audit to its own alias of the public registry, whatever the registry setting says.
  if (manager === 'yarn-classic' && registry !== DEFAULT_AUDIT_REGISTRY) {
    return {
      command,
      outcome: {
        kind: 'unavailable',
        reason: `\`yarn audit\` (Yarn 1) always asks registry.yarnpkg.com, not the audit registry ${registry}: write the report in a workflow step and list it in \`reports\``,
      },
    };
  }
  const place = await prepareAuditPlace(request.root, project, manager);
  if ('problem' in place) return { command, outcome: { kind: 'unavailable', reason: `\`${command}\` could not run: ${place.problem}` } };
  try {
    const env = {
      ...auditEnv(request.env ?? process.env, place, registry),
      // pnpm looks for pnpm-workspace.yaml in every directory above the copy unless told where it is.
      ...(manager === 'pnpm' && place.pnpmWorkspace ? { NPM_CONFIG_WORKSPACE_DIR: place.project } : {}),
    };
    const outcome = await runCommand({ bin: spec.bin, args: [...spec.args, ...pinningArgs(manager, registry, place)], command, place, env, registry, manager, timeoutSeconds: request.timeoutSeconds });
    const empty = outcome.kind === 'report' ? emptyTreeProblem(outcome.report, project) : undefined;
    if (empty && outcome.kind === 'report') return { command, outcome: { kind: 'unavailable', reason: empty, format: outcome.report.format } };
    return { command, outcome };
  } finally {
    await removeAuditPlace(place);
  }
}

interface Invocation {
  bin: string;
  args: string[];
  /** The command as reports show it. */
  command: string;
  place: AuditPlace;
  env: NodeJS.ProcessEnv;
  registry: string;
  manager: PackageManager;
  timeoutSeconds: number;
}

/** Runs the package manager and reads what it printed; unavailable when it fetched from anywhere but the registry. */
function runCommand({ bin, args, command, place, env, registry, manager, timeoutSeconds }: Invocation): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    let group: GroupChild;
    try {
      group = spawnGroup(bin, args, { cwd: place.project, env, onAbort: () => removeAuditPlaceNow(place) });
    } catch (error) {
      resolve({ kind: 'unavailable', reason: `\`${command}\` could not start: ${(error as Error).message}` });
      return;
    }
    const { child, kill, release } = group;
    const timer = setTimeout(() => {
      kill('SIGKILL');
      done({ kind: 'unavailable', reason: `\`${command}\` did not finish within ${timeoutSeconds} s (run-timeout)` });
    }, timeoutSeconds * 1000);
    let settled = false;
    const done = (outcome: AuditOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      release();
      resolve(outcome);
    };
    const out: Buffer[] = [];
    let outBytes = 0;
    let overflow = false;
    let stderr = '';
    let partialLine = '';
    const foreign = new Set<string>();
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT) {
        overflow = true;
        kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < MAX_STDERR) stderr += chunk;
      const lines = (partialLine + chunk).split('\n');
      partialLine = (lines.pop() ?? '').slice(-4096);
      for (const line of lines) {
        const host = foreignFetch(line, registry);
        if (host) foreign.add(host);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      done({
        kind: 'unavailable',
        reason: error.code === 'ENOENT' ? `\`${bin}\` is not installed (or not on PATH), so \`${command}\` could not run` : `\`${command}\` could not run: ${error.message}`,
      });
    });
    child.on('close', (code) => {
      const last = foreignFetch(partialLine, registry);
      if (last) foreign.add(last);
      if (overflow) return done({ kind: 'unavailable', reason: `\`${command}\` printed more than ${MAX_OUTPUT / 1024 / 1024} MB` });
      const text = Buffer.concat(out).toString('utf8');
      const lastError = stderr.split('\n').map((l) => l.trim()).filter((l) => /err|error|fail/i.test(l)).slice(-2).join(' ');
      if (!text.trim()) {
        return done({ kind: 'unavailable', reason: `\`${command}\` printed no report (exit code ${code ?? 'none'})${lastError ? `: ${scrubUrls(shorten(lastError))}` : ''}` });
      }
      if (foreign.size) {
        const hosts = [...foreign].slice(0, 3).join(', ');
        return done({ kind: 'unavailable', reason: `\`${command}\` fetched from ${hosts}, not only from the audit registry ${registry}: an answer from another registry is never read as clean` });
      }
      done(parseAuditText(text, { hint: manager }));
    });
  });
}
