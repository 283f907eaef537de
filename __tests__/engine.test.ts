import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { defineCheck, type Check } from '../src/core/check.js';
import { markdownReporter } from '../src/reporters/markdown.js';
import { marker } from './helpers/marker-check.js';
import { commit, makeDir, makeRepo, scanDir, summarise, writeFiles } from './helpers/repo.js';

/** Spelled out at run time, so that the gate scanning this repository does not take these fixtures for directives. */
const IGNORE = ['security-gate', 'ignore'].join('-');

const crashing = defineCheck({
  meta: { id: 'crash', title: 'Crash', description: 'Throws.', covers: [], rules: [], settings: {} },
  create() {
    return {
      finish() {
        throw new Error('boom');
      },
    };
  },
}) as Check<never>;

/** Reads a framework it has no reader for: says so, for the whole check or for one rule. */
const blind = defineCheck({
  meta: {
    id: 'blind',
    title: 'Blind',
    description: 'Cannot read what it is about.',
    covers: ['Security headers are configured'],
    rules: [
      { id: 'blind/hsts', title: 'HSTS', description: 'HSTS.', severity: 'error' },
      { id: 'blind/csp', title: 'CSP', description: 'CSP.', severity: 'error' },
    ],
    settings: { mode: { type: 'string' } },
  },
  create(ctx, settings: { mode?: string }) {
    return {
      finish() {
        if (settings.mode === 'whole') ctx.notEvaluated('no reader for Django settings');
        if (settings.mode === 'csp') ctx.notEvaluated('the CSP is computed at run time', ['blind/csp']);
        if (settings.mode === 'found') {
          ctx.notEvaluated('no reader for Django settings');
          ctx.report({ ruleId: 'blind/hsts', message: 'HSTS is off', location: { path: 'settings.py', line: 1 } });
        }
      },
    };
  },
}) as Check<never>;

const checks = [...CHECKS, marker, crashing, blind];
const POLICY = 'version: 1\nextends: []\nchecks:\n  marker: {}\n';

