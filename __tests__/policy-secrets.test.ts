import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAction, runActionAsync, type ActionRun } from './helpers/action.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { makeRepo } from './helpers/repo.js';
import { secretSamples, type Sample } from './helpers/secret-samples.js';

// Issue 16, item 8: a credential written in an invalid policy (by mistake, or by a pull request that wants
// it in the logs) must not reach any output of the CLI or the action.

const samples = new Map(secretSamples(16).map((s) => [s.name, s]));
const sample = (name: string): Sample => {
  const found = samples.get(name);
  if (!found) throw new Error(`no sample ${name}`);
  return found;
};
const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

interface Shape {
  name: string;
  secret: Sample;
  policy: (secret: string) => string;
  /** The line the problem is reported on. */
  line: number;
}

const url = (s: string) => `https://deploy:${s}@git.acme-corp.io/acme/policies.yml`;

const SHAPES: Shape[] = [
  { name: 'fail-on is a GitHub token', secret: sample('github-ghp_'), line: 2, policy: (s) => `version: 1\nfail-on: ${s}\n` },
  { name: 'an unknown top-level key is a Stripe key', secret: sample('stripe-live'), line: 2, policy: (s) => `version: 1\n${s}: true\n` },
  { name: 'an unknown check setting is a Slack token', secret: sample('slack-bot'), line: 4, policy: (s) => `version: 1\nchecks:\n  files:\n    ${s}: 1\n` },
  { name: 'version is an npm token', secret: sample('npm'), line: 1, policy: (s) => `version: ${s}\n` },
  {
    name: 'a custom pattern that does not compile holds an AWS key id',
    secret: sample('aws-access-key-id'),
    line: 6,
    policy: (s) => `version: 1\nchecks:\n  secrets:\n    patterns:\n      - id: acme\n        regex: "(${s}["\n        title: Acme key\n        keywords: [akia]\n`,
  },
  {
    name: 'a secrets allow value that does not compile holds a GitLab token',
    secret: sample('gitlab-pat'),
    line: 5,
    policy: (s) => `version: 1\nchecks:\n  secrets:\n    allow:\n      - value: "(${s}"\n        reason: test key\n`,
  },
  { name: 'an ignore glob that does not compile holds an OpenAI key', secret: sample('openai'), line: 2, policy: (s) => `version: 1\nignore: ["[${s}"]\n` },
  {
    name: 'an exception names a rule that is a Twilio key',
    secret: sample('twilio-api-key'),
    line: 3,
    policy: (s) => `version: 1\nexceptions:\n  - rule: ${s}\n    reason: legacy\n    expires: 2099-01-01\n`,
  },
  {
    name: 'an exception expires on an Anthropic key',
    secret: sample('anthropic'),
    line: 5,
    policy: (s) => `version: 1\nexceptions:\n  - rule: files/sensitive-file\n    reason: legacy\n    expires: ${s}\n`,
  },
  { name: 'the baseline climbs out to a SendGrid key', secret: sample('sendgrid'), line: 2, policy: (s) => `version: 1\nbaseline: ../${s}\n` },
  { name: 'extends an unknown preset named by a Google API key', secret: sample('google-api-key'), line: 2, policy: (s) => `version: 1\nextends: [${s}]\n` },
  { name: 'extends a URL with a password', secret: sample('basic-auth-url'), line: 2, policy: (s) => `version: 1\nextends: ["${url(s)}"]\n` },
  { name: 'lock names a Vault token', secret: sample('vault'), line: 2, policy: (s) => `version: 1\nlock: [${s}]\n` },
  { name: 'fail-on is a PEM private key', secret: sample('rsa-private-key'), line: 2, policy: (s) => `version: 1\nfail-on: |\n${indent(s, '  ')}\n` },
  { name: 'a required variable is a Databricks token with a space', secret: sample('databricks'), line: 4, policy: (s) => `version: 1\nchecks:\n  env:\n    required: ["${s} x"]\n` },
  { name: 'a duplicated key is a HuggingFace token', secret: sample('huggingface'), line: 3, policy: (s) => `version: 1\n${s}: 1\n${s}: 2\n` },
  { name: 'an alias names a Postman key', secret: sample('postman'), line: 2, policy: (s) => `version: 1\nfail-on: *${s}\n` },
];

