// Where a found secret may go: only to its own provider's fixed host, over HTTPS to port 443, with the
// certificate checked against Node's bundled CAs, no proxy and no redirect. Node's https client is
// replaced here to see every request the check's own transport makes; nothing reaches the network.
import { EventEmitter } from 'node:events';
import type * as Https from 'node:https';
import type { RequestOptions } from 'node:https';
import { PassThrough } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { ALLOWED_HOSTS, verifierFor } from '../../src/checks/secrets/verify/hosts.js';
import { VERIFIERS } from '../../src/checks/secrets/verify/providers/index.js';
import { httpsTransport } from '../../src/checks/secrets/verify/transport.js';
import { scan } from '../../src/core/engine.js';
import { PolicyError } from '../../src/policy/errors.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { Redactor } from '../../src/util/redact.js';
import { makeDir } from '../helpers/repo.js';
import { verifySamples } from './verify-samples.js';

interface Sent {
  options: RequestOptions & { servername?: string; ca?: string[] };
  body: string;
}
const sent: Sent[] = [];
let answer: (options: RequestOptions) => { status: number; headers?: Record<string, string>; body: string } = () => ({ status: 401, body: '{}' });

vi.mock('node:https', async (importOriginal) => {
  const actual = await importOriginal<typeof Https>();
  const request = (options: RequestOptions, callback: (incoming: unknown) => void) => {
    const outgoing = new EventEmitter() as EventEmitter & { end(body?: Buffer): void };
    outgoing.end = (body?: Buffer) => {
      sent.push({ options: options as Sent['options'], body: body?.toString('utf8') ?? '' });
      const reply = answer(options);
      const incoming = Object.assign(new PassThrough(), { statusCode: reply.status, headers: reply.headers ?? {} });
      callback(incoming);
      incoming.end(reply.body);
    };
    return outgoing;
  };
  return { ...actual, request, default: { ...actual, request } };
});

const samples = verifySamples(31);

beforeEach(() => {
  sent.length = 0;
  answer = () => ({ status: 401, body: '{}' });
});

describe('the hosts a secret may go to', () => {
  it('are written in the verifiers: DNS names of the providers, none local, none an address', () => {
    expect([...ALLOWED_HOSTS].sort()).toMatchInlineSnapshot(`
      [
        "api.anthropic.com",
        "api.ap1.datadoghq.com",
        "api.ap2.datadoghq.com",
        "api.buildkite.com",
        "api.datadoghq.com",
        "api.datadoghq.eu",
        "api.ddog-gov.com",
        "api.digitalocean.com",
        "api.doppler.com",
        "api.getpostman.com",
        "api.github.com",
        "api.groq.com",
        "api.heroku.com",
        "api.netlify.com",
        "api.notion.com",
        "api.openai.com",
        "api.replicate.com",
        "api.sendgrid.com",
        "api.stripe.com",
        "api.supabase.com",
        "api.telegram.org",
        "api.twilio.com",
        "api.uk1.datadoghq.com",
        "api.us2.ddog-gov.com",
        "api.us3.datadoghq.com",
        "api.us5.datadoghq.com",
        "circleci.com",
        "discord.com",
        "gitlab.com",
        "huggingface.co",
        "registry.npmjs.org",
        "slack.com",
        "sts.amazonaws.com",
      ]
    `);
    for (const host of ALLOWED_HOSTS) {
      expect(host).toMatch(/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/);
      expect(host).not.toMatch(/^[0-9.]+$|localhost|internal|local$/);
    }
  });

  it('the transport refuses any other host, however it is spelled', () => {
    for (const host of ['evil.example', 'api.github.com.evil.example', 'API.GITHUB.COM', 'api.github.com:8443', '127.0.0.1', 'localhost', '']) {
      expect(() => httpsTransport(host)).toThrow(/no verifier sends secrets to/);
    }
  });

  it('a path that could name another host or hide one is refused before anything is sent', async () => {
    const transport = httpsTransport('api.github.com');
    const signal = new AbortController().signal;
    for (const path of ['//evil.example/user', 'https://evil.example/', 'user', '/user name', '/user\r\nHost: evil.example']) {
      await expect(transport({ method: 'GET', path, headers: {} }, signal)).rejects.toThrow(/absolute and printable/);
    }
    expect(sent).toHaveLength(0);
  });

  it('each request: HTTPS to port 443 of the host, its name checked against the bundled CAs, no agent (no proxy), no redirect followed', async () => {
    answer = () => ({ status: 302, headers: { location: 'https://evil.example/collect' }, body: '' });
    const transport = httpsTransport('api.github.com');
    const response = await transport({ method: 'GET', path: '/user', headers: { authorization: 'Bearer x' } }, new AbortController().signal);
    expect(response.status).toBe(302);
    expect(sent).toHaveLength(1);
    const o = sent[0]?.options;
    expect(o).toMatchObject({ protocol: 'https:', host: 'api.github.com', servername: 'api.github.com', port: 443, agent: false, rejectUnauthorized: true, path: '/user' });
    expect(o?.headers).toMatchObject({ host: 'api.github.com' });
    expect(o?.ca).toEqual([...rootCertificates]);
  });

  it('an answer larger than 16 KiB is cut, not buffered', async () => {
    answer = () => ({ status: 200, body: 'x'.repeat(200_000) });
    const response = await httpsTransport('api.github.com')({ method: 'GET', path: '/user', headers: {} }, new AbortController().signal);
    expect(response.body.length).toBe(16 * 1024);
  });
});

