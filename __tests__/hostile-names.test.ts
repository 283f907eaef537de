import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../src/util/printable.js';
import { buildAction, runActionAsync } from './helpers/action.js';
import { FakeGitHub, type PullFile } from './helpers/fake-github.js';
import { webhookExample } from './helpers/pr-scenario.js';
import { git, makeRepo } from './helpers/repo.js';
import { githubToken, SampleRandom } from './helpers/secret-samples.js';

// Issue 16, item 9: file names (and other text a repository writes: excerpts of its files) reach the console,
// the CI log, workflow commands, Markdown summaries, check runs and review comments. Real files with these
// names are committed to a real repository and scanned by the bundled CLI and action.

const NAMES = {
  newlineCommand: 'notes/a\n::error::gate passed\n.sh',
  stopCommands: 'notes/b\n::stop-commands::pwned\n.sh',
  leadingCommand: '::warning::leading.sh',
  legacyCommand: 'notes/##[stop-commands]legacy.sh',
  clearScreen: 'notes/\u001b[2J\u001b[H\u001b[32m PASS \u001b[0m.sh',
  osc: 'notes/\u001b]0;owned\u0007osc.sh',
  c1Csi: 'notes/\u009b2Jcsi.sh',
  backspace: 'notes/FAIL\b\b\b\bPASS.sh',
  carriageReturn: 'notes/x\r✔ PASS.sh',
  heading: 'notes/c\n## ✅ PASS\n.sh',
  html: 'notes/<img src=x onerror=alert(1)>.sh',
  pipes: 'notes/a|b|c.sh',
  bidi: 'notes/\u202eevil.sh',
  lineSeparator: 'notes/line\u2028sep.sh',
  tab: 'notes/tab\there.sh',
};
/** An env example line that dotenv ignores, quoted in env/malformed-line's message. */
const EXCERPT = '\u001b[2J::error::x ##[stop-commands]y';

const r = new SampleRandom(99);
function files(): Record<string, string> {
  const out: Record<string, string> = { '.env.example': `DATABASE_URL=\n${EXCERPT}\n` };
  for (const name of Object.values(NAMES)) out[name] = `export GITHUB_TOKEN=${githubToken(r)}\n`;
  return out;
}
const POLICY = 'version: 1\nextends: [recommended]\n';

/** Control characters (but the line feed), DEL, C1, line/paragraph separators, bidi controls, BOM. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

/** The colour codes the console writes itself. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

function expectPrintable(text: string, channel: string, options: { colours?: boolean } = {}): void {
  const plain = options.colours ? text.replace(SGR, '') : text;
  const bad = RAW_CONTROL.exec(plain);
  expect(bad, `${channel}: raw U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad?.index}: ${JSON.stringify(plain.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 20))}`).toBeNull();
}

/** Lines the GitHub runner would take as commands: `::` after leading white space, `##[` anywhere. */
function commandLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*::/.test(l) || l.includes('##['));
}

/**
 * What our own action writes as workflow commands: annotations (with properties, whose `:` and `,` are
 * percent-encoded) and its own messages. The runner parses such a line as that command only, so a `##[`
 * in its data is text.
 */
function isOwnCommand(line: string): boolean {
  const m = /^::(error|warning|notice|debug)( [^:]*)?::(.*)$/.exec(line);
  if (!m) return false;
  if (m[2]) return /^ title=[^,:]*(,file=[^,:]*)?(,line=\d+)?(,endLine=\d+)?(,col=\d+)?(,endColumn=\d+)?$/.test(m[2]);
  return /^(Security Gate|Not reporting|No security-policy|Check run|Review|debug)/.test(m[3] as string) || m[1] === 'debug';
}

