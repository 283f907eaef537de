import { describe, expect, it } from 'vitest';
import { isAppPassword, looksGenerated, matchConfidence, ruleConfidence, saysNotReal } from '../../src/checks/secrets/confidence.js';
import { createDetector } from '../../src/checks/secrets/detector.js';
import type { Candidate } from '../../src/checks/secrets/false-positives.js';
import { isEncodedText, isPlaceholder } from '../../src/checks/secrets/false-positives.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import type { SecretRule } from '../../src/checks/secrets/types.js';
import { ALNUM, BASE64, FakeRandom, HEX, LOWER } from './fakes.js';

const r = new FakeRandom(1313);
const detector = createDetector(SECRET_RULES);
const rule = (id: string) => SECRET_RULES.find((x) => x.id === `secrets/${id}`) as SecretRule;
const scan = (text: string, path: string) => detector.scan(text, path).map((m) => `${m.rule.id} ${m.confidence} ${m.secret}`);
const candidate = (secret: string, line: string, extra: Partial<Candidate> = {}): Candidate => ({ secret, line, column: line.indexOf(secret), path: 'src/app.ts', quoted: true, ...extra });

/** A random base64 value of 44 characters with exactly `n` slashes. */
function base64WithSlashes(n: number): string {
  const alphabet = BASE64.replace('/', '');
  const chars = [...r.chars(alphabet, 43)];
  for (let placed = 0; placed < n; ) {
    const at = r.int(1, 41);
    if (chars[at] === '/' || chars[at - 1] === '/' || chars[at + 1] === '/') continue;
    chars[at] = '/';
    placed++;
  }
  return `${chars.join('')}=`;
}

describe('confidence of a rule, before its value is judged', () => {
  it('is high for a checksum or a published prefix and for key material, medium for keyed provider formats, low for generic rules', () => {
    expect(ruleConfidence(rule('github-pat'))).toBe('high');
    expect(ruleConfidence(rule('stripe-secret-key'))).toBe('high');
    expect(ruleConfidence(rule('private-key'))).toBe('high');
    expect(ruleConfidence(rule('fcm-server-key'))).toBe('high');
    expect(ruleConfidence(rule('aws-secret-access-key'))).toBe('medium');
    expect(ruleConfidence(rule('jwt'))).toBe('medium');
    expect(ruleConfidence(rule('signing-key-default'))).toBe('medium');
    expect(ruleConfidence(rule('generic-secret'))).toBe('low');
    expect(ruleConfidence(rule('env-fallback'))).toBe('low');
  });
});

describe('values a machine generated', () => {
  it('tells generated values from words a person typed', () => {
    for (const value of [r.chars(ALNUM, 40), r.chars(HEX, 64), r.chars(BASE64, 44), r.password(24)]) expect(looksGenerated(value), value).toBe(true);
    for (const value of ['MySuperSecretPassword2024', 'preset_secret_token_12345', 'updatedSecretKey123', 'oauth2_access_token_123', 'Backdoor2026!', r.chars(HEX, 24)]) expect(looksGenerated(value), value).toBe(false);
  });

  it('raises a generic match with a generated value to medium and keeps a typed one low', () => {
    const random = r.chars(ALNUM, 36);
    expect(scan(`const apiToken = "${random}";\n`, 'src/client.ts')).toEqual([`secrets/generic-secret medium ${random}`]);
    expect(scan('const adminPassword = "Harbour!2031Tide";\n', 'src/seed.ts')).toEqual(['secrets/generic-secret low Harbour!2031Tide']);
  });

  it('lowers a URL password that is weak or the user name again, and keeps a generated one medium', () => {
    const strong = r.chars(ALNUM, 24);
    expect(scan(`DATABASE_URL=postgres://billing:${strong}@pg.acme-corp.io:5432/billing\n`, 'deploy/prod.env')).toEqual([`secrets/postgres-url medium ${strong}`]);
    expect(scan('DATABASE_URL=postgres://billing:Harbour2031@pg.acme-corp.io:5432/billing\n', 'deploy/prod.env')).toEqual(['secrets/postgres-url low Harbour2031']);
    expect(scan('DATABASE_URL=postgres://billing:billing@pg.acme-corp.io:5432/billing\n', 'deploy/prod.env')).toEqual(['secrets/postgres-url low billing']);
  });

  it('lowers a value whose own comment says it is not real, or that names a sandbox', () => {
    const value = r.chars(ALNUM, 32);
    expect(saysNotReal(candidate(value, `  secret: "${value}", // dummy value for the parser test`))).toBe(true);
    expect(saysNotReal(candidate(value, `  secret: "${value}", # not actually a secret`))).toBe(true);
    expect(saysNotReal(candidate(value, `  secret: "${value}", // rotated 2024-03`))).toBe(false);
    expect(matchConfidence(rule('generic-secret'), candidate(value, `secret = "${value}" // fake`, { key: 'secret' }), { key: 'secret' })).toBe('low');
    const sandbox = `access-sandbox-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`;
    expect(matchConfidence(rule('generic-secret'), candidate(sandbox, `access_token: "${sandbox}"`, { key: 'access_token' }), { key: 'access_token' })).toBe('low');
  });

  it('keeps a provider format high even next to a comment that calls it fake', () => {
    const stripe = `sk_live_${r.chars(ALNUM, 24)}`;
    expect(scan(`const key = '${stripe}'; // fake\n`, 'src/billing.ts')).toEqual([`secrets/stripe-secret-key high ${stripe}`]);
  });
});

