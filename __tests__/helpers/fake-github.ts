import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRequest } from './github-contract.js';

/**
 * A local stand-in for api.github.com: the endpoints Security Gate uses, with GitHub's behaviour where it
 * matters (pagination with Link headers, annotations appended per update, review comments refused off
 * the diff, bot authors), every request recorded and checked against the OpenAPI description, and faults
 * injected on demand.
 */
export interface PullFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  /** GitHub leaves the patch out of the list for large diffs; review comments on its lines still work. */
  hidePatch?: boolean;
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
  operationId?: string;
  errors: string[];
  status: number;
  /** Size of the request body in bytes (UTF-8), as sent. */
  bytes: number;
}

export interface Fault {
  method?: string;
  /** Matches the path; default every path. */
  path?: RegExp;
  /** Only requests that write (POST, PATCH, PUT, DELETE). */
  writes?: boolean;
  /** How many matching requests fail; Infinity for all. */
  times: number;
  /** How many matching requests go through before the fault starts (kill the k-th request: skip k - 1). */
  skip?: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ReviewComment {
  id: number;
  node_id: string;
  pull_request_review_id: number | null;
  path: string;
  line: number | null;
  start_line: number | null;
  side: 'RIGHT' | 'LEFT';
  commit_id: string;
  body: string;
  in_reply_to_id?: number;
  user: { login: string; id: number; type: 'Bot' | 'User' };
  created_at: string;
  url: string;
  html_url: string;
}

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: Record<string, unknown>[];
  updates: number;
}

const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };

/** RIGHT-side lines a review comment may use: every line inside a hunk (added or context). */
function diffLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  if (!patch) return lines;
  let line = 0;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) line = Number(hunk[1]);
    else if (text.startsWith('+') || text.startsWith(' ')) lines.add(line++);
  }
  return lines;
}

export class FakeGitHub {
  url = '';
  readonly requests: Recorded[] = [];
  readonly faults: Fault[] = [];
  readonly checkRuns = new Map<number, CheckRunState>();
  readonly reviewComments: ReviewComment[] = [];
  readonly reviews: { id: number; body: string; commit_id: string; event: string; user: typeof BOT }[] = [];
  readonly issueComments: { id: number; body: string; user: { login: string; id: number; type: 'Bot' | 'User' } }[] = [];
  /** Pull requests by number: their files (what the files API lists) and head. */
  readonly pulls = new Map<number, { files: PullFile[]; headSha: string; baseSha: string; headRepo: string }>();
  private server: Server | undefined;
  private nextId = 1000;

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly token: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          this.send(res, 500, { message: `fake server: ${(error as Error).message}` });
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Contract errors of every request received, as `METHOD path: error` lines. */
  violations(): string[] {
    return this.requests.flatMap((r) => r.errors.map((e) => `${r.method} ${r.path}: ${e}`));
  }

