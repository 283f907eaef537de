import { generateKeyPairSync } from 'node:crypto';
import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { createDetector, ruleProblems } from '../../src/checks/secrets/detector.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import type { DetectorStats, SecretRule } from '../../src/checks/secrets/types.js';
import { ALNUM, BASE64, FakeRandom, crcToken, pem } from './fakes.js';

const r = new FakeRandom(2024);
const detector = createDetector(SECRET_RULES);
const found = (text: string, path = 'src/app.ts') => detector.scan(text, path).map((m) => `${m.rule.id} ${m.secret}`);

describe('createDetector', () => {
  it('reports each credential with exact offsets, in order of position', () => {
    const gh = crcToken(r, 'ghp_');
    const key = `AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const text = `// deploy helper\nexport const github = '${gh}';\nconst id = "${key}"; // ${key}\n`;
    const matches = detector.scan(text, 'src/deploy.ts');
    expect(matches.map((m) => [m.rule.id, m.start, m.end])).toEqual([
      ['secrets/github-pat', text.indexOf(gh), text.indexOf(gh) + 40],
      ['secrets/aws-access-key-id', text.indexOf(key), text.indexOf(key) + 20],
      ['secrets/aws-access-key-id', text.lastIndexOf(key), text.lastIndexOf(key) + 20],
    ]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.secret);
  });

  it('reports a multi-line private key block once, as the whole block', () => {
    const block = pem(r, 'RSA PRIVATE KEY');
    const text = `# keys\n\n${block}\n\nmore text\n`;
    const [m, ...rest] = detector.scan(text, 'deploy/id_rsa');
    expect(rest).toEqual([]);
    expect(m?.rule.id).toBe('secrets/private-key');
    expect(m?.secret).toBe(block);
    expect([m?.matchStart, m?.matchEnd]).toEqual([text.indexOf(block), text.indexOf(block) + block.length]);
  });

  it('reports real private keys of every PEM kind once, whatever their base64 holds', () => {
    const keys: string[] = [];
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    keys.push(rsa.export({ type: 'pkcs1', format: 'pem' }).toString(), rsa.export({ type: 'pkcs8', format: 'pem' }).toString());
    keys.push(rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString());
    keys.push(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString());
    // Ed25519 keys are one 64-character line: some hold `+`, some `/`.
    for (let i = 0; i < 20; i++) keys.push(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    for (const key of keys) {
      const block = key.trim();
      expect(found(`${block}\n`, 'certs/key.pem')).toEqual([`secrets/private-key ${block}`]);
      expect(found(`{"key": ${JSON.stringify(`${block}\n`)}}`, 'config/key.json')).toEqual([`secrets/private-key ${block.replace(/\n/g, '\\n')}`]);
    }
  });

  it('lets a provider rule win over the generic rule on the same span', () => {
    const gh = crcToken(r, 'ghp_');
    expect(found(`GITHUB_TOKEN="${gh}"\n`, '.env')).toEqual([`secrets/github-pat ${gh}`]);
    const pw = r.password(24);
    expect(found(`DB_PASSWORD="${pw}"\n`, '.env')).toEqual([`secrets/generic-secret ${pw}`]);
  });

  it('rejects a token whose checksum does not match, and honours allowValues', () => {
    const gh = crcToken(r, 'ghp_');
    const broken = gh.slice(0, -1) + (gh.endsWith('A') ? 'B' : 'A');
    expect(found(`token = '${broken}'`)).toEqual([]);
    const allowing = createDetector(SECRET_RULES, { allowValues: [new RegExp(`^${gh}$`)] });
    expect(allowing.scan(`token = '${gh}'`, 'a.ts')).toEqual([]);
  });

  it('runs path-restricted rules only on their paths', () => {
    const value = r.password(28).replace(/[^A-Za-z0-9]/g, 'q');
    expect(found(`API_TOKEN=${value}\n`, 'deploy/.env')).toEqual([`secrets/generic-secret-config ${value}`]);
    expect(found(`API_TOKEN=${value}\n`, 'src/config.ts')).toEqual([]);
  });

  it('finds keywords that overlap or nest (xoxe.xoxp- contains xoxp-)', () => {
    const config = `xoxe.xoxp-1-${r.chars(ALNUM, 140)}`;
    expect(found(`SLACK_CONFIG_TOKEN=${config}\n`, 'ci.env')).toEqual([`secrets/slack-config-token ${config}`]);
  });

  it('handles CRLF line ends and a secret at the very start or end of the text', () => {
    const gh = crcToken(r, 'gho_');
    expect(found(gh)).toEqual([`secrets/github-oauth-token ${gh}`]);
    expect(found(`a = 1\r\nb = '${gh}'\r\n`)).toEqual([`secrets/github-oauth-token ${gh}`]);
  });

  it('finds a credential deep inside a very long minified line, among many keyword hits', () => {
    const gh = crcToken(r, 'ghs_');
    const filler = Array.from({ length: 3000 }, (_, i) => `a${i}.token=e.token||n.secret;`).join('');
    const line = `!function(){${filler}var k="${gh}";${filler}}();`;
    expect(line.length).toBeGreaterThan(100_000);
    expect(found(line, 'public/app.min.js')).toEqual([`secrets/github-app-installation-token ${gh}`]);
  });

  it('does not report a token cut by a clipped window edge as a shorter token', () => {
    // 5000 base64 characters and then a keyword: the window starts mid-run and must not invent a match.
    const text = `x="${r.chars(BASE64, 5000)}AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}"`;
    expect(found(text)).toEqual([]);
  });

  it('runs a pattern only where its required literal is, and only as far from the keyword as the rule allows', () => {
    const rule: SecretRule = { id: 'secrets/test-url', title: 'test', provider: 'test', keywords: ['://'], pattern: /\/\/\w+:(\w{8,})@/, requires: '@', before: 10, maxLength: 40 };
    const stats: DetectorStats = { prefilterChars: 0, keywordHits: 0, patternRuns: 0, windowChars: 0, candidates: 0 };
    const d = createDetector([rule], { stats });
    expect(d.scan('see https://example.org/docs and ftp://mirror.org\n', 'a.md')).toEqual([]);
    expect(stats.patternRuns).toBe(0);
    const pw = r.chars(ALNUM, 16);
    expect(d.scan(`x = "https://svc:${pw}@db.acme-corp.io"\n`, 'a.env').map((m) => m.secret)).toEqual([pw]);
    expect(stats.windowChars).toBeLessThanOrEqual(10 + 1 + 40);
  });

  it('refuses malformed rules with a clear message', () => {
    const bad: SecretRule = { id: 'secrets/Bad Rule', title: 't', provider: 'p', keywords: [], pattern: /x/g, checksum: 'nope' };
    expect(ruleProblems(bad)).toEqual(['id must be secrets/<kebab-case>', 'needs at least one keyword', 'pattern flags "g": only i and m are allowed', 'unknown checksum "nope"']);
    expect(() => createDetector([bad])).toThrow(/secret rule secrets\/Bad Rule: id must be/);
  });

  it('returns nothing for empty or keyword-free text', () => {
    expect(found('')).toEqual([]);
    expect(found('const x = 1;\n'.repeat(1000))).toEqual([]);
  });
});

describe('built-in rules', () => {
  it('have unique ids and are accepted by the detector', () => {
    const ids = SECRET_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of SECRET_RULES) expect(ruleProblems(rule), rule.id).toEqual([]);
  });

  it('have patterns without nested quantifiers (safe-regex2)', () => {
    for (const rule of SECRET_RULES) {
      expect(safeRegex(rule.pattern), `${rule.id}: ${rule.pattern.source}`).toBe(true);
      if (rule.each) expect(safeRegex(rule.each), `${rule.id} each`).toBe(true);
    }
  });
});

