import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseAuditText } from './formats/detect.js';
import { scrubUrls, shorten } from './formats/errors.js';
import type { AuditOutcome, PackageManager } from './model.js';

export interface AuditCommand {
  bin: string;
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
  }
}

/**
 * Settings that keep a package manager from running anything the repository provides: no lifecycle
 * scripts, no pnpmfile hooks, no `yarn-path` release from .yarnrc, no prompts.
 */
const SAFE_ENV: NodeJS.ProcessEnv = {
  npm_config_ignore_scripts: 'true',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_ignore_pnpmfile: 'true',
  pnpm_config_ignore_pnpmfile: 'true',
  YARN_IGNORE_PATH: '1',
  YARN_ENABLE_SCRIPTS: '0',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  CI: 'true',
};

const MAX_OUTPUT = 512 * 1024 * 1024;

export interface RunResult {
  command: string;
  outcome: AuditOutcome;
}

/** Runs the audit of one lockfile's directory and reads its output like a report file. */
export function runAudit(root: string, dir: string, manager: PackageManager, timeoutSeconds: number, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const spec = auditCommand(manager);
  if ('refused' in spec) return Promise.resolve({ command: 'yarn npm audit', outcome: { kind: 'unavailable', reason: spec.refused } });
  const command = `${spec.bin} ${spec.args.join(' ')}`;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: AuditOutcome) => {
      if (settled) return;
      settled = true;
      resolve({ command, outcome });
    };
    let child;
    try {
      child = spawn(spec.bin, spec.args, {
        cwd: join(root, dir),
        env: { ...env, ...SAFE_ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: process.platform === 'win32',
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (error) {
      done({ kind: 'unavailable', reason: `\`${command}\` could not start: ${(error as Error).message}` });
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let timedOut = false;
    let overflow = false;
    // The package manager runs in its own process group, so that a timeout stops what it started too.
    const killAll = (signal: NodeJS.Signals) => {
      try {
        if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killAll('SIGTERM');
      setTimeout(() => killAll('SIGKILL'), 2000).unref();
      done({ kind: 'unavailable', reason: `\`${command}\` did not finish within ${timeoutSeconds} s (run-timeout)` });
    }, timeoutSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT) {
        overflow = true;
        killAll('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({
        kind: 'unavailable',
        reason: error.code === 'ENOENT' ? `\`${spec.bin}\` is not installed (or not on PATH), so \`${command}\` could not run` : `\`${command}\` could not run: ${error.message}`,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return;
      if (overflow) return done({ kind: 'unavailable', reason: `\`${command}\` printed more than ${MAX_OUTPUT / 1024 / 1024} MB` });
      const text = Buffer.concat(out).toString('utf8');
      const lastError = stderr.split('\n').map((l) => l.trim()).filter((l) => /err|error|fail/i.test(l)).slice(-2).join(' ');
      if (!text.trim()) {
        return done({ kind: 'unavailable', reason: `\`${command}\` printed no report (exit code ${code ?? 'none'})${lastError ? `: ${scrubUrls(shorten(lastError))}` : ''}` });
      }
      done(parseAuditText(text, { hint: manager }));
    });
  });
}
