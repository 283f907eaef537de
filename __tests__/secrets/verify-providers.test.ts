// Every verifier against a local server that answers like its provider: live, revoked, rate-limited,
// 5xx, slow, redirected. Each request must go to the verifier's own host, to its documented endpoint,
// carrying the credential the way the provider wants it (and the AWS secret key not at all: it signs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDetector } from '../../src/checks/secrets/detector-config.js';
import { VERIFIERS } from '../../src/checks/secrets/verify/providers/index.js';
import { createRunner } from '../../src/checks/secrets/verify/run.js';
import type { VerifierSpec } from '../../src/checks/secrets/verify/types.js';
import { FakeProviders, type Received, type Reply } from '../helpers/verify-server.js';
import { END, START, renderVerifierTable } from './verify-doc.js';
import { verifySamples, type VerifySample } from './verify-samples.js';

const samples = verifySamples();
const detector = buildDetector({ off: [], patterns: [] });
const FAST = { timeoutMs: 250, intervalMs: 0, deadlineMs: 20_000 };
let fake: FakeProviders;

beforeAll(async () => {
  fake = await FakeProviders.start();
});
afterAll(async () => {
  await fake.close();
});

/** Whether the request carries the credential as the provider expects it. */
function carries(spec: VerifierSpec, sample: VerifySample, req: Received): boolean {
  const everything = `${req.path}\n${JSON.stringify(req.headers)}\n${req.body}`;
  if (spec.id === 'aws') {
    // Signed with the secret key, which itself never leaves: only the key ID and the signature do.
    return !everything.includes(sample.secret) && (req.headers.authorization ?? '').startsWith(`AWS4-HMAC-SHA256 Credential=${sample.partner}/`) && req.body === 'Action=GetCallerIdentity&Version=2011-06-15';
  }
  if (spec.id === 'twilio') return req.headers.authorization === `Basic ${Buffer.from(`${sample.partner}:${sample.secret}`).toString('base64')}`;
  if (spec.id === 'discord-webhook') return req.path === new URL(sample.secret).pathname;
  return everything.includes(sample.secret);
}

function endpointOf(spec: VerifierSpec): { method: string; prefix: string } {
  const [method, path] = spec.endpoint.split(' ') as [string, string];
  return { method, prefix: path.split('{')[0] as string };
}

/** The provider's documented answer when the request is right; a 400 otherwise (which the test would see). */
function answering(spec: VerifierSpec, sample: VerifySample, reply: Reply | 'hang'): (req: Received) => Reply | 'hang' {
  return (req) => (carries(spec, sample, req) ? reply : { status: 400, body: '{"error":"malformed request in the test"}' });
}

it('every verifier has a sample and documented answers', () => {
  expect(Object.keys(samples).sort()).toEqual(VERIFIERS.map((v) => v.id).sort());
  expect(VERIFIERS.length).toBeGreaterThanOrEqual(20);
});