  /** Requests by operation id, in order. */
  calls(operationId: string): Recorded[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  addComment(comment: Partial<ReviewComment> & { path: string; body: string }): ReviewComment {
    const id = this.nextId++;
    const full: ReviewComment = {
      id,
      node_id: `PRRC_${id}`,
      pull_request_review_id: null,
      line: null,
      start_line: null,
      side: 'RIGHT',
      commit_id: '0'.repeat(40),
      user: BOT,
      created_at: new Date().toISOString(),
      url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/comments/${id}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/1#discussion_r${id}`,
      ...comment,
    };
    this.reviewComments.push(full);
    return full;
  }

  private send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  private page<T>(req: IncomingMessage, res: ServerResponse, url: URL, items: T[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) {
      const link = (p: number) => {
        const next = new URL(url.toString());
        next.searchParams.set('page', String(p));
        return `${this.url}${next.pathname}${next.search}`;
      };
      headers.link = `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"`;
    }
    this.send(res, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://fake.github');
    const method = req.method ?? 'GET';
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: Recorded = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
      errors: [],
      status: 0,
      bytes: Buffer.byteLength(raw, 'utf8'),
    };
    const contract = checkRequest(record);
    record.operationId = contract.operationId;
    record.errors = contract.errors;
    this.requests.push(record);
    const reply = (status: number, data?: unknown, headers?: Record<string, string>) => {
      record.status = status;
      this.send(res, status, data, headers);
    };

    if (req.headers.authorization !== `token ${this.token}`) return reply(401, { message: 'Bad credentials' });
    const matching = this.faults.filter((f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)) && (!f.writes || method !== 'GET'));
    let fault: Fault | undefined;
    for (const f of matching) {
      if ((f.skip ?? 0) > 0) (f.skip as number)--;
      else fault ??= f;
    }
    if (fault) {
      fault.times--;
      return reply(fault.status, fault.body ?? { message: 'fault' }, fault.headers);
    }
    if (record.errors.length) return reply(422, { message: 'Validation Failed', errors: record.errors });

    const base = `/repos/${this.owner}/${this.repo}`;
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'POST' && p === `${base}/check-runs`) {
      const b = body as Record<string, unknown>;
      const id = this.nextId++;
      const run: CheckRunState = { id, name: b.name as string, head_sha: b.head_sha as string, status: (b.status as string) ?? 'queued', conclusion: null, details_url: b.details_url as string | undefined, output: {}, annotations: [], updates: 0 };
      this.applyCheckRun(run, b);
      this.checkRuns.set(id, run);
      return reply(201, this.checkRunJson(run));
    }
    if (method === 'PATCH' && (m = new RegExp(`^${base}/check-runs/(\\d+)$`).exec(p))) {
      const run = this.checkRuns.get(Number(m[1]));
      if (!run) return reply(404, { message: 'Not Found' });
      run.updates++;
      this.applyCheckRun(run, body as Record<string, unknown>);
      return reply(200, this.checkRunJson(run));
    }
    if (method === 'GET' && (m = new RegExp(`^${base}/pulls/(\\d+)$`).exec(p))) {
      const pr = this.pulls.get(Number(m[1]));
      if (!pr) return reply(404, { message: 'Not Found' });
      return reply(200, { number: Number(m[1]), state: 'open', head: { sha: pr.headSha, repo: { full_name: pr.headRepo } }, base: { sha: pr.baseSha, repo: { full_name: `${this.owner}/${this.repo}` } } });
    }
    if (method === 'GET' && (m = new RegExp(`^${base}/pulls/(\\d+)/files$`).exec(p))) {
      const pr = this.pulls.get(Number(m[1]));
      if (!pr) return reply(404, { message: 'Not Found' });
      record.status = 200;
      // GitHub lists at most 3,000 files.
      const listed = pr.files.slice(0, 3000).map(({ hidePatch, patch, ...f }) => ({ sha: 'f'.repeat(40), blob_url: '', raw_url: '', contents_url: '', ...f, ...(hidePatch || patch === undefined ? {} : { patch }) }));
      return this.page(req, res, url, listed);
    }
    if (method === 'GET' && (m = new RegExp(`^${base}/pulls/(\\d+)/comments$`).exec(p))) {
      record.status = 200;
      return this.page(req, res, url, this.reviewComments);
    }
    if (method === 'GET' && (m = new RegExp(`^${base}/pulls/(\\d+)/reviews$`).exec(p))) {
      record.status = 200;
      return this.page(req, res, url, this.reviews);
    }
    if (method === 'POST' && (m = new RegExp(`^${base}/pulls/(\\d+)/reviews$`).exec(p))) {
      const pr = this.pulls.get(Number(m[1]));
      if (!pr) return reply(404, { message: 'Not Found' });
      const b = body as { body?: string; event?: string; commit_id?: string; comments?: { path: string; line: number; start_line?: number; side?: string; body: string }[] };
      for (const c of b.comments ?? []) {
        const lines = diffLines(pr.files.find((f) => f.filename === c.path)?.patch);
        if (!lines.has(c.line) || (c.start_line !== undefined && !lines.has(c.start_line))) {
          return reply(422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' });
        }
      }
      const id = this.nextId++;
      this.reviews.push({ id, body: b.body ?? '', commit_id: b.commit_id ?? pr.headSha, event: b.event ?? 'PENDING', user: BOT });
      for (const c of b.comments ?? []) {
        this.addComment({ path: c.path, line: c.line, start_line: c.start_line ?? null, body: c.body, pull_request_review_id: id, commit_id: b.commit_id ?? pr.headSha });
      }
      return reply(200, { id, node_id: `PRR_${id}`, body: b.body ?? '', state: 'COMMENTED', user: BOT, commit_id: b.commit_id });
    }
    if (method === 'DELETE' && (m = new RegExp(`^${base}/pulls/comments/(\\d+)$`).exec(p))) {
      const at = this.reviewComments.findIndex((c) => c.id === Number(m?.[1]));
      if (at < 0) return reply(404, { message: 'Not Found' });
      this.reviewComments.splice(at, 1);
      return reply(204);
    }
    if ((m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(p))) {
      if (method === 'GET') {
        record.status = 200;
        return this.page(req, res, url, this.issueComments);
      }
      if (method === 'POST') {
        const comment = { id: this.nextId++, body: (body as { body: string }).body, user: BOT };
        this.issueComments.push(comment);
        return reply(201, comment);
      }
    }
    if (method === 'PATCH' && (m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(p))) {
      const comment = this.issueComments.find((c) => c.id === Number(m?.[1]));
      if (!comment) return reply(404, { message: 'Not Found' });
      comment.body = (body as { body: string }).body;
      return reply(200, comment);
    }
    return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private applyCheckRun(run: CheckRunState, b: Record<string, unknown>): void {
    if (typeof b.status === 'string') run.status = b.status;
    if (typeof b.conclusion === 'string') {
      run.conclusion = b.conclusion;
      run.status = 'completed';
    }
    const output = b.output as { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] } | undefined;
    if (output) {
      const { annotations, ...rest } = output;
      run.output = { ...run.output, ...rest };
      // Each update appends its annotations, as GitHub does.
      if (annotations) run.annotations.push(...annotations);
    }
  }

  private checkRunJson(run: CheckRunState) {
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.head_sha,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      url: `${this.url}/repos/${this.owner}/${this.repo}/check-runs/${run.id}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/runs/${run.id}`,
      details_url: run.details_url ?? null,
      output: { ...run.output, annotations_count: run.annotations.length },
    };
  }
}
