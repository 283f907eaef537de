// The verification's bounds and bookkeeping: concurrency cap, per-provider pacing, once per distinct
// secret, the run's limits and deadline, partners (AWS key pairs, Twilio SIDs), withheld tokens, the
// keyed cache, and the SigV4 signer against AWS's published vectors.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_RULES } from '../../src/checks/secrets/catalogue.js';
import type { Hit } from '../../src/checks/secrets/hits.js';
import { assignOutcomes } from '../../src/checks/secrets/verify/assign.js';
import { FileCache } from '../../src/checks/secrets/verify/cache.js';
import { VERIFIERS } from '../../src/checks/secrets/verify/providers/index.js';
import { createRunner } from '../../src/checks/secrets/verify/run.js';
import { signV4 } from '../../src/checks/secrets/verify/sigv4.js';
import type { VerifierSpec } from '../../src/checks/secrets/verify/types.js';
import { SampleRandom, githubToken } from '../helpers/secret-samples.js';
import { FakeProviders } from '../helpers/verify-server.js';
import { verifySamples } from './verify-samples.js';

const spec = (id: string) => VERIFIERS.find((v) => v.id === id) as VerifierSpec;
const github = spec('github');
const r = new SampleRandom(77);
const tokens = Array.from({ length: 12 }, () => githubToken(r));
const OK = { status: 200, body: '{"login":"octocat"}' };
let fake: FakeProviders;

beforeAll(async () => {
  fake = await FakeProviders.start();
});
afterAll(async () => {
  await fake.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runner bounds', () => {
  it('never has more requests in flight than the concurrency cap', async () => {
    fake.reset(async () => (await sleep(150), OK));
    const runner = createRunner({ transportFor: fake.transportFor, limits: { concurrency: 3, intervalMs: 0 } });
    const outcomes = await Promise.all(tokens.slice(0, 9).map((t) => runner.verify(github, t)));
    expect(outcomes.every((o) => o.validity === 'live')).toBe(true);
    expect(fake.received).toHaveLength(9);
    expect(fake.maxInFlight).toBe(3);
  });

  it('spaces the requests to one provider by its interval: never faster than one per interval', async () => {
    fake.reset(() => OK);
    const sentAt: number[] = [];
    const transportFor: typeof fake.transportFor = (host) => {
      const inner = fake.transportFor(host);
      return (req, signal) => (sentAt.push(performance.now()), inner(req, signal));
    };
    const runner = createRunner({ transportFor, limits: { concurrency: 4, intervalMs: 80 } });
    const start = performance.now();
    await Promise.all(tokens.slice(0, 4).map((t) => runner.verify(github, t)));
    // A timer may fire late, never early: the i-th request leaves no sooner than i intervals after the first.
    sentAt.sort((a, b) => a - b);
    sentAt.forEach((at, i) => expect(at - start).toBeGreaterThanOrEqual(i * 80 - 2));
  });

  it('verifies each distinct secret once per run, however often it is found', async () => {
    fake.reset(async () => (await sleep(20), OK));
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0 } });
    const twice = await Promise.all([runner.verify(github, tokens[0] as string), runner.verify(github, tokens[0] as string)]);
    expect(await runner.verify(github, tokens[0] as string)).toEqual({ validity: 'live' });
    expect(twice).toEqual([{ validity: 'live' }, { validity: 'live' }]);
    expect(fake.received).toHaveLength(1);
    expect(runner.requests).toBe(1);
  });

  it('past maxSecrets distinct secrets, the rest are unknown (over-limit) and not sent', async () => {
    fake.reset(() => OK);
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0, maxSecrets: 2 } });
    const outcomes = await Promise.all(tokens.slice(0, 4).map((t) => runner.verify(github, t)));
    expect(outcomes.map((o) => o.reason ?? o.validity)).toEqual(['live', 'live', 'over-limit', 'over-limit']);
    expect(fake.received).toHaveLength(2);
  });

  it('past the deadline, what has not started is unknown (deadline)', async () => {
    fake.reset(() => 'hang');
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0, concurrency: 1, timeoutMs: 120, deadlineMs: 60 } });
    const outcomes = await Promise.all(tokens.slice(0, 3).map((t) => runner.verify(github, t)));
    expect(outcomes.map((o) => o.reason)).toEqual(['timeout', 'deadline', 'deadline']);
    expect(fake.received).toHaveLength(1);
  });

  it('sends nothing for a value that does not have the verifier’s exact shape', async () => {
    fake.reset(() => OK);
    const runner = createRunner({ transportFor: fake.transportFor });
    expect(await runner.verify(github, 'ghp_short/../../x')).toEqual({ validity: 'unknown', reason: 'not-supported' });
    expect(fake.received).toHaveLength(0);
  });

  it('a network error is unknown (network-error), never invalid', async () => {
    const runner = createRunner({ transportFor: () => () => Promise.reject(new Error('ECONNREFUSED')) });
    expect(await runner.verify(github, tokens[5] as string)).toEqual({ validity: 'unknown', reason: 'network-error' });
  });
});