describe.each(VERIFIERS.map((spec) => [spec.id, spec] as const))('%s', (id, spec) => {
  const sample = samples[id] as VerifySample;
  const verify = async (reply: Reply | 'hang', limits = {}) => {
    fake.reset(answering(spec, sample, reply));
    const runner = createRunner({ transportFor: fake.transportFor, limits: { ...FAST, ...limits } });
    return runner.verify(spec, sample.secret, sample.partner);
  };

  it('the detector finds its sample under a rule the verifier takes', () => {
    const matches = detector.scan(sample.text, sample.path);
    expect(matches.some((m) => spec.rules.includes(m.rule.id) && m.secret === sample.secret)).toBe(true);
    if (spec.partner?.rule) expect(matches.some((m) => m.rule.id === spec.partner?.rule && m.secret === sample.partner)).toBe(true);
    expect(spec.shape.test(sample.secret)).toBe(true);
  });

  it('live: the documented endpoint of its own host accepts it', async () => {
    expect(await verify(sample.live)).toEqual({ validity: 'live' });
    const { method, prefix } = endpointOf(spec);
    expect(fake.received.length).toBeGreaterThanOrEqual(1);
    for (const req of fake.received) {
      expect(spec.hosts).toContain(req.host);
      expect(req.method).toBe(method);
      expect(req.path.startsWith(prefix)).toBe(true);
      expect(req.headers['user-agent']).toMatch(/^security-gate\//);
    }
    expect(fake.hostsAsked.every((h) => spec.hosts.includes(h))).toBe(true);
  });

  it(`invalid: a rejection is ${sample.invalidMeans ? 'not proof (unknown)' : 'invalid'}, after every host of the provider said so`, async () => {
    const outcome = await verify(sample.invalid);
    expect(outcome).toEqual(sample.invalidMeans ? { validity: 'unknown', reason: sample.invalidMeans } : { validity: 'invalid' });
    expect(new Set(fake.received.map((r) => r.host))).toEqual(new Set(spec.hosts));
  });

  it('rate-limited (429): unknown, and the provider is asked nothing more in the run', async () => {
    fake.reset(answering(spec, sample, { status: 429, body: '{}', headers: { 'retry-after': '60' } }));
    const runner = createRunner({ transportFor: fake.transportFor, limits: FAST });
    expect(await runner.verify(spec, sample.secret, sample.partner)).toEqual({ validity: 'unknown', reason: 'rate-limited' });
    const sent = fake.received.length;
    expect(sent).toBe(1);
    // Another credential of the same provider: not sent.
    const other = sample.secret.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    if (spec.shape.test(other)) {
      expect(await runner.verify(spec, other, sample.partner)).toEqual({ validity: 'unknown', reason: 'rate-limited' });
      expect(fake.received.length).toBe(sent);
    }
  });

  if (sample.rateLimited) {
    it("rate-limited the provider's own way: unknown", async () => {
      expect(await verify(sample.rateLimited as Reply)).toEqual({ validity: 'unknown', reason: 'rate-limited' });
    });
  }

  it('5xx: unknown (server-error)', async () => {
    expect(await verify({ status: 503, body: '<html>Service Unavailable</html>' })).toEqual({ validity: 'unknown', reason: 'server-error' });
  });

  it('slow: unknown (timeout) once the timeout passes', async () => {
    const started = Date.now();
    expect(await verify('hang', { timeoutMs: 150 })).toEqual({ validity: 'unknown', reason: 'timeout' });
    // One timeout per host asked (Datadog has several sites), never much more.
    expect(Date.now() - started).toBeLessThan(150 * spec.hosts.length + 1500);
  });

  it('a redirect is not followed: unknown (redirect), and nothing is sent where it points', async () => {
    expect(await verify({ status: 302, body: '', headers: { location: `http://127.0.0.1:${fake.port}/collect` } })).toEqual({ validity: 'unknown', reason: 'redirect' });
    expect(fake.received.every((r) => r.path !== '/collect')).toBe(true);
    // Once per host of the provider (Datadog's sites), never where the redirect points.
    expect(fake.received.map((r) => r.host).sort()).toEqual([...spec.hosts].sort());
  });

  it('an answer its documentation does not describe is unknown, never live', async () => {
    const outcome = await verify({ status: 418, body: '{"ok":"maybe"}' });
    expect(outcome).toEqual({ validity: 'unknown', reason: 'unexpected-answer' });
  });
});

it('docs/secrets-verify.md lists every verifier, its rules, hosts and endpoint (regenerate with UPDATE_SECRETS_DOCS=1)', () => {
  const file = join(import.meta.dirname, '..', '..', 'docs', 'secrets-verify.md');
  const text = readFileSync(file, 'utf8');
  const table = renderVerifierTable(VERIFIERS);
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect(start, 'docs/secrets-verify.md has no generated table').toBeGreaterThanOrEqual(0);
  const current = text.slice(start, end + END.length);
  if (process.env.UPDATE_SECRETS_DOCS && current !== table) writeFileSync(file, text.replace(current, table));
  else expect(current, 'docs/secrets-verify.md is stale: run UPDATE_SECRETS_DOCS=1 npx vitest run __tests__/secrets/verify-providers.test.ts').toBe(table);
});
