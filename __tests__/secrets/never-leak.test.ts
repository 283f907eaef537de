import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emitAnnotations } from '../../src/action/annotations.js';
import { run as runAction } from '../../src/action/main.js';
import { CHECKS } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import { scan } from '../../src/core/engine.js';
import type { Report } from '../../src/core/report.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { REPORTERS } from '../../src/reporters/index.js';
import type { Logger } from '../../src/util/logger.js';
import { Redactor } from '../../src/util/redact.js';
import { commit, git, makeRepo } from '../helpers/repo.js';
import { secretSamples, type Sample } from '../helpers/secret-samples.js';

const samples = secretSamples(20260101);
/** Half the samples stay in the head; the other half are removed by a later commit (history only). */
const kept = samples.filter((_, i) => i % 2 === 0);
const removed = samples.filter((_, i) => i % 2 === 1);

/** The part of a secret that must never be shown: everything after its published prefix (PEM armour aside). */
function bodyOf(sample: Sample): string[] {
  const body = sample.secret.slice(sample.prefix);
  return body
    .split(/\r?\n/)
    .filter((line) => !/^-----(BEGIN|END) /.test(line.trim()))
    .map((line) => line.trim())
    .filter((line) => line.length >= 8);
}

/** Every 8-character window of every secret body that appears in `text`. */
function leaks(text: string): string[] {
  const windows = new Set<string>();
  for (let i = 0; i + 8 <= text.length; i++) windows.add(text.slice(i, i + 8));
  const found: string[] = [];
  for (const sample of samples) {
    for (const part of bodyOf(sample)) {
      for (let i = 0; i + 8 <= part.length; i++) {
        if (windows.has(part.slice(i, i + 8))) {
          found.push(`${sample.name}: "${part.slice(i, i + 8)}"`);
          break;
        }
      }
    }
  }
  return found;
}

/** Collects what is written to a stream until stop() (which restores it). */
function captureStream(stream: NodeJS.WriteStream): { stop(): string } {
  const original = stream.write.bind(stream);
  let out = '';
  stream.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof stream.write;
  return {
    stop() {
      stream.write = original;
      return out;
    },
  };
}

function captureStdout(fn: () => void): string {
  const capture = captureStream(process.stdout);
  try {
    fn();
  } catch (error) {
    capture.stop();
    throw error;
  }
  return capture.stop();
}

const POLICY = 'version: 1\nextends: [recommended]\nchecks:\n  secrets: {}\n';

let root: string;
let base: string;
let added: string;
let head: string;

beforeAll(() => {
  const files: Record<string, string> = {};
  for (const s of samples) files[s.path] = s.text;
  root = makeRepo({ 'README.md': '# shop\n', 'security-policy.yml': POLICY });
  base = git(root, 'rev-parse', 'HEAD').trim();
  added = commit(root, files, 'configuration');
  head = commit(root, Object.fromEntries(removed.map((s) => [s.path, null])), 'remove credentials');
});