describe('no configuration can direct a secret to another host', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const files = Object.fromEntries(Object.values(samples).map((s) => [s.path, s.text]));

  async function run(policy: string) {
    const root = makeDir({
      ...files,
      // Values that name other hosts: the Discord webhook is asked at discord.com whatever its spelling.
      'bot/canary.json': `{ "hook": "${(samples['discord-webhook']?.secret ?? '').replace('https://discord.com', 'https://canary.discord.com')}" }\n`,
      'docs/proxy.md': 'Set HTTPS_PROXY=http://collector.example:3128 and api_base=https://evil.example\n',
    });
    const loaded = await loadPolicyText('security-policy.yml', policy, { root, checks: CHECKS });
    return scan({ root, loaded, checks: CHECKS, redactor: new Redactor(), verification: {} });
  }

  it('the policy has no key that names a host, an address or a proxy', async () => {
    for (const extra of ['verify-url: https://evil.example', 'verify-hosts: [evil.example]', 'verify: {url: https://evil.example}', 'validity-severity: {live: error, host: evil.example}']) {
      await expect(run(`version: 1\nextends: []\nchecks:\n  secrets:\n    verify: true\n    ${extra}\n`)).rejects.toThrow(PolicyError);
    }
  });

  it('with proxies, extra CAs and TLS checks turned off in the environment, every secret still goes only to its own provider', async () => {
    Object.assign(process.env, {
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      ALL_PROXY: 'http://127.0.0.1:9',
      NODE_EXTRA_CA_CERTS: '/tmp/evil-ca.pem',
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
      SECURITY_GATE_VERIFY_URL: 'https://evil.example',
    });
    const report = await run('version: 1\nextends: []\nchecks:\n  secrets:\n    verify: true\n');
    expect(sent.length).toBeGreaterThanOrEqual(VERIFIERS.length);
    for (const { options, body } of sent) {
      expect(ALLOWED_HOSTS.has(String(options.host))).toBe(true);
      expect(options).toMatchObject({ port: 443, agent: false, rejectUnauthorized: true, servername: options.host });
      const everything = `${options.path}\n${JSON.stringify(options.headers)}\n${body}`;
      for (const [id, sample] of Object.entries(samples)) {
        const needle = id === 'discord-webhook' ? (sample.secret.split('/').pop() as string) : sample.secret;
        // A secret only ever in a request to a host of its own verifier.
        if (everything.includes(needle)) expect(VERIFIERS.find((v) => v.id === id)?.hosts).toContain(options.host);
      }
    }
    // Every verifiable sample was put to its provider (the answers were all 401: nothing is live).
    const hosts = new Set(sent.map((s) => s.options.host));
    for (const v of VERIFIERS) expect(v.hosts.some((h) => hosts.has(h))).toBe(true);
    expect(report.findings.filter((f) => f.properties?.validity === 'live')).toEqual([]);
    expect(verifierFor('secrets/github-pat')?.hosts).toEqual(['api.github.com']);
  });
});