describe('partners and withheld tokens', () => {
  const samples = verifySamples();
  const rule = (id: string) => SECRET_RULES.find((x) => x.id === id) as Hit['rule'];
  const hit = (ruleId: string, secret: string, path: string, line = 1): Hit => ({ rule: rule(ruleId), secret, path, span: { line, column: 1, endLine: line, endColumn: 1 + secret.length }, scope: 'tree', confidence: 'high' });

  it('an AWS secret key is verified with the access key IDs of its file, and both findings get the verdict', async () => {
    const aws = samples.aws as { secret: string; partner: string };
    fake.reset((req) => (req.headers.authorization?.includes(`Credential=${aws.partner}/`) ? { status: 200, body: '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>' } : { status: 403, body: '<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>' }));
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0 } });
    const other = `AKIA${'B'.repeat(16)}`;
    const hits = [hit('secrets/aws-access-key-id', other, 'a.ini', 1), hit('secrets/aws-access-key-id', aws.partner, 'a.ini', 2), hit('secrets/aws-secret-access-key', aws.secret, 'a.ini', 3), hit('secrets/aws-access-key-id', `AKIA${'C'.repeat(16)}`, 'elsewhere.ini')];
    const outcomes = await assignOutcomes(hits, runner, { withhold: new Set(), textOf: async () => undefined, maxPartners: 4 });
    expect(hits.map((h) => outcomes.get(h))).toEqual([{ validity: 'invalid' }, { validity: 'live' }, { validity: 'live' }, { validity: 'unknown', reason: 'needs-partner' }]);
    // Two pairs tried (the two IDs of the same file), none for the other file.
    expect(fake.received).toHaveLength(2);
  });

  it('a Twilio auth token is verified with the Account SID written in its file; without one it is unknown (needs-partner)', async () => {
    const tw = samples.twilio as { secret: string; partner: string; text: string };
    fake.reset(() => ({ status: 200, body: '{"status":"active"}' }));
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0 } });
    const withSid = hit('secrets/twilio-auth-token', tw.secret, 'sms.py', 2);
    const alone = hit('secrets/twilio-auth-token', tw.secret.replace(/^./, 'f'), 'other.py', 1);
    const outcomes = await assignOutcomes([withSid, alone], runner, { withhold: new Set(), textOf: async (h) => (h.path === 'sms.py' ? tw.text : 'TWILIO_AUTH_TOKEN=...'), maxPartners: 4 });
    expect(outcomes.get(withSid)).toEqual({ validity: 'live' });
    expect(outcomes.get(alone)).toEqual({ validity: 'unknown', reason: 'needs-partner' });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]?.path).toBe(`/2010-04-01/Accounts/${tw.partner}.json`);
  });

  it("the run's own token is never sent (withheld)", async () => {
    fake.reset(() => OK);
    const runner = createRunner({ transportFor: fake.transportFor, limits: { intervalMs: 0 } });
    const own = hit('secrets/github-app-installation-token', `ghs_${'A'.repeat(36)}`, 'dump.txt');
    const outcomes = await assignOutcomes([own], runner, { withhold: new Set([own.secret]), textOf: async () => undefined, maxPartners: 4 });
    expect(outcomes.get(own)).toEqual({ validity: 'unknown', reason: 'withheld' });
    expect(fake.received).toHaveLength(0);
  });
});

