import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { Check, ScanScope } from '../../src/core/check.js';
import { scan } from '../../src/core/engine.js';
import type { Report } from '../../src/core/report.js';
import { loadPolicy, loadPolicyText } from '../../src/policy/load.js';
import { Redactor } from '../../src/util/redact.js';
import { removeTempDirs, tempDir } from './temp.js';

export { removeTempDirs };
afterAll(removeTempDirs);

export type FileSpec = string | Buffer | { symlink: string };

/** A temporary directory with the given files. */
export function makeDir(files: Record<string, FileSpec>): string {
  const root = tempDir('security-gate-test-');
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, FileSpec>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.symlink, abs);
    else writeFileSync(abs, content);
  }
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: root, env: GIT_ENV, encoding: 'utf8' });
}

/** A git repository whose first commit holds the given files. */
export function makeRepo(files: Record<string, FileSpec>): string {
  const root = makeDir(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial', '--allow-empty');
  return root;
}

/** Writes files (and deletes those mapped to null), commits, returns the new sha. */
export function commit(root: string, files: Record<string, FileSpec | null>, message = 'change'): string {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) rmSync(join(root, path), { force: true });
    else writeFiles(root, { [path]: content });
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message, '--allow-empty');
  return git(root, 'rev-parse', 'HEAD').trim();
}

export interface ScanTestOptions {
  /** Policy text; written nowhere, loaded as `security-policy.yml`. Omit to use the repository's own file or defaults. */
  policy?: string;
  checks?: readonly Check<never>[];
  scope?: ScanScope;
  now?: Date;
  redactor?: Redactor;
  /** Run only these checks (the others stay known to the policy, but disabled), so a test sees one check's findings. */
  only?: string[];
}

export async function scanDir(root: string, options: ScanTestOptions = {}): Promise<Report> {
  const checks = options.checks ?? CHECKS;
  const loaded =
    options.policy !== undefined
      ? await loadPolicyText('security-policy.yml', options.policy, { root, checks })
      : await loadPolicy({ root, checks });
  if (options.only) {
    for (const [id, section] of Object.entries(loaded.policy.checks)) {
      if (!options.only.includes(id)) loaded.policy.checks[id] = { ...section, enabled: false };
    }
  }
  return scan({ root, loaded, checks, scope: options.scope, now: options.now, redactor: options.redactor ?? new Redactor() });
}

/** `rule path:line` strings, the compact form tests assert on. */
export function summarise(report: Report): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.location?.path ?? '-'}${f.location?.line ? `:${f.location.line}` : ''}`);
}
