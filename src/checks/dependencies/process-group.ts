import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface GroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Runs, synchronously, when the gate exits or is stopped by a signal while the child runs. */
  onAbort?: () => void;
}

export interface GroupChild {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Kills the child and everything it started. */
  kill: (signal: NodeJS.Signals) => void;
  /** Stops watching the gate's exit and signals; call once the child is done. */
  release: () => void;
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Starts a program in a process group of its own (a job tree on Windows), so that stopping it stops
 * whatever it started too: on request, when the gate exits, and when the gate gets SIGINT, SIGTERM or
 * SIGHUP. Throws when the program cannot be started at all.
 */
export function spawnGroup(bin: string, args: string[], options: GroupOptions): GroupChild {
  const windows = process.platform === 'win32';
  // Through cmd.exe (npm.cmd, pnpm.cmd), arguments are joined with spaces: a temp path may hold some.
  const child = spawn(bin, windows ? args.map((a) => (/\s/.test(a) ? `"${a}"` : a)) : args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: windows,
    detached: !windows,
    windowsHide: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    if (!child.pid) return;
    try {
      if (windows) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      else process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  let released = false;
  const onExit = () => {
    kill('SIGKILL');
    options.onAbort?.();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    release();
    // A listener replaces the default action (ending the process): without others, end it as intended.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', onExit);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
  process.on('exit', onExit);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  child.once('error', release);
  return { child, kill, release };
}
