import { describe, expect, it } from 'vitest';
import { credentialRedactor, quoteValue } from '../src/checks/secrets/recognise.js';
import { main, type CliIo } from '../src/cli/main.js';
import { excerpt } from '../src/util/excerpt.js';
import { Redactor } from '../src/util/redact.js';
import { commit, git, makeRepo } from './helpers/repo.js';
import { githubToken, SampleRandom, secretSamples } from './helpers/secret-samples.js';

// Issue 16, item 8: an excerpt cut through a credential showed up to 32 of its characters, because the cut
// text is no longer the string the redactor knows.

const r = new SampleRandom(1616);
const token = githubToken(r);
const stripe = secretSamples(3).find((s) => s.name === 'stripe-live')?.secret as string;

/** Any 8 characters of the token after its published `ghp_`. */
function leak(text: string, secret = token, prefix = 4): string | undefined {
  for (let i = prefix; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) return secret.slice(i, i + 8);
  return text.includes(secret.slice(0, prefix + 1)) ? secret.slice(0, prefix + 1) : undefined;
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: process.cwd(), env: {} };
  const code = await main(args, io);
  return { code, out: stdout + stderr };
}

describe('the redactor and excerpts', () => {
  it('a registered secret cut short before "…" is scrubbed down to its published prefix', () => {
    const redactor = new Redactor();
    redactor.add(token, 4);
    const cut = `"GITHUB_TOKEN ${token.slice(0, 27)}…": dotenv ignores this line`;
    expect(redactor.scrub(cut)).toBe('"GITHUB_TOKEN ghp_***…": dotenv ignores this line');
    // Its published prefix alone, other ellipses and ordinary words stay as they are.
    expect(redactor.scrub('"GITHUB_TOKEN ghp_…" and more…')).toBe('"GITHUB_TOKEN ghp_…" and more…');
    expect(redactor.scrub(`a=${token.slice(0, 12)}… b=${token.slice(0, 20)}…`)).toBe('a=ghp_***… b=ghp_***…');
  });

  it('excerpts keep at most the first four characters of a token they cut', () => {
    expect(excerpt(`GITHUB_TOKEN ${token}`, 40)).toBe('GITHUB_TOKEN ghp_…');
    expect(excerpt('SHORT_LINE', 40)).toBe('SHORT_LINE');
    expect(excerpt('DATABASE_URL postgres://localhost:5432/application_db', 40)).toBe('DATABASE_URL postgres://localhost:5432…');
  });

  it('messages are searched for credentials no check reported; policy values are quoted redacted', () => {
    const redactor = credentialRedactor();
    const message = `checks.env.expect[".env.production"].API_KEY must be a string, found ${token} (a list)`;
    expect(leak(redactor.scrubMessage(message))).toBeUndefined();
    // Recognised once, it is known from then on, cut or whole, in any text.
    expect(redactor.scrub(`${token.slice(0, 30)}…`)).toBe('ghp_***…');
    expect(quoteValue(stripe)).toBe('"sk_live_*** (32 chars)"');
    expect(quoteValue('recomended')).toBe('"recomended"');
  });
});

describe('env/malformed-line quotes a line that holds a token', () => {
  const example = `# Copy to .env\nDATABASE_URL=\nGITHUB_TOKEN ${token}\n${token}\nREDIS_URL=\n`;

  it('full scan, every format: the finding is there, the token is not', async () => {
    const root = makeRepo({ '.env.example': example, 'security-policy.yml': 'version: 1\nextends: [recommended]\n' });
    for (const format of ['console', 'json', 'sarif', 'markdown']) {
      const run = await cli(['scan', root, '--format', format]);
      expect(run.code).toBe(1);
      expect(run.out).toContain('env/malformed-line');
      expect(leak(run.out), `${format}:\n${run.out}`).toBeUndefined();
    }
  });

  it('only the env check, so that no check reports the token: the excerpt and the message search protect it', async () => {
    const root = makeRepo({ '.env.example': example, 'security-policy.yml': 'version: 1\nextends: []\nchecks:\n  env: {}\n' });
    const run = await cli(['scan', root, '--format', 'json']);
    const report = JSON.parse(run.out) as { findings: { ruleId: string; message: string }[] };
    const malformed = report.findings.filter((f) => f.ruleId === 'env/malformed-line');
    expect(malformed).toHaveLength(2);
    expect(malformed[0]?.message).toContain('"GITHUB_TOKEN ghp_…": dotenv ignores this line');
    expect(malformed[1]?.message).toContain('"ghp_*** (40 chars)": dotenv ignores this line');
    expect(leak(run.out)).toBeUndefined();
  });

  it('a pull request that does not touch the example: the secrets check never sees the token, the env check reads the file whole', async () => {
    const root = makeRepo({ '.env.example': example, 'security-policy.yml': 'version: 1\nextends: [recommended]\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    commit(root, { 'src/app.ts': 'export const app = process.env.DATABASE_URL;\n' });
    for (const format of ['console', 'markdown']) {
      const run = await cli(['scan', root, '--base', base, '--format', format]);
      expect(run.out).toContain('env/malformed-line');
      expect(leak(run.out), `${format}:\n${run.out}`).toBeUndefined();
    }
  });
});
