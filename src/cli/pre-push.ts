import { sourceOrigin } from '../policy/source-origin.js';
import type { Git } from '../sources/git.js';
import { commitSource } from '../sources/git-source.js';
import type { CliIo } from './main.js';
import type { ScanTarget } from './scan-target.js';

/** One line of a pre-push hook's standard input: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const isZero = (sha: string) => /^0+$/.test(sha);
const short = (sha: string) => sha.slice(0, 7);

export function parsePushLines(text: string): PushUpdate[] {
  const updates: PushUpdate[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [localRef, localSha, remoteRef, remoteSha, extra] = line.split(/\s+/);
    if (!localRef || !remoteRef || !localSha || !remoteSha || extra !== undefined || !SHA.test(localSha) || !SHA.test(remoteSha)) {
      throw new Error(`--pre-push reads what git gives a pre-push hook ("<local ref> <local sha> <remote ref> <remote sha>" lines), not "${line.slice(0, 120)}"`);
    }
    updates.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return updates;
}

/**
 * Without a hook's input (run by hand at a terminal): the current branch against its upstream, or as a
 * new branch when it has none.
 */
export async function currentBranchUpdate(git: Git): Promise<PushUpdate[]> {
  const head = await git.resolve('HEAD');
  if (!head) return [];
  const ref = (await git.text(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] })).trim() || 'HEAD';
  const upstream = await git.resolve('@{upstream}');
  return [{ localRef: ref, localSha: head, remoteRef: upstream ? '@{upstream}' : ref, remoteSha: upstream ?? '0'.repeat(head.length) }];
}

/**
 * The scans a push needs: for each ref it updates, the commits it sends, judged as a pull request from
 * the remote's tip (or, for a new branch, from the parent of the oldest commit no remote-tracking branch
 * has), reading the pushed commit's files and policy, never the working tree.
 */
export async function pushTargets(git: Git, updates: readonly PushUpdate[]): Promise<{ targets: ScanTarget[]; notes: string[] }> {
  const targets: ScanTarget[] = [];
  const notes: string[] = [];
  for (const u of updates) {
    if (isZero(u.localSha)) {
      notes.push(`${u.remoteRef}: deleted by this push, nothing to scan`);
      continue;
    }
    let base: string | undefined;
    if (!isZero(u.remoteSha) && (await git.resolve(u.remoteSha))) base = u.remoteSha;
    else {
      const fresh = (await git.text(['rev-list', '--topo-order', '--reverse', u.localSha, '--not', '--remotes'])).split('\n').filter(Boolean);
      if (!fresh.length) {
        notes.push(`${u.remoteRef}: every commit is already on a remote, nothing to scan`);
        continue;
      }
      base = await git.resolve(`${fresh[0]}^`);
    }
    const count = Number((await git.text(['rev-list', '--count', base ? `${base}..${u.localSha}` : u.localSha])).trim());
    if (count === 0) {
      notes.push(`${u.remoteRef}: no new commit, nothing to scan`);
      continue;
    }
    const source = commitSource(git, u.localSha, base);
    targets.push({
      // A history with no parent to compare with (a first push) is judged whole, as a full scan.
      scope: base ? { kind: 'pr', base, head: u.localSha } : { kind: 'full' },
      source,
      origin: sourceOrigin(source, `the pushed commit ${short(u.localSha)}`, u.localSha),
      label: `${u.localRef} -> ${u.remoteRef}: ${count} commit(s), ${base ? `${short(base)}..` : ''}${short(u.localSha)}`,
    });
  }
  return { targets, notes };
}

async function hookInput(git: Git, io: Pick<CliIo, 'stdin'>): Promise<PushUpdate[]> {
  const input = await (io.stdin ?? (async () => undefined))();
  return input === undefined ? currentBranchUpdate(git) : parsePushLines(input);
}

/**
 * The pre-commit framework keeps git's lines to itself and describes the push in its environment instead:
 * PRE_COMMIT_TO_REF (the pushed commit) and PRE_COMMIT_FROM_REF (the remote's tip, or for a new branch the
 * parent of its first commit that no remote has).
 */
async function preCommitFrameworkUpdate(git: Git, env: NodeJS.ProcessEnv): Promise<PushUpdate[] | undefined> {
  const to = env.PRE_COMMIT_TO_REF;
  if (!to) return undefined;
  const localSha = await git.resolve(to);
  if (!localSha) throw new Error(`PRE_COMMIT_TO_REF ${to} is not a commit of this clone`);
  const from = env.PRE_COMMIT_FROM_REF ? await git.resolve(env.PRE_COMMIT_FROM_REF) : undefined;
  return [{ localRef: env.PRE_COMMIT_LOCAL_BRANCH || to, localSha, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH || to, remoteSha: from ?? '0'.repeat(localSha.length) }];
}

/** The hook's standard input, or undefined at a terminal (someone running `scan --pre-push` by hand). */
export async function readProcessStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `scan --pre-push`: one scan per ref the push updates (each prints its report); the exit code is the
 * worst of them, so any failing branch stops the push.
 */
export async function scanPush(git: Git | undefined, io: Pick<CliIo, 'stderr' | 'stdin' | 'env'>, scanOne: (target: ScanTarget) => Promise<number>): Promise<number> {
  if (!git) throw new Error('--pre-push needs a git work tree: it scans the commits a push sends');
  const updates = (await preCommitFrameworkUpdate(git, io.env)) ?? (await hookInput(git, io));
  const { targets, notes } = await pushTargets(git, updates);
  for (const note of notes) io.stderr(`security-gate: ${note}\n`);
  if (!targets.length) io.stderr('security-gate: nothing to scan in this push\n');
  let code = 0;
  for (const target of targets) {
    if (targets.length > 1 || updates.length > 1) io.stderr(`security-gate: ${target.label}\n`);
    code = Math.max(code, await scanOne(target));
  }
  return code;
}