describe('16-letter app passwords under password-named keys', () => {
  it('reports a random 16-letter value as medium, and not one made of words', () => {
    let value: string;
    do value = r.chars(LOWER, 16);
    while (!isAppPassword(candidate(value, `EMAIL_HOST_PASSWORD = "${value}"`, { key: 'EMAIL_HOST_PASSWORD' })));
    expect(scan(`EMAIL_HOST_PASSWORD = "${value}"\n`, 'app/settings.py')).toEqual([`secrets/generic-secret medium ${value}`]);
    expect(scan('EMAIL_HOST_PASSWORD = "correcthorsebatt"\n', 'app/settings.py')).toEqual([]);
    expect(scan(`EMAIL_HOST_USER = "${value}"\n`, 'app/settings.py')).toEqual([]);
  });
});

describe('base64 secrets with slashes', () => {
  it.each([0, 1, 2, 3, 4, 5])('finds a base64 secret with %i slash(es), alone in a file and under a key', (n) => {
    const value = base64WithSlashes(n);
    expect((value.match(/\//g) ?? []).length).toBe(n);
    expect(scan(`SIGNING_SECRET=${value}\n`, 'deploy/app.env')).toEqual([`secrets/generic-secret-config medium ${value}`]);
    expect(scan(`export const signingSecret = "${value}";\n`, 'src/crypto.ts')).toEqual([`secrets/generic-secret medium ${value}`]);
  });

  it('still takes paths and routes for what they are', () => {
    for (const text of ['KEY_PATH = "config/keys/signing.pem"\n', 'token_endpoint = "/api/v1/oauth/token"\n', 'AuthServiceRefreshTokenProcedure = "/memos.api.v1.AuthService/RefreshToken"\n']) expect(scan(text, 'src/config.py'), text).toEqual([]);
  });
});

describe('placeholders are judged on the whole value', () => {
  it('a random key that happens to contain xxxx or Xxxxx is still a key', () => {
    const stripe = `sk_live_${r.chars(ALNUM, 40)}xxxx${r.chars(ALNUM, 40)}`;
    const other = `${r.chars(ALNUM, 20)}Xxxxx${r.chars(ALNUM, 20)}`;
    expect(isPlaceholder(stripe)).toBe(false);
    expect(isPlaceholder(other)).toBe(false);
    expect(scan(`STRIPE_SECRET_KEY=${stripe}\n`, '.env.production')).toEqual([`secrets/stripe-secret-key high ${stripe}`]);
  });

  it('x runs that stand for the secret still make a placeholder', () => {
    for (const value of ['sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'AKIAXXXXXXXXXXXXXXXX', 'xoxb-xxxx-xxxx-xxxxxxxxxxxx', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', '12345xxxx']) expect(isPlaceholder(value), value).toBe(true);
  });
});

describe('base64 of readable text is not key material', () => {
  it('decodes the value and judges the text it holds', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    expect(isEncodedText(b64('my-secret-key'))).toBe(true);
    expect(isEncodedText(b64(JSON.stringify({ UserID: 'defaultUser', Password: 'defaultPassword' })))).toBe(true);
    expect(isEncodedText(Buffer.from(r.chars(HEX, 64), 'hex').toString('base64'))).toBe(false);
    expect(isEncodedText(b64(r.chars(ALNUM, 32)))).toBe(false);
    expect(scan('  secret: "bGV0LW1lLWluLXBsZWFzZQ==",\n', 'src/auth/jwt.ts')).toEqual([]);
    const wrapped = b64(r.chars(ALNUM, 30));
    expect(scan(`  secret: "${wrapped}",\n`, 'src/auth/jwt.ts')).toEqual([`secrets/generic-secret medium ${wrapped}`]);
  });
});