/** Inputs built from a rule's own keywords that invite backtracking: near-misses, repeated and unseparated. */
function adversarial(rule: SecretRule, size: number): string[] {
  const inputs: string[] = [];
  for (const kw of rule.keywords) {
    const unit = [`${kw}${'a'.repeat(37)}`, `${kw}=${'A1'.repeat(20)}-`, `"${kw}": "${'x9'.repeat(30)}`, `${kw}\n`, `${kw}${kw}-`];
    for (const u of unit) inputs.push(u.repeat(Math.ceil(size / u.length)).slice(0, size));
  }
  return inputs;
}

describe('linear work', () => {
  it('keeps the work per character bounded on adversarial inputs built from each rule\'s keywords', () => {
    for (const rule of SECRET_RULES) {
      const work = (size: number) => {
        const stats: DetectorStats = { prefilterChars: 0, keywordHits: 0, patternRuns: 0, windowChars: 0, candidates: 0 };
        const d = createDetector(SECRET_RULES, { stats });
        for (const input of adversarial(rule, size)) d.scan(input, 'deploy/k8s/secret.yaml');
        return stats;
      };
      const small = work(4_000);
      const large = work(16_000);
      // Four times the text: about four times the work, never more than 4.5 times (quadratic would be 16).
      const ratio = (a: number, b: number) => (a + 1) / (b + 1);
      expect(ratio(large.windowChars, small.windowChars), `${rule.id} window characters`).toBeLessThan(4.5);
      expect(ratio(large.patternRuns, small.patternRuns), `${rule.id} pattern runs`).toBeLessThan(4.5);
      expect(ratio(large.keywordHits, small.keywordHits), `${rule.id} keyword hits`).toBeLessThan(4.5);
      // Each character is looked at by a bounded number of windows: at most once per rule.
      expect(large.windowChars / large.prefilterChars, rule.id).toBeLessThanOrEqual(SECRET_RULES.length);
    }
  });
});

