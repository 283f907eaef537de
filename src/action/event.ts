import { readFileSync, statSync } from 'node:fs';
import type { ScanScope } from '../core/check.js';

/** What the action needs to know about the workflow run, read from the runner's environment. */
export interface RunContext {
  eventName: string;
  sha: string;
  repository?: { owner: string; repo: string };
  workspace: string;
  payload: Record<string, unknown>;
  /**
   * The commit the run gates and its check run belongs to: the pull request's head on pull_request and
   * pull_request_target (GITHUB_SHA is a merge commit there), the merge group's head, else GITHUB_SHA.
   */
  headSha: string;
  /** The pull request, on pull_request and pull_request_target events. */
  pullRequest?: { number: number; baseSha: string; headSha: string; headRepo?: string; baseRepo?: string; basePrivate?: boolean };
  /** The triggering run, on workflow_run events (the second half of the fork pattern). */
  workflowRun?: { id: number; headSha: string; event: string; htmlUrl?: string };
  actor?: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
}

export class EventError extends Error {}

/** GitHub caps webhook payloads at 25 MB. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    let text: string;
    try {
      if (statSync(env.GITHUB_EVENT_PATH).size > MAX_EVENT_BYTES) {
        throw new EventError(`the event payload at GITHUB_EVENT_PATH is larger than ${MAX_EVENT_BYTES / 1024 / 1024} MiB; refusing to read it`);
      }
      text = readFileSync(env.GITHUB_EVENT_PATH, 'utf8');
    } catch (error) {
      if (error instanceof EventError) throw error;
      throw new EventError(`cannot read the event payload at GITHUB_EVENT_PATH (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      payload = parsed as Record<string, unknown>;
    } catch (error) {
      throw new EventError(`the event payload at GITHUB_EVENT_PATH is not valid: ${(error as Error).message}`);
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const context: RunContext = {
    eventName,
    sha: env.GITHUB_SHA ?? '',
    headSha: env.GITHUB_SHA ?? '',
    actor: env.GITHUB_ACTOR,
    repository: owner && repo ? { owner, repo } : undefined,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    payload,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId: env.GITHUB_RUN_ID,
  };
  const pr = payload.pull_request as Record<string, unknown> | undefined;
  if (pr && (eventName === 'pull_request' || eventName === 'pull_request_target')) {
    const base = pr.base as Record<string, unknown> | undefined;
    const head = pr.head as Record<string, unknown> | undefined;
    const baseSha = base?.sha;
    const headSha = head?.sha;
    if (typeof baseSha !== 'string' || typeof headSha !== 'string' || typeof pr.number !== 'number') {
      throw new EventError('the pull_request payload lacks pull_request.number, base.sha or head.sha');
    }
    context.pullRequest = {
      number: pr.number,
      baseSha,
      headSha,
      headRepo: ((head?.repo as Record<string, unknown> | null | undefined)?.full_name as string | undefined) ?? undefined,
      baseRepo: ((base?.repo as Record<string, unknown> | null | undefined)?.full_name as string | undefined) ?? undefined,
      basePrivate: (base?.repo as Record<string, unknown> | null | undefined)?.private as boolean | undefined,
    };
    context.headSha = headSha;
  }
  const group = payload.merge_group as Record<string, unknown> | undefined;
  if (eventName === 'merge_group' && typeof group?.head_sha === 'string') context.headSha = group.head_sha;
  const workflowRun = payload.workflow_run as Record<string, unknown> | undefined;
  if (eventName === 'workflow_run' && workflowRun) {
    if (typeof workflowRun.head_sha !== 'string' || typeof workflowRun.id !== 'number') {
      throw new EventError('the workflow_run payload lacks workflow_run.id or head_sha');
    }
    context.workflowRun = {
      id: workflowRun.id,
      headSha: workflowRun.head_sha,
      event: String(workflowRun.event ?? ''),
      htmlUrl: typeof workflowRun.html_url === 'string' ? workflowRun.html_url : undefined,
    };
  }
  return context;
}

/** A pull request is scanned as a range (base...head); every other event is a full scan. */
export function scopeOf(context: RunContext): ScanScope {
  if (context.pullRequest) {
    return { kind: 'pr', event: context.eventName, base: context.pullRequest.baseSha, head: context.pullRequest.headSha };
  }
  return { kind: 'full', event: context.eventName || undefined };
}