describe('the verdict cache', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'sg-verify-cache-'));

  it('keeps verdicts under an HMAC with a key of its own: neither the secret nor a plain hash of it is in the files', async () => {
    const file = join(dir(), 'verdicts.json');
    const secret = tokens[0] as string;
    const cache = await FileCache.open(file);
    cache.set('github', secret, undefined, { validity: 'live' });
    cache.set('github', tokens[1] as string, undefined, { validity: 'unknown', reason: 'timeout' });
    await cache.save();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(4, 20));
    for (const plain of [secret, `github\0${secret}\0`]) expect(text).not.toContain(createHash('sha256').update(plain).digest('hex'));
    // Only definite verdicts are kept.
    expect(Object.keys(JSON.parse(text).entries)).toHaveLength(1);
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await FileCache.open(file)).get('github', secret, undefined)).toEqual({ validity: 'live' });
  });

  it('a live verdict is good for a day, an invalid one for 30 days', async () => {
    const file = join(dir(), 'verdicts.json');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const cache = await FileCache.open(file, () => now);
    cache.set('github', tokens[0] as string, undefined, { validity: 'live' });
    cache.set('github', tokens[1] as string, undefined, { validity: 'invalid' });
    await cache.save();
    now += 25 * 3600_000;
    const later = await FileCache.open(file, () => now);
    expect(later.get('github', tokens[0] as string, undefined)).toBeUndefined();
    expect(later.get('github', tokens[1] as string, undefined)).toEqual({ validity: 'invalid' });
  });

  it('a damaged cache is ignored; a damaged key is an error', async () => {
    const d = dir();
    writeFileSync(join(d, 'v.json'), '{not json');
    expect((await FileCache.open(join(d, 'v.json'))).get('github', 'x', undefined)).toBeUndefined();
    writeFileSync(join(d, 'w.json.key'), 'short\n');
    await expect(FileCache.open(join(d, 'w.json'))).rejects.toThrow(/not 64 hexadecimal digits/);
  });

  it('a second run with the cache sends nothing for what the first one settled', async () => {
    const file = join(dir(), 'verdicts.json');
    fake.reset(() => OK);
    const first = await FileCache.open(file);
    await createRunner({ transportFor: fake.transportFor, cache: first, limits: { intervalMs: 0 } }).verify(github, tokens[2] as string);
    await first.save();
    expect(fake.received).toHaveLength(1);
    const second = await FileCache.open(file);
    expect(await createRunner({ transportFor: fake.transportFor, cache: second }).verify(github, tokens[2] as string)).toEqual({ validity: 'live' });
    expect(fake.received).toHaveLength(1);
  });
});

describe('SigV4', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const at = new Date('2015-08-30T12:36:00Z');

  it("matches AWS's published Signature Version 4 test suite (get-vanilla, post-x-www-form-urlencoded)", () => {
    const vanilla = signV4({ method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '' }, credentials, 'us-east-1', 'service', at);
    expect(vanilla.authorization).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    expect(vanilla['x-amz-date']).toBe('20150830T123600Z');
    const form = signV4({ method: 'POST', host: 'example.amazonaws.com', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Param1=value1' }, credentials, 'us-east-1', 'service', at);
    expect(form.authorization).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a');
  });

  it("signs the STS request as AWS's own signer (@smithy/signature-v4 5.7.5) does", () => {
    // Computed once with @smithy/signature-v4, which adds x-amz-content-sha256: given here, the same signature.
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-amz-content-sha256': 'ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843' };
    const signed = signV4({ method: 'POST', host: 'sts.amazonaws.com', path: '/', headers, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, credentials, 'us-east-1', 'sts', at);
    expect(signed.authorization).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=9f0e431e991a97ebd2aae673a5d0ff8c05c0b0e0b5b880aff28872a27fc04924');
  });
});
