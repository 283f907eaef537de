import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleDir } from './bundle.js';
import { tempDir } from './temp.js';

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT as the runner does (`name<<DELIM` … `DELIM` blocks, or `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i] as string);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/**
 * The action built with the project's bundle script, once per test run and outside dist/ (so that test
 * files never race on it): the path of its index.js, the same file the runner would start.
 */
export function buildAction(): string {
  return join(bundleDir(), 'index.js');
}

export interface RunActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  eventName?: string;
  payload?: unknown;
  env?: Record<string, string>;
  /** The bundle to run; default dist/index.js. */
  entry?: string;
}

function prepare(options: RunActionOptions) {
  const dir = tempDir('security-gate-runner-');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output.txt');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: 'octo-org/helpdesk',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    // Nothing listens on the discard port: the API is unreachable unless a test serves one.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: dir,
    // Backoff, retry-after and write pacing scaled down so that retries do not slow the suite.
    SECURITY_GATE_WAIT_SCALE: '0.001',
    ...options.env,
  };
  const defaults = { token: 'ghs_unusedTokenForTests000000000000000000', policy: '', 'policy-source': '', 'fail-on': '', 'sarif-file': '', 'working-directory': '.', 'check-name': 'Security Gate', 'review-comments': 'true', 'sticky-comment': 'false', 'save-report': '', 'publish-report': '', 'probe-url': '', threads: 'auto', 'max-annotations': '1000' };
  for (const [name, value] of Object.entries({ ...defaults, ...options.inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  const entry = options.entry ?? join(process.cwd(), 'dist/index.js');
  const result = (status: number | null, stdout: string, stderr: string): ActionRun => ({
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  });
  return { env, entry, result };
}

/**
 * Runs the bundled action exactly as the runner does: `node dist/index.js` with INPUT_* variables (names
 * upper-cased, hyphens kept), the event payload in a file, and file commands for outputs and the summary.
 */
export function runAction(options: RunActionOptions): ActionRun {
  const { env, entry, result } = prepare(options);
  const run = spawnSync(process.execPath, [entry], { cwd: options.workspace, env, encoding: 'utf8' });
  return result(run.status, run.stdout, run.stderr);
}

/** The same, without blocking the test process (which may be serving the API the action calls). */
export function runActionAsync(options: RunActionOptions): Promise<ActionRun> {
  const { env, entry, result } = prepare(options);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry], { cwd: options.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(result(code, stdout, stderr)));
  });
}
