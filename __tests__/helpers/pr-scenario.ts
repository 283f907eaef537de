import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { runActionAsync, type ActionRun } from './action.js';
import { FakeGitHub } from './fake-github.js';
import { pullFilesFromGit } from './pull-files.js';
import { commit, git, makeRepo } from './repo.js';

const require = createRequire(import.meta.url);
export const TOKEN = 'ghs_e2eTokenNeverPrinted000000000000000';
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';

const servers: FakeGitHub[] = [];
/** Closes the servers the scenarios started (call it in afterEach); every request must have met the contract. */
export async function closeServers(): Promise<void> {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
}

/** GitHub's own example webhook payloads. */
export function webhookExample(name: string, action: string): Record<string, unknown> {
  const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, unknown>[] }[];
  const found = examples.find((e) => e.name === name)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found);
}

const POLICY_BASE = 'version: 1\nfail-on: error\nchecks:\n  files: {}\n';
// The pull request adds an exception for the old key store: the base's policy still judges it (the key
// store is reported), and the weakening is a warning on line 6 of the policy.
const POLICY_HEAD = `${POLICY_BASE}exceptions:\n  - rule: files/sensitive-file\n    path: legacy/**\n    reason: legacy fixtures, replaced in Q1\n    expires: 2099-01-01\n`;

export interface Scenario {
  root: string;
  base: string;
  head: string;
  gh: FakeGitHub;
  payload: Record<string, unknown>;
}

/**
 * A real repository: main has an old key store; the feature branch adds 125 binary key stores, a private
 * key (text) and a policy exception for the old key store. The event is GitHub's own example `pull_request.opened`
 * payload with its shas pointed at these commits.
 */
export async function scenario(options: { fork?: boolean; files?: Record<string, string> } = {}): Promise<Scenario> {
  const root = makeRepo({ 'security-policy.yml': POLICY_BASE, 'src/app.ts': 'export const app = 1;\n', 'legacy/old.pfx': Buffer.from([0x30, 0x82, 0, 1]) });
  const base = git(root, 'rev-parse', 'HEAD').trim();
  git(root, 'checkout', '-q', '-b', 'changes');
  const stores: Record<string, Buffer | string> = {};
  for (let i = 0; i < 125; i++) stores[`certs/client-${String(i).padStart(3, '0')}.p12`] = Buffer.from([0x30, 0x82, i, 0, 0xff]);
  const head = commit(root, { ...stores, ...options.files, 'security-policy.yml': POLICY_HEAD, 'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' }, 'Add client certificates');

  const gh = await new FakeGitHub(OWNER, REPO, TOKEN).start();
  servers.push(gh);
  gh.pulls.set(2, { files: pullFilesFromGit(root, base, head), headSha: head, baseSha: base, headRepo: options.fork ? `someone/${REPO}` : `${OWNER}/${REPO}` });

  const payload = webhookExample('pull_request', 'opened') as unknown as { pull_request: { head: { sha: string; repo: { full_name: string } }; base: { sha: string } } };
  payload.pull_request.head.sha = head;
  payload.pull_request.base.sha = base;
  if (options.fork) payload.pull_request.head.repo.full_name = `someone/${REPO}`;
  return { root, base, head, gh, payload: payload as unknown as Record<string, unknown> };
}

export function run(entry: string, s: Scenario, extra: { inputs?: Record<string, string>; env?: Record<string, string>; eventName?: string; payload?: unknown } = {}): Promise<ActionRun> {
  return runActionAsync({
    entry,
    workspace: s.root,
    eventName: extra.eventName ?? 'pull_request',
    payload: extra.payload ?? s.payload,
    inputs: { token: TOKEN, ...extra.inputs },
    env: {
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      // On pull_request GITHUB_SHA is the merge commit, which is not what the check run belongs to.
      GITHUB_SHA: 'e'.repeat(40),
      GITHUB_API_URL: s.gh.url,
      GITHUB_RUN_ID: '1658821493',
      ...extra.env,
    },
  });
}

export function workflowAnnotations(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^::(error|warning|notice) title=/.test(l));
}

export function neverLeaks(r: ActionRun): void {
  for (const text of [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs)]) expect(text).not.toContain(TOKEN);
}