describe('engine', () => {
  it('runs a content check over tracked files with exact positions', async () => {
    const root = makeRepo({ 'src/a.ts': 'const x = 1;\n  // TODO-SECURITY: check auth\n', 'README.md': 'nothing\n' });
    const report = await scanDir(root, { policy: POLICY, checks });
    expect(summarise(report)).toEqual(['marker/todo src/a.ts:2']);
    expect(report.findings[0]?.location).toEqual({ path: 'src/a.ts', line: 2, column: 6, endLine: 2, endColumn: 19 });
    expect(report.verdict).toBe('fail');
    expect(report.conclusion).toBe('failure');
    expect(report.stats.listing).toBe('git');
  });

  it('fingerprints survive unrelated edits that move lines (keyed by the repository, so within one)', async () => {
    const root = makeRepo({ 'a.ts': '// TODO-SECURITY x\n' });
    const a = await scanDir(root, { policy: POLICY, checks });
    commit(root, { 'a.ts': '\n\n\nconst y = 2;\n// TODO-SECURITY x\n' });
    const b = await scanDir(root, { policy: POLICY, checks });
    expect(a.findings[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a.findings[0]?.fingerprint).toBe(b.findings[0]?.fingerprint);
  });

  it('honours global and per-check ignores and severity overrides', async () => {
    const root = makeRepo({ 'vendor/x.ts': 'TODO-SECURITY\n', 'gen/y.ts': 'TODO-SECURITY\n', 'src/z.ts': 'TODO-SECURITY\n' });
    const report = await scanDir(root, {
      policy: 'version: 1\nextends: []\nignore: [vendor]\nchecks:\n  marker:\n    ignore: ["gen/**"]\n    severity:\n      marker/todo: warning\n',
      checks,
    });
    expect(summarise(report)).toEqual(['marker/todo src/z.ts:1']);
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.verdict).toBe('pass');
    expect(report.conclusion).toBe('neutral');
    expect(report.stats.ignored).toBe(1);
  });

  it('fail-on decides the verdict', async () => {
    const root = makeRepo({ 'a.ts': 'TODO-SECURITY\n' });
    const warn = await scanDir(root, { policy: `${POLICY}fail-on: warning\n`.replace('checks:\n  marker: {}\n', 'checks:\n  marker:\n    severity: {marker/todo: warning}\n'), checks });
    expect(warn.verdict).toBe('fail');
    const none = await scanDir(root, { policy: `${POLICY}fail-on: none\n`, checks });
    expect(none.verdict).toBe('pass');
    expect(none.conclusion).toBe('neutral');
    const off = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  marker:\n    severity: {marker/todo: "off"}\n', checks });
    expect(off.findings).toEqual([]);
    expect(off.checks.find((c) => c.id === 'marker')?.rules.find((r) => r.id === 'marker/todo')?.status).toBe('disabled');
  });

  it('a check that cannot look is not evaluated, never passed; what it does find still counts', async () => {
    const root = makeRepo({ 'settings.py': 'DEBUG = False\n' });
    const status = async (mode: string) => (await scanDir(root, { policy: `version: 1\nextends: []\nchecks:\n  blind:\n    mode: ${mode}\n`, checks })).checks.find((c) => c.id === 'blind');
    const whole = await status('whole');
    expect(whole).toMatchObject({ status: 'not-evaluated', notEvaluated: ['no reader for Django settings'] });
    expect(whole?.rules.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['blind/hsts', 'not-evaluated', 'no reader for Django settings'],
      ['blind/csp', 'not-evaluated', 'no reader for Django settings'],
    ]);
    const partial = await status('csp');
    expect(partial?.status).toBe('pass');
    expect(partial?.rules.map((r) => r.status)).toEqual(['pass', 'not-evaluated']);
    const found = await status('found');
    expect(found?.status).toBe('fail');
    expect(found?.rules.map((r) => r.status)).toEqual(['fail', 'not-evaluated']);
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  blind:\n    mode: whole\n', checks });
    const md = markdownReporter.render(report);
    expect(md).toContain('- ❔ **Blind** — not evaluated: no reader for Django settings');
    expect(md).not.toMatch(/✅ Security headers are configured/);
  });

  it('inline suppressions on the line or alone on the line above, with reasons counted', async () => {
    const root = makeRepo({
      'a.ts': [
        `TODO-SECURITY one // ${IGNORE}: marker/todo -- tracked in SEC-12`,
        `// ${IGNORE}: marker/* -- fixture`,
        'TODO-SECURITY two',
        'TODO-SECURITY three',
        `# ${IGNORE}: marker/todo`,
        'TODO-SECURITY four',
        `// ${IGNORE}: marker/nope -- typo`,
        'TODO-SECURITY five',
      ].join('\n'),
    });
    const report = await scanDir(root, { policy: POLICY, checks });
    // A comment without a reason suppresses nothing: the finding it names stays, and so does a warning.
    expect(summarise(report)).toEqual(['marker/todo a.ts:4', 'policy/suppression-without-reason a.ts:5', 'marker/todo a.ts:6', 'policy/unknown-rule a.ts:7', 'marker/todo a.ts:8']);
    expect(report.findings.find((f) => f.ruleId === 'policy/suppression-without-reason')?.message).toContain('so it suppresses nothing');
    expect(report.verdict).toBe('fail');
    expect(report.suppressed.map((s) => [s.location?.line, s.suppression.kind, s.suppression.reason])).toEqual([
      [1, 'inline', 'tracked in SEC-12'],
      [3, 'inline', 'fixture'],
    ]);
    expect(report.counts.suppressed).toBe(2);

    // The policy decides: `any` lets the bare comment suppress (still warned), `off` lets no comment suppress.
    const any = await scanDir(root, { policy: `${POLICY}suppressions: {inline: any}\n`, checks });
    expect(summarise(any)).toEqual(['marker/todo a.ts:4', 'policy/suppression-without-reason a.ts:5', 'policy/unknown-rule a.ts:7', 'marker/todo a.ts:8']);
    expect(any.counts.suppressed).toBe(3);
    const off = await scanDir(root, { policy: `${POLICY}suppressions: {inline: "off"}\n`, checks });
    expect(off.counts.suppressed).toBe(0);
    expect(off.findings.filter((f) => f.ruleId === 'marker/todo').map((f) => f.location?.line)).toEqual([1, 3, 4, 6, 8]);
  });

  it('exceptions suppress until they expire; expired and unused ones are reported on their policy line', async () => {
    const root = makeRepo({ 'a/x.ts': 'TODO-SECURITY\n', 'b/y.ts': 'TODO-SECURITY\n' });
    const policy = [
      POLICY.trimEnd(),
      'exceptions:',
      '  - rule: marker/todo',
      '    path: "a/**"',
      '    reason: accepted until the rewrite',
      '    expires: 2026-12-31',
      '  - rule: marker/todo',
      '    path: "b/**"',
      '    reason: was accepted',
      '    expires: 2026-01-31',
      '  - rule: marker/note',
      '    reason: nothing to match',
      '    expires: 2027-01-01',
      '',
    ].join('\n');
    const report = await scanDir(root, { policy, checks, now: new Date('2026-11-23T12:00:00Z') });
    expect(summarise(report)).toEqual(['marker/todo b/y.ts:1', 'policy/exception-expired security-policy.yml:10', 'policy/exception-unused security-policy.yml:14']);
    expect(report.findings.find((f) => f.ruleId === 'policy/exception-expired')?.message).toMatch(/expired on 2026-01-31/);
    expect(report.suppressed.map((s) => [s.location?.path, s.suppression.kind, s.suppression.reason])).toEqual([['a/x.ts', 'exception', 'accepted until the rewrite']]);
    // The last day still counts.
    const lastDay = await scanDir(root, { policy, checks, now: new Date('2026-01-31T23:00:00Z') });
    expect(lastDay.findings.some((f) => f.ruleId === 'policy/exception-expired')).toBe(false);
  });

  it('a finding the check itself allows is listed as suppressed with its reason and does not fail the gate', async () => {
    const allowing = defineCheck({
      meta: { id: 'allowing', title: 'Allowing', description: 'Allows its one finding.', covers: [], rules: [{ id: 'allowing/x', title: 'x', description: 'x', severity: 'error' }], settings: {} },
      create(ctx) {
        return {
          finish() {
            ctx.report({ ruleId: 'allowing/x', message: 'allowed one', location: { path: 'a.ts', line: 1 }, suppression: { kind: 'allowlist', reason: 'accepted until 2027' } });
            ctx.report({ ruleId: 'allowing/x', message: 'active one', location: { path: 'a.ts', line: 1 } });
          },
        };
      },
    }) as Check<never>;
    const report = await scanDir(makeRepo({ 'a.ts': 'x\n' }), { policy: 'version: 1\nextends: []\nchecks:\n  allowing: {}\n', checks: [allowing] });
    expect(report.findings.map((f) => f.message)).toEqual(['active one']);
    expect(report.suppressed.map((s) => [s.message, s.suppression.kind, s.suppression.reason])).toEqual([['allowed one', 'allowlist', 'accepted until 2027']]);
    expect(report.counts).toMatchObject({ error: 1, suppressed: 1 });
  });

  it('exceptions by fingerprint', async () => {
    const root = makeRepo({ 'a.ts': 'TODO-SECURITY\n' });
    const first = await scanDir(root, { policy: POLICY, checks });
    const fp = first.findings[0]?.fingerprint as string;
    const report = await scanDir(root, { policy: `${POLICY}exceptions:\n  - fingerprint: ${fp}\n    reason: known\n    expires: 2099-01-01\n`, checks });
    expect(report.findings).toEqual([]);
    expect(report.suppressed[0]?.suppression.kind).toBe('exception');
  });

  it('baselines suppress known findings only; a missing baseline is reported', async () => {
    const root = makeRepo({ 'a.ts': 'TODO-SECURITY old\n', 'b.ts': 'TODO-SECURITY new\n' });
    const first = await scanDir(root, { policy: POLICY, checks });
    const old = first.findings.find((f) => f.location?.path === 'a.ts')?.fingerprint;
    commit(root, { '.sg/baseline.json': JSON.stringify({ version: 1, findings: [{ fingerprint: old }] }) });
    const report = await scanDir(root, { policy: `${POLICY}baseline: .sg/baseline.json\n`, checks });
    expect(summarise(report)).toEqual(['marker/todo b.ts:1']);
    expect(report.suppressed.map((s) => s.suppression.kind)).toEqual(['baseline']);
    const missing = await scanDir(root, { policy: `${POLICY}baseline: .sg/none.json\n`, checks });
    expect(summarise(missing)).toContain('policy/baseline-unreadable security-policy.yml:5');
  });

  it('a check that throws fails the gate with a clear finding instead of passing', async () => {
    const report = await scanDir(makeRepo({ 'a.ts': 'fine\n' }), { policy: 'version: 1\nextends: []\nchecks:\n  crash: {}\n', checks });
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]).toMatchObject({ ruleId: 'policy/check-error', message: 'The crash check could not run: boom' });
    expect(report.findings[0]?.location).toMatchObject({ path: 'security-policy.yml', line: 4 });
    expect(report.checks.find((c) => c.id === 'crash')?.status).toBe('error');
  });

  it('handles binary, non-UTF-8, UTF-16, oversized, symlinked and missing files without crashing', async () => {
    const root = makeRepo({
      'bin.dat2': Buffer.from([0, 1, 2, 3, 0, 0, 0, 5, 6, 7, 0, 0, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      'latin.txt': Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' TODO-SECURITY\n')]),
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x\nTODO-SECURITY\n', 'utf16le')]),
      'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('TODO-SECURITY\n')]),
      'big.txt': `${'x'.repeat(3000)}\nTODO-SECURITY\n`,
      'crlf.txt': 'a\r\nb TODO-SECURITY\r\n',
      'nul.txt': `text with a NUL \u0000 byte\n${'ordinary text line\n'.repeat(100)}TODO-SECURITY\n`,
      'image.png': 'TODO-SECURITY but a png\n',
      'link.txt': { symlink: '/etc/passwd' },
      'loop': { symlink: 'loop' },
    });
    const report = await scanDir(root, { policy: `${POLICY}limits:\n  max-file-size: 2KB\n`, checks });
    expect(summarise(report)).toEqual([
      'marker/todo bom.txt:1',
      'marker/todo crlf.txt:2',
      'marker/todo latin.txt:1',
      'marker/todo nul.txt:102',
      'marker/todo utf16.txt:2',
    ]);
    expect(report.findings.find((f) => f.location?.path === 'latin.txt')?.location?.column).toBe(6);
    expect(report.findings.find((f) => f.location?.path === 'bom.txt')?.location?.column).toBe(1);
    expect(report.stats.skipped).toMatchObject({ binary: 2, tooLarge: 1, symlink: 2 });
    expect(report.stats.nonUtf8).toBe(1);
    expect(report.notes.join('\n')).toMatch(/1 file\(s\) larger than 2 KB were not scanned/);
  });

  it('outside git: walks the directory honouring .gitignore files', async () => {
    const root = makeDir({
      '.gitignore': 'build/\n*.log\n',
      'build/out.js': 'TODO-SECURITY\n',
      'debug.log': 'TODO-SECURITY\n',
      'sub/.gitignore': 'secret.txt\n',
      'sub/secret.txt': 'TODO-SECURITY\n',
      'sub/ok.txt': 'TODO-SECURITY\n',
      'node_modules/x/index.js': 'TODO-SECURITY\n',
      'src/a.ts': 'TODO-SECURITY\n',
    });
    const report = await scanDir(root, { policy: POLICY, checks });
    expect(report.stats.listing).toBe('walk');
    expect(summarise(report)).toEqual(['marker/todo src/a.ts:1', 'marker/todo sub/ok.txt:1']);
  });

  it('reads each file at most once, even when several checks want it', async () => {
    const twin = { ...marker, meta: { ...marker.meta, id: 'twin', rules: [{ id: 'twin/todo', title: 't', description: 't', severity: 'error' as const }] } } as Check<never>;
    const root = makeRepo({ 'a.ts': 'nothing\n', 'b.ts': 'nothing\n' });
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  marker: {}\n  twin: {}\n', checks: [marker, twin] });
    expect(report.stats.scanned).toBe(2);
  });
});