/** `unit` repeated to about `size` characters, whole units. */
const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length));

describe('key blocks and manifests among degenerate armour lines (issue 16, item 11)', () => {
  const r = new FakeRandom(11);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const keys: Record<string, string> = {
    'RSA PRIVATE KEY': rsa.export({ type: 'pkcs1', format: 'pem' }).toString().trim(),
    // Encrypted PKCS#1 carries `Proc-Type:` and `DEK-Info:` headers, whose dashes the body must allow.
    'RSA PRIVATE KEY (encrypted)': rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'correct horse' }).toString().trim(),
    'PRIVATE KEY': rsa.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    'EC PRIVATE KEY': generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString().trim(),
    'OPENSSH PRIVATE KEY': pem(r, 'OPENSSH PRIVATE KEY', 1800, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn'),
  };
  const armour = (label: string) => label.replace(' (encrypted)', '');
  const degenerate = (label: string) => [
    `-----BEGIN ${label}-----\n`,
    `-----BEGIN ${label}-----\n-----END ${label}-----\n`,
    `-----BEGIN ${label}-----\n\n-----BEGIN ${label === 'PRIVATE KEY' ? 'RSA PRIVATE KEY' : 'PRIVATE KEY'}-----\n-----END OPENSSH PRIVATE KEY-----\n`,
  ];

  it('finds no key in files of BEGIN lines without END lines or of empty pairs, and each real key among them once, whole', () => {
    for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      for (const unit of degenerate(label)) expect(found(repeat(unit, 64 * 1024), 'keys/dump.pem'), `${label}: ${JSON.stringify(unit)}`).toEqual([]);
    }
    // Even right after a stray BEGIN line of its own kind.
    for (const [label, key] of Object.entries(keys)) {
      for (const unit of degenerate(armour(label))) {
        const text = `${repeat(unit, 8 * 1024)}${key}\n${repeat(unit, 8 * 1024)}${key}\n${repeat(unit, 8 * 1024)}`;
        expect(found(text, 'keys/dump.pem'), `${label}: ${JSON.stringify(unit)}`).toEqual([`secrets/private-key ${key}`, `secrets/private-key ${key}`]);
      }
    }
    const pgp = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${(r.chars(BASE64, 960).match(/.{1,64}/g) ?? []).join('\n')}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
    const stray = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n';
    expect(found(`${repeat(stray, 8 * 1024)}${pgp}\n${repeat(stray, 8 * 1024)}`, 'release.asc')).toEqual([`secrets/pgp-private-key ${pgp}`]);
  });

  it('finds the entries of a Kubernetes Secret after thousands of `kind: Secret` or `data:` lines', () => {
    const password = Buffer.from(r.chars(ALNUM, 24)).toString('base64');
    const kindFirst = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\ndata:\n  password: ${password}\n`;
    const kindLast = `apiVersion: v1\ndata:\n  password: ${password}\nkind: Secret\nmetadata:\n  name: api\n`;
    for (const unit of ['kind: Secret\n', 'data:\n  a: b\n', '\n\n']) {
      for (const manifest of [kindFirst, kindLast]) {
        const text = `${repeat(unit, 16 * 1024)}---\n${manifest}`;
        expect(found(text, 'deploy/k8s/secret.yaml'), `${JSON.stringify(unit)} ${manifest === kindFirst ? 'kind first' : 'kind last'}`).toEqual([`secrets/kubernetes-secret ${password}`]);
      }
    }
  });

  it('multi-line rules never let a long gap run past their own next start (what keeps them linear)', () => {
    // A gap `[\s\S]{0,N}?` between a rule's start and its end is tried from every start up to N characters
    // on: a file of starts without ends costs N per start. Tempered, `(?:(?!next start)[\s\S])`, a gap
    // stops at the next start, so each character is looked at from one start only.
    const tempered = /\(\?:\(\?!(?:[^()]|\([^()]*\))*\)\[\\s\\S\]\)/g;
    for (const rule of SECRET_RULES.filter((r) => r.multiline)) {
      expect(rule.pattern.source.replace(tempered, ''), rule.id).not.toContain('[\\s\\S]');
    }
  });
});
