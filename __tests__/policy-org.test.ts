import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { PolicyError, type PolicyProblem } from '../src/policy/errors.js';
import { loadPolicyText } from '../src/policy/load.js';
import { githubContentsFetcher, parseRemoteRef, type RemoteFetcher } from '../src/policy/remote.js';
import { makeDir } from './helpers/repo.js';

const SHARED = `version: 1
extends: [recommended]
fail-on: warning
lock:
  - fail-on
  - checks.files.enabled
  - exceptions
checks:
  files:
    allow: ["fixtures/**"]
`;

/** A fake organisation repository of shared policies. */
const remoteFiles: Record<string, string> = {
  'octo-org/policies/security/base.yml@v1': SHARED,
  'octo-org/policies/security/strict.yml@v1': 'version: 1\nextends: [./base.yml]\nignore: ["vendor/**"]\n',
  // Locks that keep a check on, but leave exceptions, ignores and severities open to the repository.
  'octo-org/policies/security/files-on.yml@v1': 'version: 1\nextends: [recommended]\nfail-on: warning\nlock: [checks.files.enabled, checks.secrets.enabled]\n',
  'octo-org/policies/security/files-frozen.yml@v1': 'version: 1\nextends: [recommended]\nlock: [checks.files]\n',
};
const fakeRemote: RemoteFetcher = async (ref) => {
  const text = remoteFiles[`${ref.owner}/${ref.repo}/${ref.path}@${ref.ref}`];
  if (text === undefined) throw new Error('not found, or the token cannot read octo-org/policies');
  return text;
};

async function load(text: string) {
  return loadPolicyText('security-policy.yml', text, { root: makeDir({}), checks: CHECKS, remote: fakeRemote });
}

