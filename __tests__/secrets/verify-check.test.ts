// Verification through the whole check, the reporters, the CLI and the action's trust decision. The
// check's HTTPS transport is swapped (in this test file only) for one that reaches a local server
// answering like the providers.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CHECK_OPTIONS, CHECKS } from '../../src/checks/index.js';
import { main, type CliIo } from '../../src/cli/main.js';
import type { VerificationOptions } from '../../src/core/check.js';
import { scan } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import { untrustedSource } from '../../src/github/origin.js';
import { planAnnotations } from '../../src/github/annotations.js';
import { checkRunSummary, shortSummary } from '../../src/github/summary.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { REPORTERS } from '../../src/reporters/index.js';
import type { Logger } from '../../src/util/logger.js';
import { Redactor } from '../../src/util/redact.js';
import { makeDir } from '../helpers/repo.js';
import { FakeProviders, type Received, type Reply } from '../helpers/verify-server.js';
import { verifySamples, type VerifySample } from './verify-samples.js';

const server = vi.hoisted(() => ({ fake: undefined as undefined | { transportFor: (host: string) => unknown } }));
vi.mock('../../src/checks/secrets/verify/transport.js', () => ({
  httpsTransport: (host: string) => (server.fake as { transportFor: (host: string) => unknown }).transportFor(host),
}));

const s = verifySamples(57);
const sample = (id: string) => s[id] as VerifySample;
/** A second Datadog key, in the docs too: revoked. */
const ddDead = (verifySamples(58).datadog as VerifySample).secret;

let fake: FakeProviders;
/** What each secret's provider says: live, revoked, or a 503. */
const verdicts = new Map<string, Reply>([
  [sample('github').secret, sample('github').live],
  [sample('stripe').secret, sample('stripe').invalid],
  [sample('npm').secret, { status: 503, body: 'unavailable' }],
  [sample('datadog').secret, sample('datadog').live],
  [ddDead, sample('datadog').invalid],
]);
function provider(req: Received): Reply {
  const everything = `${req.path}\n${JSON.stringify(req.headers)}\n${req.body}`;
  for (const [secret, reply] of verdicts) if (everything.includes(secret)) return reply;
  return { status: 400, body: '{}' };
}