const HEADINGS = /^(## (❌|⚠️|✅) Security Gate: (failed|passed)|### (Checklist|What to fix|Dependencies|Security Gate(: [\d,]+ new findings? on lines this pull request changed)?)|#### (🔴|🟡|🔵) [^`]+ \(`[a-z0-9/-]+`\): [\d,]+ findings?( in [\d,]+ files)?( \([\d,]+ only in commits of the pull request\))?|#### [\d,]+ findings? in the commits of this pull request)$/;
const OWN_TAGS = /^<(\/?(details|summary|sub)|br)>|^<!-- security-gate:(finding|summary|listed) key=[0-9a-f]+( fp=[0-9a-f]+| fps=[A-Za-z0-9_.]*)? -->/;

function expectInertMarkdown(md: string, channel: string): void {
  expectPrintable(md, channel);
  for (const line of md.split('\n')) {
    if (/^\s{0,3}#{1,6}(\s|$)/.test(line)) expect(line, `${channel}: a heading`).toMatch(HEADINGS);
    expect(line, `${channel}: a setext underline`).not.toMatch(/^\s{0,3}(=+|-{3,})\s*$/);
    expect(line, `${channel}: text from a name at a line start`).not.toMatch(/^\s*(## ✅ PASS|::error::gate passed|::stop-commands)/);
  }
  // HTML outside code spans (inside one, `<` is text).
  const text = md.replace(/`[^`\n]*`/g, '``');
  for (const m of text.matchAll(/<[A-Za-z/!?]/g)) expect(text.slice(m.index, m.index + 120), `${channel}: HTML`).toMatch(OWN_TAGS);
  // Every findings row keeps its five cell borders, whatever the path holds.
  for (const row of md.split('\n').filter((l) => l.includes('`secrets/github-pat`') && l.startsWith('|'))) {
    expect(row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1, `${channel}: ${row}`).toBe(5);
  }
}

function expectInertLog(text: string, channel: string): void {
  expectPrintable(text, channel);
  expect(commandLines(text), `${channel}: workflow commands`).toEqual([]);
}

let entry = '';
let cli = '';
beforeAll(() => {
  entry = buildAction();
  cli = join(dirname(entry), 'cli.js');
});

function runCli(root: string, args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [cli, 'scan', root, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('file names and excerpts that try to inject', () => {
  const root = makeRepo({ ...files(), 'security-policy.yml': POLICY });

  it('git tracks every hostile name', () => {
    const tracked = git(root, 'ls-files', '-z').split('\0');
    for (const name of Object.values(NAMES)) expect(tracked).toContain(name);
  });

  it('console, with and without colour: no control character, no workflow command, FAIL is the last line', () => {
    for (const [args, env, colours] of [[['--no-color'], {}, false], [[], {}, false], [[], { FORCE_COLOR: '1' }, true]] as const) {
      const run = runCli(root, [...args], env);
      expect(run.status).toBe(1);
      expectPrintable(run.stdout, 'console', { colours });
      expect(commandLines(run.stdout)).toEqual([]);
      expectInertLog(run.stderr, 'stderr');
      const plain = run.stdout.replace(SGR, '');
      expect(plain.trimEnd().split('\n').at(-1)).toMatch(/^✖ FAIL {2}\d+ errors/);
      // Each name is there, as visible escapes.
      expect(plain).toContain('notes/a\\n::error::gate passed\\n.sh');
      expect(plain).toContain('notes/\\x1b[2J\\x1b[H\\x1b[32m PASS \\x1b[0m.sh');
      expect(plain).toContain('notes/#\\x23[stop-commands]legacy.sh');
      expect(plain).toContain('\\x3a:warning::leading.sh');
      expect(plain).toContain('notes/\\u202eevil.sh');
    }
  });

  it('JSON and SARIF keep the exact names and are safe to print', () => {
    const json = runCli(root, ['--format', 'json']);
    expectInertLog(json.stdout, 'json');
    const report = JSON.parse(json.stdout) as { findings: { location?: { path: string }; message: string; ruleId: string }[] };
    const paths = new Set(report.findings.map((f) => f.location?.path));
    for (const name of Object.values(NAMES)) expect(paths).toContain(name);
    expect(report.findings.find((f) => f.ruleId === 'env/malformed-line')?.message).toContain('##[stop-commands]');

    const sarif = runCli(root, ['--format', 'sarif']);
    expectInertLog(sarif.stdout, 'sarif');
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results ?? [];
    const uris = new Set(results.map((x) => decodeURIComponent(x.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '')));
    for (const name of Object.values(NAMES)) expect(uris).toContain(name);
  });

  it('Markdown: no heading, HTML, table break or control character from a name', () => {
    const md = runCli(root, ['--format', 'markdown']);
    expect(md.stdout).toMatch(/^## ❌ Security Gate: failed/);
    expectInertMarkdown(md.stdout, 'markdown');
    expect(md.stdout).toContain('notes/c\\n## ✅ PASS\\n.sh');
    expect(md.stdout).toContain("notes/<img src=x onerror=alert(1)>.sh");
  });
});

describe('the action on a pull request that adds the hostile files', () => {
  const OWNER = 'Codertocat';
  const REPO = 'Hello-World';
  const TOKEN = 'ghs_hostileNamesTestToken000000000000000';
  const gh = new FakeGitHub(OWNER, REPO, TOKEN);
  beforeAll(async () => {
    await gh.start();
  });
  afterAll(async () => {
    await gh.close();
    expect(gh.violations()).toEqual([]);
  });

  function setUp() {
    const root = makeRepo({ 'security-policy.yml': POLICY, 'src/app.ts': 'export const app = 1;\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'names');
    const added = files();
    for (const [name, text] of Object.entries(added)) {
      const abs = join(root, name);
      spawnSync('mkdir', ['-p', dirname(abs)]);
      spawnSync('sh', ['-c', 'printf %s "$1" > "$2"', 'sh', text, abs]);
    }
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'Add scripts');
    const head = git(root, 'rev-parse', 'HEAD').trim();
    // The files API's answer, built from git with NUL-separated names.
    const pullFiles: PullFile[] = git(root, 'diff', '-z', '--name-only', '--no-renames', base, head)
      .split('\0')
      .filter(Boolean)
      .map((filename) => {
        const diff = git(root, 'diff', '--no-color', '--no-ext-diff', base, head, '--', `:(literal)${filename}`);
        const patch = diff.slice(diff.indexOf('\n@@') + 1).replace(/\n$/, '');
        const additions = patch.split('\n').filter((l) => l.startsWith('+')).length;
        return { filename, status: 'added', additions, deletions: 0, changes: additions, patch };
      });
    gh.pulls.set(2, { files: pullFiles, headSha: head, baseSha: base, headRepo: `${OWNER}/${REPO}` });
    const payload = webhookExample('pull_request', 'opened') as unknown as { pull_request: { head: { sha: string }; base: { sha: string } } };
    payload.pull_request.head.sha = head;
    payload.pull_request.base.sha = base;
    return { root, payload };
  }

  it('workflow commands and the job summary (no API): every :: line is our own, names are escaped', async () => {
    const { root, payload } = setUp();
    const run = await runActionAsync({ entry, workspace: root, eventName: 'pull_request', payload, inputs: { token: '' } });
    expect(run.status).toBe(1);
    expectPrintable(run.stdout, 'log');
    expectPrintable(run.stderr, 'stderr');
    const foreign = commandLines(run.stdout).filter((l) => !isOwnCommand(l));
    expect(foreign, 'commands the action did not write itself').toEqual([]);
    // Ten per level, as GitHub shows them on a step; the job summary lists the rest.
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error title='));
    expect(annotations).toHaveLength(10);
    // The file property still names a real file (line breaks and `:` percent-encoded, as the runner decodes them).
    const decode = (v: string) => v.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const named = annotations.map((a) => decode(/,file=([^,:]*)/.exec(a)?.[1] ?? ''));
    const shown = Object.values(NAMES).map((n) => printable(n, { keepNewlines: true }));
    for (const file of named) expect(shown, file).toContain(file);
    expectInertMarkdown(run.summary, 'job summary');
  });

  it('check run, annotations and review comments through the API', async () => {
    const { root, payload } = setUp();
    const before = gh.requests.length;
    const run = await runActionAsync({
      entry,
      workspace: root,
      eventName: 'pull_request',
      payload,
      inputs: { token: TOKEN, 'sticky-comment': 'true' },
      env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '1658821493' },
    });
    expect(run.status).toBe(1);
    expectPrintable(run.stdout, 'log');
    expect(commandLines(run.stdout).filter((l) => !isOwnCommand(l))).toEqual([]);
    expectInertMarkdown(run.summary, 'job summary');

    const requests = gh.requests.slice(before);
    const updates = requests.filter((q) => q.operationId === 'checks/update').map((q) => q.body as { output: { summary: string; annotations?: { path: string; message: string; title?: string; raw_details?: string }[] } });
    expectInertMarkdown(updates.at(-1)?.output.summary ?? '', 'check-run summary');
    const annotations = updates.flatMap((u) => u.output.annotations ?? []);
    for (const name of Object.values(NAMES)) expect(annotations.map((a) => a.path)).toContain(name);
    for (const a of annotations) {
      expectPrintable(`${a.title ?? ''}${a.message.replace(/\n/g, ' ')}${(a.raw_details ?? '').replace(/\n/g, ' ')}`, `annotation on ${JSON.stringify(a.path)}`);
    }

    const review = requests.find((q) => q.operationId === 'pulls/create-review')?.body as { body: string; comments: { path: string; body: string }[] };
    expect(review.comments.length + (review.body.match(/security-gate:finding/g)?.length ?? 0)).toBeGreaterThanOrEqual(Object.keys(NAMES).length);
    expectInertMarkdown(review.body, 'review body');
    for (const c of review.comments) expectInertMarkdown(c.body, `review comment on ${JSON.stringify(c.path)}`);
    const sticky = requests.find((q) => q.operationId === 'issues/create-comment')?.body as { body: string };
    expectInertMarkdown(sticky.body, 'sticky comment');
  });
});
