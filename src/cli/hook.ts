import { isAbsolute, join, relative } from 'node:path';
import { Git } from '../sources/git.js';
import { createHookFile } from '../util/hook-write.js';

export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

const HOOKS: Record<HookName, { args: string; does: string; skip: string }> = {
  'pre-commit': { args: 'scan --staged', does: 'scans the staged changes before each commit', skip: 'git commit --no-verify' },
  'pre-push': { args: 'scan --pre-push', does: 'scans the commits each push sends', skip: 'git push --no-verify' },
};

/**
 * A plain POSIX shell hook. It runs the project's own install first (a pinned version), then one on the
 * PATH; without either it stops the commit or push and says why, rather than let it through unscanned.
 */
export function hookScript(name: HookName): string {
  const { args, does, skip } = HOOKS[name];
  return `#!/bin/sh
# Security Gate ${does} (installed by \`security-gate init --hook ${name}\`).
# Skip it once with \`${skip}\`; delete this file to remove it.
if [ -x node_modules/.bin/security-gate ]; then
  exec node_modules/.bin/security-gate ${args}
elif command -v security-gate >/dev/null 2>&1; then
  exec security-gate ${args}
fi
echo "security-gate is not installed (npm install --save-dev security-gate): stopped unscanned." >&2
echo "Run '${skip}' to go ahead without the check, or delete $0." >&2
exit 1
`;
}

/** Installs the hook into the repository's hooks directory; never replaces an existing hook. */
export async function installHook(root: string, name: string): Promise<string> {
  if (!(HOOK_NAMES as readonly string[]).includes(name)) throw new Error(`--hook must be ${HOOK_NAMES.join(' or ')}, not "${name}"`);
  const git = await Git.open(root);
  if (!git) throw new Error('--hook needs a git work tree');
  const hooksPath = (await git.text(['config', '--get', 'core.hooksPath'], { okCodes: [1] })).trim();
  if (hooksPath) {
    throw new Error(
      `core.hooksPath is set (${hooksPath}), so git runs the hooks of a hook manager (husky, lefthook, …) instead of .git/hooks: add \`security-gate ${HOOKS[name as HookName].args}\` to its ${name} hook (see the README)`,
    );
  }
  const rel = (await git.text(['rev-parse', '--git-path', 'hooks'])).trim();
  const dir = isAbsolute(rel) ? rel : join(git.cwd, rel);
  const shown = relative(git.cwd, join(dir, name)) || name;
  if (!(await createHookFile(dir, name, hookScript(name as HookName)))) {
    throw new Error(`${shown} already exists; it was left as it is. Add \`security-gate ${HOOKS[name as HookName].args}\` to it yourself`);
  }
  return shown;
}
