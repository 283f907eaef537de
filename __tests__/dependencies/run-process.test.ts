import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/checks/dependencies/run-audit.js';
import { buildAction } from '../helpers/action.js';
import { makeRepo } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { fakeBin, projectOf } from './run-helpers.js';

// A package manager that starts a long-lived child of its own (as npm starts node-gyp or git) and
// records where it ran and the child's pid: stopping the audit must stop that grandchild too.

const RUN_POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    run-timeout: 120\n';

interface Spy {
  bin: string;
  dir: string;
}

function spawningNpm(): Spy {
  const dir = mkdtempSync(join(tmpdir(), 'security-gate-spy-'));
  const bin = fakeBin('npm', [`pwd > ${dir}/cwd`, 'sleep 300 &', `echo $! > ${dir}/pid.tmp`, `mv ${dir}/pid.tmp ${dir}/pid`, 'wait'].join('\n'));
  return { bin, dir };
}

/** When each recorded grandchild started (/proc's start time), so that a reused pid is not taken for it. */
const startTimes = new Map<number, string>();

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Alive, not a zombie waiting for a parent that is gone (a container's init may never reap it), and not another process that got its pid. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return false;
    const recorded = startTimes.get(pid);
    return recorded === undefined || fields[19] === recorded;
  } catch {
    return true;
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

const grandchildren: number[] = [];
function grandchildOf(spy: Spy): number {
  const pid = Number(readFileSync(join(spy.dir, 'pid'), 'utf8'));
  grandchildren.push(pid);
  const started = startTime(pid);
  if (started !== undefined) startTimes.set(pid, started);
  return pid;
}
afterEach(() => {
  for (const pid of grandchildren.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  startTimes.clear();
});

function npmHigh(): string {
  return makeRepo({ 'package.json': fixture('npm-high', 'package.json'), 'package-lock.json': fixture('npm-high', 'package-lock.json'), 'security-policy.yml': RUN_POLICY });
}

/** Starts `node script args` with the spy first on PATH, and waits until the spy has started its child. */
async function startGate(script: string, args: string[], spy: Spy) {
  const gate = spawn(process.execPath, [script, ...args], { env: { ...process.env, PATH: `${spy.bin}:${process.env.PATH}` }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => gate.on('exit', (code, signal) => r({ code, signal })));
  expect(await waitFor(() => existsSync(join(spy.dir, 'pid')), 30_000)).toBe(true);
  return { gate, exited };
}

describe("the package manager's process group is killed", () => {
  it('on timeout, with what it started, and the private copy is removed', async () => {
    const spy = spawningNpm();
    const root = npmHigh();
    const { outcome } = await runAudit({ root, project: await projectOf(root, 'package-lock.json', ['package.json']), manager: 'npm', timeoutSeconds: 1, env: { ...process.env, PATH: `${spy.bin}:${process.env.PATH}` } });
    expect(outcome).toEqual({ kind: 'unavailable', reason: '`npm audit --json --package-lock-only --ignore-scripts` did not finish within 1 s (run-timeout)' });
    const pid = grandchildOf(spy);
    expect(await waitFor(() => !isRunning(pid), 5000)).toBe(true);
    expect(existsSync(dirname(readFileSync(join(spy.dir, 'cwd'), 'utf8').trim()))).toBe(false);
  });

  describe('when the gate is stopped', () => {
    let cli: string;
    beforeAll(() => {
      cli = join(dirname(buildAction()), 'cli.js');
    }, 120_000);

    it.each(['SIGTERM', 'SIGINT'] as const)('by %s: the gate still ends by that signal', async (signal) => {
      const spy = spawningNpm();
      const { gate, exited } = await startGate(cli, ['scan', npmHigh()], spy);
      const pid = grandchildOf(spy);
      expect(isRunning(pid)).toBe(true);
      gate.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      // Generous: on a loaded machine a killed process can take a while to be reaped.
      expect(await waitFor(() => !isRunning(pid), 15_000)).toBe(true);
      expect(existsSync(dirname(readFileSync(join(spy.dir, 'cwd'), 'utf8').trim()))).toBe(false);
    }, 60_000);
  });

  it('when the gate exits while the audit runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'security-gate-exit-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        "import { existsSync } from 'node:fs';",
        `import { runAudit } from ${JSON.stringify(resolve('src/checks/dependencies/run-audit.ts'))};`,
        'const [root, pidFile] = process.argv.slice(2) as [string, string];',
        "void runAudit({ root, project: { dir: '', lockfilePath: 'package-lock.json', manifests: [], workspaceNames: new Set() }, manager: 'npm', timeoutSeconds: 120 });",
        'setInterval(() => existsSync(pidFile) && process.exit(3), 20);',
      ].join('\n'),
    );
    const banner = "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);";
    await build({ entryPoints: [entry], outfile: join(dir, 'entry.mjs'), bundle: true, platform: 'node', format: 'esm', banner: { js: banner }, logLevel: 'silent' });
    const spy = spawningNpm();
    const { exited } = await startGate(join(dir, 'entry.mjs'), [npmHigh(), join(spy.dir, 'pid')], spy);
    expect(await exited).toEqual({ code: 3, signal: null });
    const pid = grandchildOf(spy);
    expect(await waitFor(() => !isRunning(pid), 5000)).toBe(true);
    expect(existsSync(dirname(readFileSync(join(spy.dir, 'cwd'), 'utf8').trim()))).toBe(false);
  }, 60_000);
});
