import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GitignoreRules } from '../../src/checks/env/gitignore.js';
import { makeRepo } from '../helpers/repo.js';

/** What real git says, for each path: ignored or not. */
function gitSays(root: string, paths: string[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const path of paths) {
    try {
      execFileSync('git', ['-c', 'core.excludesFile=/dev/null', 'check-ignore', '--no-index', '-q', path], { cwd: root, stdio: 'ignore' });
      out[path] = true;
    } catch {
      out[path] = false;
    }
  }
  return out;
}

function oursSay(files: Record<string, string>, paths: string[]): Record<string, boolean> {
  const rules = new GitignoreRules();
  for (const [path, text] of Object.entries(files)) if (path.endsWith('.gitignore')) rules.add(path, text);
  return Object.fromEntries(paths.map((p) => [p, rules.decide(p).ignored]));
}

const PATHS = [
  '.env', '.env.local', '.env.example', '.env.production', '.env.development.local',
  'apps/web/.env', 'apps/web/.env.local', 'apps/web/.env.example', 'packages/db/.env', 'config/.env', 'secrets/.env.example',
];

const CASES: Record<string, Record<string, string>> = {
  'next.js default': { '.gitignore': '# local env files\n.env*.local\n' },
  'too broad .env*': { '.gitignore': 'node_modules\n.env*\n' },
  'broad with re-include': { '.gitignore': '.env*\n!.env.example\n' },
  'anchored to the root': { '.gitignore': '/.env\n/.env.local\n' },
  'nested override': { '.gitignore': '.env\n', 'apps/web/.gitignore': '!.env\n' },
  'ignored directory cannot be re-included': { '.gitignore': 'secrets/\n!secrets/.env.example\n' },
  'directory glob': { '.gitignore': '**/.env\n*.local\n' },
  'comment and escapes': { '.gitignore': '#.env\n\\#x\n.env # not a comment\n' },
  'negation then re-ignore': { '.gitignore': '.env*\n!.env.example\n.env.example\n' },
  'nothing': { 'README.md': 'x\n' },
};

describe('GitignoreRules agrees with git check-ignore', () => {
  for (const [name, files] of Object.entries(CASES)) {
    it(name, () => {
      const root = makeRepo({ ...files, 'x.txt': 'x\n' });
      expect(oursSay(files, PATHS)).toEqual(gitSays(root, PATHS));
    });
  }

  it('names the deciding rule and its line', () => {
    const rules = new GitignoreRules();
    rules.add('.gitignore', 'node_modules\n.env*\n!.env.example\n');
    expect(rules.decide('.env.local')).toEqual({ ignored: true, rule: { path: '.gitignore', line: 2, pattern: '.env*', negative: false } });
    expect(rules.decide('.env.example')).toEqual({ ignored: false, rule: { path: '.gitignore', line: 3, pattern: '!.env.example', negative: true } });
    expect(rules.decide('src/a.ts')).toEqual({ ignored: false });
  });
});