beforeAll(async () => {
  fake = await FakeProviders.start(provider);
  server.fake = fake;
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset(provider));

const FILES = {
  'src/github.ts': `export const octokit = new Octokit({ auth: '${sample('github').secret}' });\n`,
  'src/billing/stripe.ts': sample('stripe').text,
  '.npmrc': sample('npm').text,
  // The docs keep a medium-confidence key quiet by default: a live one is reported all the same.
  'docs/monitoring.md': `# Monitoring\n\n\`\`\`yaml\ndatadog:\n  DD_API_KEY: ${sample('datadog').secret}\n\`\`\`\n`,
  'deploy/server.key': `${generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString()}`,
  'docs/old-monitoring.md': `# Old\n\n\`\`\`yaml\ndatadog:\n  DD_API_KEY: ${ddDead}\n\`\`\`\n`,
};
const POLICY = (extra = '') => `version: 1\nextends: []\nchecks:\n  secrets:\n    verify: true\n${extra.replace(/^/gm, '    ')}\n`;

interface Run {
  report: Report;
  logs: string[];
}
async function run(policy: string, verification: VerificationOptions = {}): Promise<Run> {
  const root = makeDir(FILES);
  const loaded = await loadPolicyText('security-policy.yml', policy, { root, checks: CHECKS });
  const logs: string[] = [];
  const log: Logger = { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const redactor = new Redactor();
  const report = await scan({ root, loaded, checks: CHECKS, redactor, log, verification });
  return { report, logs: logs.map((l) => redactor.scrub(l)) };
}
const byRule = (report: Report, rule: string): Finding[] => report.findings.filter((f) => f.ruleId === rule);
const one = (report: Report, rule: string) => byRule(report, rule)[0] as Finding;

describe('verification in the secrets check', () => {
  it('live: error, "rotate it now"; invalid: a notice; not verified: as it was; a live key is reported even where the report table keeps keys quiet', async () => {
    const { report } = await run(POLICY());
    const gh = one(report, 'secrets/github-pat');
    expect(gh.severity).toBe('error');
    expect(gh.properties).toMatchObject({ validity: 'live' });
    expect(gh.message).toContain('Verified live with GitHub: rotate it now.');

    const stripe = one(report, 'secrets/stripe-secret-key');
    expect(stripe.severity).toBe('notice');
    expect(stripe.properties).toMatchObject({ validity: 'invalid' });
    expect(stripe.message).toContain('Stripe rejects it: revoked or invalid.');

    const npm = one(report, 'secrets/npm-token');
    expect(npm.severity).toBe('error');
    expect(npm.properties).toMatchObject({ validity: 'unknown', validityReason: 'server-error' });
    expect(npm.message).toContain('Not verified: npm answered with a server error.');

    // A rule without a verifier: unknown (not-supported), nothing sent, nothing said in the message.
    const unsupported = report.findings.filter((f) => f.properties?.validityReason === 'not-supported');
    expect(unsupported.map((f) => f.location?.path)).toContain('deploy/server.key');
    expect(unsupported.every((f) => !/verif/i.test(f.message) && f.severity === 'error')).toBe(true);

    const dd = byRule(report, 'secrets/datadog-api-key');
    expect(dd.map((f) => [f.location?.path, f.severity, f.properties?.validity])).toEqual([['docs/monitoring.md', 'error', 'live']]);
    expect(report.verdict).toBe('fail');
  });

  it("the policy's validity-severity maps live and invalid, over the rule's severity and the policy's per-rule override", async () => {
    const { report } = await run(POLICY('validity-severity: {live: warning, invalid: unchanged}\nseverity:\n  secrets/github-pat: notice\n  secrets/stripe-secret-key: warning'));
    expect(one(report, 'secrets/github-pat').severity).toBe('warning');
    expect(one(report, 'secrets/stripe-secret-key').severity).toBe('warning');
    const { report: defaults } = await run(POLICY('severity:\n  secrets/github-pat: notice'));
    expect(one(defaults, 'secrets/github-pat').severity).toBe('error');
  });

  it('unknown never lowers a finding: the policy cannot map it', async () => {
    await expect(run(POLICY('validity-severity: {unknown: notice}'))).rejects.toThrow(/validity-severity/);
  });

  it('off by default: nothing is sent, and findings carry no validity', async () => {
    const root = makeDir(FILES);
    const loaded = await loadPolicyText('security-policy.yml', 'version: 1\nextends: []\nchecks:\n  secrets: {}\n', { root, checks: CHECKS });
    const report = await scan({ root, loaded, checks: CHECKS, redactor: new Redactor() });
    expect(fake.received).toHaveLength(0);
    expect(report.findings.some((f) => f.properties?.validity !== undefined)).toBe(false);
  });

  it('in an untrusted context (a fork’s pull request) nothing is sent: every credential is unknown and keeps its severity, and the report says why', async () => {
    const { report } = await run(POLICY(), { untrusted: 'the pull request comes from the fork mallory/helpdesk' });
    expect(fake.received).toHaveLength(0);
    expect(fake.hostsAsked).toHaveLength(0);
    const gh = one(report, 'secrets/github-pat');
    expect(gh.properties).toMatchObject({ validity: 'unknown', validityReason: 'untrusted-source' });
    expect(gh.severity).toBe('error');
    expect(one(report, 'secrets/stripe-secret-key').severity).toBe('error');
    expect(report.notes.join('\n')).toContain('Secrets were not verified with their providers: the pull request comes from the fork mallory/helpdesk.');
  });

  it("the run's own token is withheld", async () => {
    const { report } = await run(POLICY(), { withhold: [sample('github').secret] });
    expect(fake.received.some((r) => r.host === 'api.github.com')).toBe(false);
    expect(one(report, 'secrets/github-pat').properties).toMatchObject({ validity: 'unknown', validityReason: 'withheld' });
  });

  it('every reporter shows the validity, live credentials first, and no channel or log line carries a secret', async () => {
    const { report, logs } = await run(POLICY());
    const rendered = Object.fromEntries(REPORTERS.map((r) => [r.id, r.render(report, { color: false })]));
    const summary = checkRunSummary(report);
    const short = shortSummary(report, 60_000);

    expect(rendered.console).toContain('LIVE');
    expect(rendered.console).toMatch(/Rotate now: 2 credential\(s\) verified live/);
    const json = JSON.parse(rendered.json as string) as Report;
    expect(json.findings.find((f) => f.ruleId === 'secrets/github-pat')?.properties?.validity).toBe('live');
    const sarif = JSON.parse(rendered.sarif as string) as { runs: { results: { ruleId: string; rank?: number; properties?: Record<string, unknown> }[] }[] };
    const results = sarif.runs[0]?.results ?? [];
    expect(results.find((x) => x.ruleId === 'secrets/github-pat')).toMatchObject({ rank: 100, properties: { validity: 'live' } });
    expect(results.find((x) => x.ruleId === 'secrets/stripe-secret-key')?.properties).toMatchObject({ validity: 'invalid' });
    expect(results.find((x) => x.ruleId === 'secrets/npm-token')?.properties).toMatchObject({ validity: 'unknown', validityReason: 'server-error' });
    for (const markdown of [rendered.markdown as string, summary]) {
      const live = markdown.indexOf('### 🔑 Rotate now: 2 credentials verified live');
      expect(live).toBeGreaterThan(0);
      expect(live).toBeLessThan(markdown.indexOf('### What to fix'));
      expect(markdown).toContain('revoked or invalid');
    }
    expect(short).toContain('🔑 Rotate now: 2 credentials verified live');
    // The check run's annotations: the live ones first.
    const annotations = planAnnotations(report).batches.flat();
    expect(annotations.slice(0, 2).map((a) => a.path).sort()).toEqual(['docs/monitoring.md', 'src/github.ts']);
    expect(annotations.slice(0, 2).every((a) => a.message.includes('rotate it now'))).toBe(true);
    expect(logs.join('\n')).toMatch(/verified \d+ credential\(s\) with their providers: 2 live, 2 invalid, 1 unknown/);

    const everything = [...Object.values(rendered), summary, short, ...logs].join('\n');
    for (const secret of [...Object.values(s).map((x) => x.secret), ddDead]) {
      const body = secret.includes('/api/webhooks/') ? (secret.split('/').pop() as string) : secret.slice(Math.min(8, secret.length - 16));
      expect(everything).not.toContain(body);
    }
    // Nothing a provider answered reaches a report.
    expect(everything).not.toContain('octocat');
    expect(everything).not.toContain('acct_1032D82eZvKYlo2C');
  });
});

describe('the CLI', () => {
  function io(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
    let stdout = '';
    let stderr = '';
    return { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env, out: () => stdout, err: () => stderr };
  }
  const repo = (policy = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n') => makeDir({ ...FILES, 'security-policy.yml': policy });

  it('--verify turns verification on; --no-verify turns off what the policy asks', async () => {
    const dir = repo();
    const on = io(dir);
    expect(await main(['scan', dir, '--verify', '--format', 'json'], on)).toBe(1);
    expect(fake.received.length).toBeGreaterThan(0);
    expect((JSON.parse(on.out()) as Report).findings.find((f) => f.ruleId === 'secrets/github-pat')?.properties?.validity).toBe('live');

    fake.reset(provider);
    const policyOn = repo(POLICY());
    const off = io(policyOn);
    await main(['scan', policyOn, '--no-verify', '--format', 'json'], off);
    expect(fake.received).toHaveLength(0);
    expect((JSON.parse(off.out()) as Report).findings.some((f) => f.properties?.validity !== undefined)).toBe(false);
  });

  it('inside a GitHub Actions job for a fork’s pull request, --verify sends nothing', async () => {
    const dir = repo();
    const event = join(mkdtempSync(join(tmpdir(), 'sg-event-')), 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: 'a'.repeat(40), repo: { full_name: 'octo/app' } }, head: { sha: 'b'.repeat(40), repo: { full_name: 'mallory/app' } } } }));
    const cli = io(dir, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event });
    await main(['scan', dir, '--verify', '--format', 'json'], cli);
    expect(fake.received).toHaveLength(0);
    expect((JSON.parse(cli.out()) as Report).notes.join('\n')).toContain('the pull request comes from the fork mallory/app');
  });

  it('the tokens of its environment are never sent', async () => {
    const dir = repo();
    await main(['scan', dir, '--verify', '--format', 'json'], io(dir, { GITHUB_TOKEN: sample('github').secret }));
    expect(fake.received.some((r) => r.host === 'api.github.com')).toBe(false);
  });

  it('usage errors: --verify with --no-verify, a cache inside the repository', async () => {
    const dir = repo();
    const both = io(dir);
    expect(await main(['scan', dir, '--verify', '--no-verify'], both)).toBe(2);
    expect(both.err()).toContain('contradict');
    const inside = io(dir);
    expect(await main(['scan', dir, '--verify', '--verify-cache', join(dir, '.cache/v.json')], inside)).toBe(2);
    expect(inside.err()).toContain('inside the repository');
    expect(fake.received).toHaveLength(0);
  });

  it('--verify-cache keeps verdicts outside the repository: a second run asks nothing new', async () => {
    const dir = repo();
    const cache = join(mkdtempSync(join(tmpdir(), 'sg-verify-')), 'verdicts.json');
    await main(['scan', dir, '--verify', '--verify-cache', cache, '--format', 'json'], io(dir));
    const first = fake.received.length;
    expect(first).toBeGreaterThan(0);
    await main(['scan', dir, '--verify', '--verify-cache', cache, '--format', 'json'], io(dir));
    // Only the 503 (unknown, never cached) is asked again.
    expect(fake.received.length - first).toBe(1);
  });
});