describe('the files check', () => {
  it('reports credential files by name, committed or about to be, with allow-listing', async () => {
    const root = makeRepo({
      'deploy/id_rsa': 'not really a key\n',
      'deploy/id_rsa.pub': 'ssh-rsa AAAA\n',
      'certs/store.p12': 'x',
      'infra/terraform.tfstate': '{}',
      'test/fixtures/keystore.jks': 'x',
      'src/index.ts': 'export {};\n',
    });
    const report = await scanDir(root, { policy: 'version: 1\nchecks:\n  files:\n    allow: ["test/fixtures/**"]\n' });
    expect(summarise(report)).toEqual(['files/sensitive-file certs/store.p12', 'files/sensitive-file deploy/id_rsa', 'files/sensitive-file infra/terraform.tfstate']);
    expect(report.findings[1]?.message).toMatch(/deploy\/id_rsa looks like an SSH private key/);
    writeFiles(root, { 'new/.git-credentials': 'https://user:pw@host\n', 'ignored/.pgpass': 'x', '.gitignore': 'ignored/\n' });
    const later = await scanDir(root, { policy: 'version: 1\nchecks:\n  files:\n    allow: ["test/fixtures/**"]\n' });
    expect(summarise(later)).toContain('files/sensitive-file new/.git-credentials');
    expect(summarise(later).join()).not.toContain('.pgpass');
  });

  it('matches names in any directory, directory globs, and files inside a directory so named', async () => {
    const root = makeRepo({
      'home/.aws/credentials': '[default]\n',
      'credentials': 'not under .aws\n',
      'ci/.docker/config.json': '{}',
      'config.json': '{}',
      'infra/state/prod.tfstate.backup': '{}',
      'keys/id_ed25519/README.md': 'a directory named like a key\n',
      'docs/id_rsa.md': 'about keys\n',
      'vpn/office.ovpn': 'client\n',
    });
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  files: {}\n' });
    expect(summarise(report)).toEqual([
      'files/sensitive-file ci/.docker/config.json',
      'files/sensitive-file home/.aws/credentials',
      'files/sensitive-file infra/state/prod.tfstate.backup',
      'files/sensitive-file keys/id_ed25519/README.md',
      'files/sensitive-file vpn/office.ovpn',
    ]);
  });
});