async function problems(text: string): Promise<PolicyProblem[]> {
  try {
    await load(text);
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('shared policies from another repository', () => {
  it('parses owner/repo/path@ref and refuses traversal', () => {
    expect(parseRemoteRef('octo-org/policies/security/base.yml@v1')).toEqual({ owner: 'octo-org', repo: 'policies', path: 'security/base.yml', ref: 'v1' });
    expect(parseRemoteRef('octo-org/policies/../x.yml@v1')).toBeUndefined();
    expect(parseRemoteRef('octo-org/policies/base.yml')).toBeUndefined();
    expect(parseRemoteRef('./base.yml')).toBeUndefined();
  });

  it('extends a shared policy, which may extend files next to it, with local overrides', async () => {
    const loaded = await load('version: 1\nextends: [octo-org/policies/security/strict.yml@v1]\nchecks:\n  files:\n    allow: ["test/keys/**"]\n');
    expect(loaded.chain).toEqual(['preset:recommended', 'octo-org/policies/security/base.yml@v1', 'octo-org/policies/security/strict.yml@v1', 'security-policy.yml']);
    expect(loaded.policy.failOn).toBe('warning');
    expect(loaded.policy.ignore).toEqual(['vendor/**']);
    expect(loaded.policy.checks.files).toEqual({ allow: ['test/keys/**'] });
  });

  it('locked settings cannot be changed by the repository; fail-on may only get stricter', async () => {
    const list = await problems(
      'version: 1\nextends: [octo-org/policies/security/base.yml@v1]\nfail-on: error\nchecks:\n  files:\n    enabled: false\nexceptions:\n  - rule: files/sensitive-file\n    reason: because\n    expires: 2099-01-01\n',
    );
    expect(list.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '3:10 fail-on is locked by octo-org/policies/security/base.yml@v1: this policy cannot change it',
      '6:14 checks.files.enabled is locked by octo-org/policies/security/base.yml@v1: this policy cannot change it',
      '7:1 exceptions is locked by octo-org/policies/security/base.yml@v1: this policy cannot add exceptions',
    ]);
    const stricter = await load('version: 1\nextends: [octo-org/policies/security/base.yml@v1]\nfail-on: notice\n');
    expect(stricter.policy.failOn).toBe('notice');
  });

  it('a locked check stays on by every route: severities, ignores and exceptions cannot switch it off', async () => {
    const base = 'version: 1\nextends: [octo-org/policies/security/files-on.yml@v1]\n';
    const refused = async (text: string) => (await problems(base + text)).map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(await refused('checks:\n  files:\n    severity:\n      files/sensitive-file: "off"\n  secrets:\n    severity: {secrets/private-key: "off"}\n')).toEqual([
      '6:29 rule `files/sensitive-file` is turned off, but checks.files is locked by octo-org/policies/security/files-on.yml@v1: this policy cannot weaken it',
      '8:37 rule `secrets/private-key` is turned off, but checks.secrets is locked by octo-org/policies/security/files-on.yml@v1: this policy cannot weaken it',
    ]);
    // A notice never fails a gate that fails on warnings: as good as off.
    expect(await refused('checks:\n  files:\n    severity: {files/sensitive-file: notice}\n')).toEqual([
      '5:38 rule `files/sensitive-file` goes from error to notice, but checks.files is locked by octo-org/policies/security/files-on.yml@v1: this policy cannot weaken it',
    ]);
    expect(await refused('ignore: ["**"]\n')).toHaveLength(1);
    expect((await refused('checks:\n  files:\n    ignore: ["*"]\n'))[0]).toMatch(/^5:13 checks.files.ignore adds `\*`, but checks.files is locked/);
    expect((await refused('exceptions:\n  - rule: "files/*"\n    reason: noisy\n    expires: 2099-01-01\n'))[0]).toMatch(/^4:3 a new exception \(rule `files\/\*`, until 2099-01-01\) suppresses findings, but checks.files is locked/);
    // Partial tuning stays the repository's: one path allowed, one directory ignored, a warning kept a warning.
    const tuned = await load(`${base}ignore: ["vendor/**"]\nchecks:\n  files:\n    allow: ["test/keys/**"]\n    severity: {files/sensitive-file: warning}\nexceptions:\n  - rule: files/sensitive-file\n    path: "fixtures/**"\n    reason: throwaway keys\n    expires: 2099-01-01\n`);
    expect(tuned.policy.checks.files?.severity).toEqual({ 'files/sensitive-file': 'warning' });
    expect(tuned.policy.exceptions).toHaveLength(1);
  });

  it('a locked section cannot be weakened at all', async () => {
    const list = await problems('version: 1\nextends: [octo-org/policies/security/files-frozen.yml@v1]\nchecks:\n  files:\n    allow: ["test/keys/**"]\n');
    expect(list.map((p) => p.message)).toEqual([
      'checks.files is locked by octo-org/policies/security/files-frozen.yml@v1: this policy cannot change it',
    ]);
    const ignored = await problems('version: 1\nextends: [octo-org/policies/security/files-frozen.yml@v1]\nignore: ["vendor/**"]\n');
    expect(ignored.map((p) => p.message)).toEqual([
      'ignore adds `vendor/**`: no check looks at those paths, but checks.files is locked by octo-org/policies/security/files-frozen.yml@v1: this policy cannot weaken it',
    ]);
  });

  it('unknown lock paths are policy errors', async () => {
    const [p] = await problems('version: 1\nlock: [checks.nope, colour]\n');
    expect(p?.message).toMatch(/lock "checks.nope" names no policy key/);
    expect(p).toMatchObject({ line: 2, column: 8 });
  });

  it('explains a missing token or an unreadable repository at the extends line', async () => {
    const [p] = await problems('version: 1\nextends:\n  - octo-org/policies/missing.yml@v1\n');
    expect(p).toMatchObject({ line: 3, column: 5, message: 'extends "octo-org/policies/missing.yml@v1": not found, or the token cannot read octo-org/policies' });
    await expect(loadPolicyText('security-policy.yml', 'version: 1\nextends: [octo-org/policies/security/base.yml@v1]\n', { root: makeDir({}), checks: CHECKS })).rejects.toThrow(/needs the GitHub API/);
  });
});

describe('githubContentsFetcher against a local API', () => {
  const require = createRequire(import.meta.url);
  const spec = require('@octokit/openapi/generated/api.github.com.json') as { paths: Record<string, Record<string, { operationId: string; parameters?: { name?: string; in?: string; $ref?: string }[] }>> };
  const requests: IncomingMessage[] = [];
  let url = '';
  const server = createServer((req, res) => {
    requests.push(req);
    if (req.url?.startsWith('/repos/octo-org/policies/contents/security/base.yml?ref=v1')) {
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw+json' }).end(SHARED);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    }
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends GET /repos/{owner}/{repo}/contents/{path}?ref= as the OpenAPI description defines it', async () => {
    const fetcher = githubContentsFetcher({ apiUrl: url, token: 'test-token-value' });
    expect(await fetcher({ owner: 'octo-org', repo: 'policies', path: 'security/base.yml', ref: 'v1' })).toBe(SHARED);
    const req = requests.at(-1) as IncomingMessage;
    expect(req.method).toBe('GET');
    expect(req.headers.authorization).toBe('Bearer test-token-value');
    expect(req.headers.accept).toBe('application/vnd.github.raw+json');
    const op = spec.paths['/repos/{owner}/{repo}/contents/{path}']?.get;
    expect(op?.operationId).toBe('repos/get-content');
    const params = (op?.parameters ?? []).map((p) => p.name ?? p.$ref?.split('/').at(-1));
    expect(params).toEqual(expect.arrayContaining(['owner', 'repo', 'path', 'ref']));
    await expect(fetcher({ owner: 'octo-org', repo: 'policies', path: 'nope.yml', ref: 'v1' })).rejects.toThrow(/not found, or the token cannot read octo-org\/policies/);
  });
});