describe('secrets never leak', () => {
  it('plants at least 50 distinct real-format secrets from many providers', () => {
    expect(new Set(samples.map((s) => s.secret)).size).toBeGreaterThanOrEqual(50);
    expect(new Set(samples.map((s) => s.name.split('-')[0])).size).toBeGreaterThanOrEqual(40);
  });

  it('no output channel shows any 8 characters of a secret body: reporters, annotations, logs', async () => {
    const outputs: Record<string, string> = {};
    const reports: Record<string, Report> = {};
    for (const [name, scope] of [
      ['full', { kind: 'full' as const }],
      ['pr', { kind: 'pr' as const, base, head }],
    ] as const) {
      const redactor = new Redactor();
      const log: string[] = [];
      const logger: Logger = { debug: (m) => log.push(m), info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) };
      const loaded = await loadPolicyText('security-policy.yml', POLICY, { root, checks: CHECKS });
      const report = await scan({ root, loaded, checks: CHECKS, scope, redactor, log: logger });
      reports[name] = report;
      for (const reporter of REPORTERS) outputs[`${name}/${reporter.id}`] = reporter.render(report, { color: true });
      outputs[`${name}/annotations`] = captureStdout(() => emitAnnotations(report));
      outputs[`${name}/log`] = log.join('\n');
    }

    // The scans did find the secrets: a test that finds nothing cannot leak anything.
    const found = (report: Report) => new Set([...report.findings, ...report.suppressed].filter((f) => f.check === 'secrets').map((f) => `${f.location?.path}`));
    const fullPaths = found(reports.full as Report);
    const prPaths = found(reports.pr as Report);
    // Every planted secret is found (and so goes through every message, help and property), at head or in
    // history; the leak check below covers them all.
    expect(samples.filter((s) => !prPaths.has(s.path)).map((s) => s.name)).toEqual([]);
    expect(prPaths.size).toBeGreaterThanOrEqual(50);
    // A full scan finds at head what the pull request scan finds at head.
    expect(kept.filter((s) => fullPaths.has(s.path)).map((s) => s.name)).toEqual(kept.filter((s) => prPaths.has(s.path)).map((s) => s.name));
    // History findings carry the commit that adds them.
    const history = (reports.pr as Report).findings.filter((f) => f.commit);
    const removedPaths = new Set(removed.map((s) => s.path));
    expect(history.filter((f) => !removedPaths.has(f.location?.path ?? ''))).toEqual([]);
    expect(new Set(history.map((f) => f.location?.path))).toEqual(removedPaths);
    expect(new Set(history.map((f) => f.commit))).toEqual(new Set([added]));

    for (const [channel, text] of Object.entries(outputs)) {
      expect(text.length, channel).toBeGreaterThan(0);
      expect(leaks(text), channel).toEqual([]);
    }
  });

  it('the CLI in every format, and the action (annotations, job summary, SARIF file, outputs)', async () => {
    const texts: Record<string, string> = {};
    const io = (name: string) => ({
      stdout: (t: string) => void (texts[name] = (texts[name] ?? '') + t),
      stderr: (t: string) => void (texts[`${name}/stderr`] = (texts[`${name}/stderr`] ?? '') + t),
      isTTY: false,
      cwd: root,
      env: {},
    });
    for (const format of ['console', 'json', 'sarif', 'markdown']) {
      expect(await main(['scan', '.', '--format', format, '--verbose'], io(`cli/${format}`))).toBe(1);
      expect(await main(['scan', '.', '--format', format, '--base', base, '--head', head, '--verbose'], io(`cli-pr/${format}`))).toBe(1);
    }
    // --verbose debug logs, on stderr.
    expect(texts['cli-pr/json/stderr']).toContain('debug: secrets:');

    const work = mkdtempSync(join(tmpdir(), 'security-gate-action-'));
    try {
      const event = join(work, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }));
      const summary = join(work, 'summary.md');
      const outputs = join(work, 'outputs.txt');
      writeFileSync(summary, '');
      writeFileSync(outputs, '');
      const saved = { ...process.env };
      Object.assign(process.env, {
        INPUT_POLICY: '',
        'INPUT_SARIF-FILE': 'security-gate.sarif',
        'INPUT_FAIL-ON': '',
        'INPUT_WORKING-DIRECTORY': '.',
        INPUT_TOKEN: '',
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: outputs,
      });
      try {
        const stdout = captureStream(process.stdout);
        try {
          await runAction({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_WORKSPACE: root, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: head });
        } finally {
          texts['action/stdout'] = stdout.stop();
        }
        texts['action/summary'] = readFileSync(summary, 'utf8');
        texts['action/outputs'] = readFileSync(outputs, 'utf8');
        texts['action/sarif'] = readFileSync(join(root, 'security-gate.sarif'), 'utf8');
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
        process.exitCode = undefined;
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(join(root, 'security-gate.sarif'), { force: true });
    }
    expect(texts['action/stdout']).toMatch(/::error title=[^:]*file=/);
    expect(texts['action/sarif']).toContain('"ruleId": "secrets/');
    for (const [channel, text] of Object.entries(texts)) expect(leaks(text), channel).toEqual([]);
  });
});

describe('baseline round trip', () => {
  let repo: string;
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('security-gate baseline records today’s secrets: the next scan passes, a new secret fails', async () => {
    const some = samples.slice(0, 12);
    const files: Record<string, string> = { 'security-policy.yml': 'version: 1\nbaseline: .security-gate/baseline.json\n' };
    for (const s of some) files[s.path] = s.text;
    repo = makeRepo(files);
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), isTTY: false, cwd: repo, env: {} };

    expect(await main(['scan', '.'], io)).toBe(1);
    expect(await main(['baseline', '.'], io)).toBe(0);
    const baseline = readFileSync(join(repo, '.security-gate/baseline.json'), 'utf8');
    expect(JSON.parse(baseline).findings.length).toBeGreaterThanOrEqual(some.length);
    expect(leaks(baseline)).toEqual([]);

    out.length = 0;
    expect(await main(['scan', '.', '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(out.join('')) as Report;
    expect(report.findings.filter((f) => f.check === 'secrets')).toEqual([]);
    expect(report.suppressed.filter((f) => f.suppression.kind === 'baseline').length).toBeGreaterThanOrEqual(some.length);

    // Edits that move a baselined secret keep its fingerprint; a new secret fails the gate.
    const moved = some[0] as Sample;
    writeFileSync(join(repo, moved.path), `# moved down\n\n\n${moved.text}`);
    expect(await main(['scan', '.'], io)).toBe(0);
    const fresh = samples.find((s) => s.name === 'stripe-live') as Sample;
    writeFileSync(join(repo, 'new-client.ts'), fresh.text);
    out.length = 0;
    expect(await main(['scan', '.', '--format', 'json'], io)).toBe(1);
    const after = JSON.parse(out.join('')) as Report;
    expect(after.findings.filter((f) => f.check === 'secrets').map((f) => f.location?.path)).toEqual(['new-client.ts']);
  });
});
