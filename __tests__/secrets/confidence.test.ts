import { describe, expect, it } from 'vitest';
import { isAppPassword, looksGenerated, matchConfidence, namesTestValue, ruleConfidence, saysNotReal, saysRevoked } from '../../src/checks/secrets/confidence.js';
import { createDetector } from '../../src/checks/secrets/detector.js';
import type { Candidate } from '../../src/checks/secrets/false-positives.js';
import { isEncodedText, isPlaceholder } from '../../src/checks/secrets/false-positives.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import type { SecretRule } from '../../src/checks/secrets/types.js';
import { ALNUM, BASE64, FakeRandom, HEX, LOWER, crcToken } from './fakes.js';

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

  it('lowers a prefix-only provider format that its own comment calls fake to medium, and keeps a checksum format high', () => {
    const stripe = `sk_live_${r.chars(ALNUM, 24)}`;
    // Medium is still reported in application code; in a test file it is a candidate.
    expect(scan(`const key = '${stripe}'; // fake\n`, 'src/billing.ts')).toEqual([`secrets/stripe-secret-key medium ${stripe}`]);
    const webhook = `whsec_${r.chars(HEX, 32)}`;
    expect(scan(`const webhook = {\n  secret: "${webhook}", // dummy secret\n};\n`, 'tests/webhooks/index.test.ts')).toEqual([`secrets/stripe-webhook-secret medium ${webhook}`]);
    // A GitHub token's CRC-32 says GitHub's generator made it, whatever the comment claims.
    const gh = crcToken(r, 'ghp_');
    expect(scan(`GITHUB_TOKEN = "${gh}"  # fake\n`, 'tests/test_sync.py')).toEqual([`secrets/github-pat high ${gh}`]);
  });

  it('reads a comment alone on the line above the value', () => {
    const value = r.chars(ALNUM, 32);
    expect(saysNotReal(candidate(value, `const XOR_KEY = "${value}";`, { above: '// This is not actually a secret key, just a string we XOR the slug with' }))).toBe(true);
    expect(saysNotReal(candidate(value, `  apiKey: "${value}",`, { above: '  # fake key for the parser tests' }))).toBe(true);
    // Code above, or a comment about something else, says nothing about the value.
    expect(saysNotReal(candidate(value, `const KEY = "${value}";`, { above: 'const mode = "dummy"; // dummy mode' }))).toBe(false);
    expect(saysNotReal(candidate(value, `const KEY = "${value}";`, { above: '// Rotated every 90 days by the platform team' }))).toBe(false);
    expect(scan(`// This is not actually a secret key, it's XORed into link keys\nconst XOR_SECRET_KEY = "${value}";\n`, 'apps/web/lib/links.ts')).toEqual([`secrets/generic-secret low ${value}`]);
  });

  it('lowers a provider value whose prefix names a sandbox or test mode to medium', () => {
    const test = `sk_test_${r.chars(ALNUM, 24)}`;
    expect(scan(`STRIPE_SECRET_KEY=${test}\n`, 'apps/api/.env.production')).toEqual([`secrets/stripe-test-key medium ${test}`]);
    const live = `sk_live_${r.chars(ALNUM, 24)}`;
    expect(scan(`STRIPE_SECRET_KEY=${live}\n`, 'apps/api/.env.production')).toEqual([`secrets/stripe-secret-key high ${live}`]);
  });

  it('lowers a generic value whose key name says it is a test\'s', () => {
    for (const key of ['e2eRefreshTokenValidFixtureToken', 'TEST_API_KEY', 'mockClientSecret', 'dummy_password', 'FAKE_AUTH_TOKEN']) {
      expect(namesTestValue(key), key).toBe(true);
      const value = r.chars(ALNUM, 40);
      expect(scan(`const ${key} = "${value}";\n`, 'backend/internal/service/seed.go'), key).toEqual([`secrets/generic-secret low ${value}`]);
    }
    for (const key of ['latestToken', 'CONTEST_SECRET', 'attestationKey', 'API_TOKEN', 'manifestSecret']) expect(namesTestValue(key), key).toBe(false);
  });
});

describe('a value the text around it says was revoked', () => {
  const refresh = () => `1//0${r.chars(`${ALNUM}-_`, 99)}`;

  it('reads statements about this value, not sentences about revocation in general', () => {
    for (const said of ["And don't even try using that token, I've already revoked it. Get your own!", 'This token has been revoked.', '# revoked 2024-03-02, kept for the parser test', 'The key above (revoked) is only here to show the shape.', 'We have since revoked this key.']) {
      const text = `Run this:\n\n\`\`\`sh\n${'TOKEN'}\n\`\`\`\n\n${said}\n`;
      expect(saysRevoked(text, text.indexOf('TOKEN'), text.indexOf('TOKEN') + 5), said).toBe(true);
    }
    for (const said of ['Tokens can be revoked at any time in the console.', 'Revoked tokens stop working within a minute.', 'If it is revoked, create a new one.', 'When a user logs out, the session token is revoked.', 'We rotated the leaked key; the new one is below.', "I've deleted the old examples."]) {
      const text = `Use the token:\n\nTOKEN\n\n${said}\n`;
      expect(saysRevoked(text, text.indexOf('TOKEN'), text.indexOf('TOKEN') + 5), said).toBe(false);
    }
  });

  it('looks a few lines around the value only', () => {
    const far = `TOKEN\n${'filler line\n'.repeat(12)}I've already revoked it.\n`;
    expect(saysRevoked(far, 0, 5)).toBe(false);
    const near = `TOKEN\n${'filler line\n'.repeat(5)}I've already revoked it.\n`;
    expect(saysRevoked(near, 0, 5)).toBe(true);
  });

  it('makes a provider token shown in a blog post medium: documentation reports only high', () => {
    const token = refresh();
    const post = `### Step 14: Create a token for CI\n\nThis prints the token:\n\n\`\`\`sh\n✔  Success! Use this token to login on a CI server:\n\n${token}\n\`\`\`\n\nAnd don't even try using that token, I've already revoked it. Get your own!\n`;
    expect(scan(post, 'content/blog/deploy-with-ci.mdx')).toEqual([`secrets/google-oauth-refresh-token medium ${token}`]);
    const other = refresh();
    expect(scan(`Your token:\n\n${other}\n\nKeep it safe.\n`, 'content/blog/deploy-with-ci.mdx')).toEqual([`secrets/google-oauth-refresh-token high ${other}`]);
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
