import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/**
 * Options that keep git from running anything the repository could configure: no external diff or
 * textconv drivers, no fsmonitor hook, no pager, no prompts for credentials.
 */
function baseArgs(root: string): string[] {
  return [
    '-c', `safe.directory=${root}`,
    '-c', 'core.fsmonitor=false',
    '-c', 'core.quotePath=false',
    '-c', 'diff.external=',
    '--no-pager',
  ];
}

const SAFE_ENV: NodeJS.ProcessEnv = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

export interface GitRunOptions {
  /** Bytes of stdout to accept before giving up (default 256 MiB). */
  maxBuffer?: number;
  /** Exit codes that are not errors (e.g. 1 for `git diff --quiet`). */
  okCodes?: number[];
}

/** Read-only access to one repository through the real `git` binary. */
export class Git {
  private constructor(
    /** The directory git commands run in (the scan root). */
    readonly cwd: string,
    /** The top of the work tree. */
    readonly topLevel: string,
  ) {}

  /** A Git for `dir` when it is inside a work tree, else undefined. */
  static async open(dir: string): Promise<Git | undefined> {
    const cwd = resolve(dir);
    try {
      const out = await runGit(cwd, ['rev-parse', '--is-inside-work-tree', '--show-toplevel']);
      const [inside, top] = out.toString('utf8').trim().split('\n');
      if (inside !== 'true' || !top) return undefined;
      return new Git(cwd, top);
    } catch {
      return undefined;
    }
  }

  /** Whether a directory is in a work tree, is (inside) a bare repository or a .git directory, or is not in git. */
  static async kindOf(dir: string): Promise<'work-tree' | 'bare' | 'git-dir' | 'none'> {
    try {
      const out = (await runGit(resolve(dir), ['rev-parse', '--is-bare-repository', '--is-inside-git-dir', '--is-inside-work-tree'])).toString('utf8');
      const [bare, inGitDir, inWorkTree] = out.trim().split('\n');
      if (bare === 'true') return 'bare';
      if (inGitDir === 'true') return 'git-dir';
      return inWorkTree === 'true' ? 'work-tree' : 'none';
    } catch {
      return 'none';
    }
  }

  run(args: readonly string[], options: GitRunOptions = {}): Promise<Buffer> {
    return runGit(this.cwd, args, options);
  }

  async text(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).toString('utf8');
  }

  /** Streams stdout line by line; for `git log -p` over long histories. */
  lines(args: readonly string[], onLine: (line: string) => void): Promise<void> {
    return streamGit(this.cwd, args, onLine);
  }

  /** A long-running git command with the same protections, for request/response protocols (`cat-file --batch`). */
  spawn(args: readonly string[]): ChildProcessWithoutNullStreams {
    return spawn('git', [...baseArgs(this.cwd), ...args], { cwd: this.cwd, env: { ...process.env, ...SAFE_ENV }, stdio: 'pipe', windowsHide: true });
  }

  /** The full sha of a revision, or undefined when it does not exist in this clone. */
  async resolve(rev: string): Promise<string | undefined> {
    try {
      return (await this.text(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async isShallow(): Promise<boolean> {
    return (await this.text(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** NUL-separated list output of `git ls-files`, relative to cwd. */
  async listFiles(extra: readonly string[]): Promise<string[]> {
    const out = await this.text(['ls-files', '-z', ...extra]);
    return out.split('\0').filter((p) => p.length > 0);
  }
}

function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<Buffer> {
  const fullArgs = [...baseArgs(cwd), ...args];
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      fullArgs,
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
        env: { ...process.env, ...SAFE_ENV },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : null;
          if (code !== null && options.okCodes?.includes(code)) {
            resolvePromise(stdout);
            return;
          }
          const err = stderr.toString('utf8').trim();
          reject(new GitError(`git ${args[0] ?? ''} failed: ${err || error.message}`, args, err, code));
          return;
        }
        resolvePromise(stdout);
      },
    );
  });
}

function streamGit(cwd: string, args: readonly string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', [...baseArgs(cwd), ...args], {
      cwd,
      env: { ...process.env, ...SAFE_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let rest = '';
    let stderr = '';
    let failure: unknown;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (failure) return;
      const text = rest + chunk;
      let start = 0;
      let nl = text.indexOf('\n');
      try {
        while (nl !== -1) {
          onLine(text.slice(start, nl));
          start = nl + 1;
          nl = text.indexOf('\n', start);
        }
      } catch (error) {
        failure = error;
        child.kill();
      }
      rest = text.slice(start);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (failure) return reject(failure);
      if (code !== 0) {
        return reject(new GitError(`git ${args[0] ?? ''} failed: ${stderr.trim()}`, args, stderr.trim(), code));
      }
      try {
        if (rest.length > 0) onLine(rest);
      } catch (error) {
        return reject(error);
      }
      resolvePromise();
    });
  });
}