describe('the action', () => {
  it('verify-secrets: true, false or empty (the policy decides); an action input only, not a CLI flag', async () => {
    const option = CHECK_OPTIONS.find((o) => o.name === 'verify-secrets');
    expect(option).toMatchObject({ input: true, cli: false });
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> };
    expect(action.inputs['verify-secrets']?.default).toBe('');
    const policy = async (text = POLICY()) => (await loadPolicyText('security-policy.yml', text, { root: makeDir({}), checks: CHECKS })).policy;
    for (const [value, expected] of [['true', true], ['FALSE', false], [undefined, true]] as const) {
      const p = await policy();
      option?.apply(p, value);
      expect(p.checks.secrets?.verify).toBe(expected);
    }
    expect(() => option?.apply({ checks: { secrets: {} } } as never, 'yes')).toThrow(/verify-secrets must be true or false/);
  });

  it('trusts the repository’s own branches, not a fork’s pull request nor what follows one', () => {
    const pr = (head: string | undefined, base = 'octo/app') => ({ pullRequest: { headRepo: head, baseRepo: base } });
    expect(untrustedSource({ eventName: 'push' })).toBeUndefined();
    expect(untrustedSource({ eventName: 'schedule' })).toBeUndefined();
    expect(untrustedSource({ eventName: 'pull_request', ...pr('octo/app') })).toBeUndefined();
    expect(untrustedSource({ eventName: 'pull_request', ...pr('Octo/App') })).toBeUndefined();
    expect(untrustedSource({ eventName: 'pull_request', ...pr('mallory/app') })).toMatch(/fork mallory\/app/);
    expect(untrustedSource({ eventName: 'pull_request_target', ...pr('mallory/app') })).toMatch(/fork/);
    expect(untrustedSource({ eventName: 'pull_request', ...pr(undefined) })).toMatch(/unknown/);
    expect(untrustedSource({ eventName: 'pull_request' })).toMatch(/unknown/);
    expect(untrustedSource({ eventName: 'workflow_run', workflowRun: { event: 'pull_request' } })).toMatch(/workflow_run/);
    expect(untrustedSource({ eventName: 'workflow_run', workflowRun: { event: 'push' } })).toBeUndefined();
  });
});