/** What of a secret shows in a text beyond its published prefix: any 8 characters of the rest, or the prefix and one more. */
function leaked(text: string, s: Sample): string | undefined {
  if (s.prefix > 0 && text.includes(s.secret.slice(0, s.prefix + 1))) return s.secret.slice(0, s.prefix + 1);
  const rest = s.secret.slice(s.prefix);
  for (let i = 0; i + 8 <= rest.length; i++) {
    const piece = rest.slice(i, i + 8);
    if (!/\s/.test(piece) && text.includes(piece)) return piece;
  }
  return undefined;
}

function expectNoLeak(channel: string, text: string, shape: Shape): void {
  const piece = leaked(text, shape.secret);
  expect(piece, `${shape.name}: ${channel} shows "${piece}" of the secret:\n${text}`).toBeUndefined();
}

let entry = '';
let cli = '';
beforeAll(() => {
  entry = buildAction();
  cli = join(dirname(entry), 'cli.js');
});

describe('a credential written in an invalid policy is never printed', () => {
  it('has a table of at least 13 shapes, each with a different real-format credential', () => {
    expect(SHAPES.length).toBeGreaterThanOrEqual(13);
    expect(new Set(SHAPES.map((s) => s.secret.name)).size).toBe(SHAPES.length);
  });

  it.each(SHAPES)('CLI: $name', (shape) => {
    const root = makeRepo({ 'security-policy.yml': shape.policy(shape.secret.secret), 'src/app.ts': 'export {};\n' });
    const run = spawnSync(process.execPath, [cli, 'scan', root, '--verbose'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('security-gate: the policy is invalid:');
    expect(run.stderr).toContain(`security-policy.yml:${shape.line}:`);
    expectNoLeak('stderr', run.stderr, shape);
    expectNoLeak('stdout', run.stdout, shape);
  });

  describe('the action', () => {
    const gh = new FakeGitHub('octo-org', 'helpdesk', 'ghs_policySecretsTestToken0000000000000');
    beforeAll(async () => {
      await gh.start();
    });
    afterAll(async () => {
      await gh.close();
      expect(gh.violations()).toEqual([]);
    });

    const channels = (run: ActionRun, extra: Record<string, unknown> = {}) => ({ stdout: run.stdout, stderr: run.stderr, summary: run.summary, outputs: JSON.stringify(run.outputs), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, JSON.stringify(v)])) });

    it.each(SHAPES)('$name', async (shape) => {
      const root = makeRepo({ 'security-policy.yml': shape.policy(shape.secret.secret), 'src/app.ts': 'export {};\n' });
      // Without the API, annotations are workflow commands in the log; with it, the check run carries them.
      const before = gh.requests.length;
      const [local, api] = await Promise.all([
        runActionAsync({ entry, workspace: root, inputs: { token: '' } }),
        runActionAsync({ entry, workspace: root, inputs: { token: gh.token }, env: { GITHUB_REPOSITORY: 'octo-org/helpdesk', GITHUB_API_URL: gh.url } }),
      ]);
      expect(local.status).toBe(1);
      expect(local.stdout).toMatch(new RegExp(`^::error title=Invalid security policy,file=security-policy.yml,line=${shape.line},`, 'm'));
      for (const [channel, text] of Object.entries(channels(local))) expectNoLeak(channel, text, shape);

      expect(api.status).toBe(1);
      const sent = gh.requests.slice(before).map((r) => r.body);
      expect(JSON.stringify(sent)).toContain('Invalid security policy');
      for (const [channel, text] of Object.entries(channels(api, { api: sent }))) expectNoLeak(channel, text, shape);
    });
  });
});
