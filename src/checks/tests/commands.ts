import { programName, shellCommands } from './shell.js';

/** What the recognizer may consult: package.json scripts, Makefiles and script files of the repository. */
export interface CommandEnv {
  /** Bodies of the package.json scripts with this name, from every package.json of the repository. */
  scripts(name: string): string[];
  /** The text of a repository file (a Makefile, a shell script), when it exists. */
  readText(path: string): Promise<string | undefined>;
  /** Extra commands from the policy (`commands:`): a command line containing one of them runs tests. */
  extra: readonly string[];
}

const MAX_DEPTH = 8;

/** A script name that says it runs tests (`test`, `test:unit`, `tests-e2e`). */
function testScriptName(name: string): boolean {
  return /^tests?(?:$|[:_-])/i.test(name);
}

/** A make/just/task target name that conventionally runs tests. */
function testTargetName(name: string): boolean {
  return /(?:^|[-_.:/])(?:tests?|specs?|check)(?:$|[-_.:])/i.test(name) || /^(?:tests?|specs?|check)/i.test(name);
}

/** The first command of a script that runs tests, described (`npm test`, `vitest`), or undefined. */
export async function scriptRunsTests(script: string, env: CommandEnv, depth = 0): Promise<string | undefined> {
  if (depth > MAX_DEPTH) return undefined;
  for (const words of shellCommands(script)) {
    const hit = await commandRunsTests(words, env, depth);
    if (hit) return hit;
  }
  return undefined;
}

/** Index of the first argument that is not an option (options listed in `withValue` take the next word). */
function firstOperand(args: readonly string[], withValue: ReadonlySet<string> = new Set()): number {
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a === '--') return i + 1;
    if (!a.startsWith('-')) return i;
    i += withValue.has(a) ? 2 : 1;
  }
  return i;
}

const NPM_VALUE_OPTIONS = new Set(['--prefix', '-w', '--workspace', '-C', '--userconfig', '--cache', '--loglevel', '--registry']);
const PNPM_VALUE_OPTIONS = new Set(['--filter', '-F', '-C', '--dir', '--workspace-dir', '--reporter', '--filter-prod', '--test-pattern', '--changed-files-ignore-pattern']);
const PNPM_BUILTINS = new Set(['install', 'i', 'add', 'remove', 'rm', 'uninstall', 'update', 'up', 'ci', 'audit', 'list', 'ls', 'outdated', 'publish', 'pack', 'link', 'unlink', 'import', 'rebuild', 'prune', 'fetch', 'store', 'env', 'setup', 'config', 'why', 'licenses', 'deploy', 'patch', 'create', 'init', 'install-test', 'it', 'server', 'root', 'bin']);
const YARN_BUILTINS = new Set(['install', 'add', 'remove', 'upgrade', 'up', 'audit', 'npm', 'set', 'config', 'cache', 'info', 'why', 'init', 'link', 'unlink', 'pack', 'publish', 'version', 'plugin', 'constraints', 'dedupe', 'explain', 'node', 'bin', 'global', 'import', 'outdated', 'check', 'list', 'login', 'logout', 'owner', 'tag', 'team', 'generate-lock-entry', 'licenses', 'autoclean']);
const WRAPPERS = new Set(['sudo', 'time', 'nice', 'nohup', 'exec', 'command', 'builtin', 'stdbuf']);

/** Whether one simple command runs tests; the words are those of shellCommands. */
export async function commandRunsTests(input: readonly string[], env: CommandEnv, depth = 0): Promise<string | undefined> {
  if (depth > MAX_DEPTH || input.length === 0) return undefined;
  const line = input.join(' ');
  for (const extra of env.extra) if (line.includes(extra)) return extra;
  let w = [...input];
  // Environment assignments and wrappers that run the rest of the line.
  for (;;) {
    while (w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0] as string)) w.shift();
    if (!w.length) return undefined;
    const head = programName(w[0] as string);
    if (WRAPPERS.has(head)) w = w.slice(1 + firstOperand(w.slice(1)));
    else if (head === 'env' || head === 'cross-env' || head === 'cross-env-shell') w = w.slice(1 + firstOperand(w.slice(1), new Set(['-u', '--unset', '-C', '--chdir'])));
    else if (head === 'timeout') {
      const rest = w.slice(1);
      const at = firstOperand(rest, new Set(['-s', '--signal', '-k', '--kill-after']));
      w = rest.slice(at + 1);
    } else if (head === 'xvfb-run') w = w.slice(1 + firstOperand(w.slice(1), new Set(['-s', '--server-args', '-n', '--server-num', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol'])));
    else if (head === 'dotenv' || head === 'dotenvx' || head === 'env-cmd') {
      const dash = w.indexOf('--');
      w = dash === -1 ? w.slice(1 + firstOperand(w.slice(1), new Set(['-e', '-f', '-c', '-v', '--file']))) : w.slice(dash + 1);
    } else if (head === 'c8' || head === 'nyc' || head === 'istanbul') {
      w = w.slice(1 + firstOperand(w.slice(1), new Set(['-r', '--reporter', '--report-dir', '-o', '--temp-directory', '--include', '--exclude', '-n', '-x'])));
    } else break;
  }
  if (!w.length) return undefined;
  const head = programName(w[0] as string);
  const args = w.slice(1);
  const operand = (set?: ReadonlySet<string>) => args[firstOperand(args, set)];
  const rest = (set?: ReadonlySet<string>) => args.slice(firstOperand(args, set));
  const recurse = (words: string[]) => commandRunsTests(words, env, depth + 1);

  switch (head) {
    case 'echo':
    case 'printf':
    case 'cat':
    case 'grep':
    case 'sed':
    case 'awk':
      return undefined;
    case 'npm': {
      const r = rest(NPM_VALUE_OPTIONS);
      const sub = r[0];
      if (sub === 'test' || sub === 't' || sub === 'tst') return 'npm test';
      if (sub === 'it' || sub === 'cit' || sub === 'install-test' || sub === 'install-ci-test') return `npm ${sub}`;
      if (sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') {
        const after = r.slice(1);
        return packageScript(after[firstOperand(after, NPM_VALUE_OPTIONS)], 'npm run', env, depth);
      }
      if (sub === 'exec' || sub === 'x') return recurse(npxRest(r.slice(1)));
      return undefined;
    }
    case 'pnpm': {
      const r = rest(PNPM_VALUE_OPTIONS);
      const sub = r[0];
      if (sub === undefined) return undefined;
      if (sub === 'test' || sub === 't' || sub === 'tst') return 'pnpm test';
      if (sub === 'run') {
        const after = r.slice(1);
        return packageScript(after[firstOperand(after, PNPM_VALUE_OPTIONS)], 'pnpm run', env, depth);
      }
      if (sub === 'exec' || sub === 'dlx') return recurse(npxRest(r.slice(1)));
      if (sub === 'recursive' || sub === 'multi' || sub === 'm') return recurse(['pnpm', ...r.slice(1)]);
      if (PNPM_BUILTINS.has(sub)) return undefined;
      return scriptOrBinary(r, 'pnpm', env, depth);
    }
    case 'yarn': {
      let r = rest(new Set(['--cwd']));
      if (r[0] === 'workspace') r = r.slice(2);
      else if (r[0] === 'workspaces' && r[1] === 'foreach') r = r.slice(2 + firstOperand(r.slice(2), new Set(['--include', '--exclude', '--from', '--jobs', '-j', '--since'])));
      else if (r[0] === 'workspaces' && r[1] === 'run') r = r.slice(1);
      const sub = r[0];
      if (sub === undefined) return undefined;
      if (sub === 'test') return 'yarn test';
      if (sub === 'run') return packageScript(r[1 + firstOperand(r.slice(1))], 'yarn run', env, depth);
      if (sub === 'dlx' || sub === 'exec') return recurse(npxRest(r.slice(1)));
      if (YARN_BUILTINS.has(sub)) return undefined;
      return scriptOrBinary(r, 'yarn', env, depth);
    }
    case 'bun': {
      const r = rest(new Set(['--cwd', '-c', '--config', '--filter', '-F']));
      const sub = r[0];
      if (sub === 'test') return 'bun test';
      if (sub === 'run') return packageScript(r[1 + firstOperand(r.slice(1), new Set(['--filter', '-F']))], 'bun run', env, depth);
      if (sub === 'x') return recurse(npxRest(r.slice(1)));
      if (sub === undefined || ['install', 'i', 'add', 'remove', 'update', 'build', 'link', 'pm', 'upgrade', 'create', 'init', 'outdated', 'publish'].includes(sub)) return undefined;
      return scriptOrBinary(r, 'bun', env, depth);
    }
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return recurse(npxRest(args));
    case 'vitest':
      return ['bench', 'init', 'list'].includes(args[0] ?? '') ? undefined : 'vitest';
    case 'jest':
    case 'mocha':
    case 'ava':
    case 'tap':
    case 'tape':
    case 'jasmine':
    case 'uvu':
    case 'lab':
    case 'japa':
    case 'wtr':
    case 'web-test-runner':
    case 'qunit':
    case 'testem':
    case 'jest-ci':
    case 'testcafe':
    case 'karma':
    case 'ward':
    case 'nose2':
    case 'green':
    case 'behave':
    case 'pytest':
    case 'py.test':
    case 'tox':
    case 'nox':
    case 'gotestsum':
    case 'ginkgo':
    case 'rspec':
    case 'phpunit':
    case 'pest':
    case 'paratest':
    case 'ctest':
    case 'bats':
    case 'busted':
    case 'elm-test':
      return head;
    case 'playwright':
    case 'react-scripts':
    case 'craco':
    case 'ng':
    case 'deno':
    case 'go':
    case 'richgo':
    case 'mix':
    case 'dart':
    case 'flutter':
    case 'swift':
    case 'dotnet':
    case 'sbt':
    case 'lein':
    case 'stack':
    case 'cabal':
    case 'meson':
    case 'bazel':
    case 'bazelisk':
    case 'hatch':
    case 'rye':
    case 'detox':
      return operand() === 'test' || (head === 'playwright' && operand() === 'test') ? `${head} test` : head === 'hatch' && operand() === 'run' ? recurse(rest().slice(1)) : undefined;
    case 'cypress':
      return operand() === 'run' ? 'cypress run' : undefined;
    case 'rails':
      // Several tasks in one call: Rails 7.1's CI template runs `bin/rails db:test:prepare test test:system`.
      return args.some((a) => /^test(?::[\w:]+)?$/.test(a)) ? 'rails test' : undefined;
    case 'codeceptjs':
    case 'wdio':
      return operand() === 'run' || head === 'wdio' ? head : undefined;
    case 'vue-cli-service':
      return /^test/.test(operand() ?? '') ? `vue-cli-service ${operand()}` : undefined;
    case 'xcodebuild':
      return args.some((a) => a === 'test' || a === 'test-without-building') ? 'xcodebuild test' : undefined;
    case 'node':
    case 'tsx':
    case 'ts-node':
      if (args.some((a) => a === '--test' || a.startsWith('--test='))) return `${head} --test`;
      return scriptFile(args[firstOperand(args, new Set(['-r', '--require', '--import', '--loader', '-e', '--eval']))], env, depth);
    case 'nx':
      return args.some((a) => a === 'test' || /:test(?:$|:)/.test(a) || /^--targets?=(?:.*,)?test(?:,|$)/.test(a) || /^-t=?test/.test(a)) ? 'nx test' : undefined;
    case 'turbo':
    case 'lerna':
      return args.some((a) => !a.startsWith('-') && testScriptName(a.replace(/^[^#]*#/, ''))) ? `${head} run test` : undefined;
    case 'python':
    case 'python3':
    case 'py':
    case 'pypy3': {
      const m = args.indexOf('-m');
      if (m !== -1) {
        const mod = args[m + 1] ?? '';
        if (['pytest', 'unittest', 'nose2', 'tox', 'nox', 'green'].includes(mod)) return `python -m ${mod}`;
        if (mod === 'coverage' || mod === 'django') return recurse([mod, ...args.slice(m + 2)]);
        return undefined;
      }
      const file = args[firstOperand(args)];
      if (file && /(^|\/)(manage|setup)\.py$/.test(file)) return args.includes('test') ? `python ${file} test` : undefined;
      return scriptFile(file, env, depth);
    }
    case 'django-admin':
    case 'django':
      return args.includes('test') ? 'django test' : undefined;
    case 'coverage': {
      if (operand() !== 'run') return undefined;
      const r = rest().slice(1);
      const m = r.indexOf('-m');
      if (m !== -1) return recurse(['python', '-m', ...r.slice(m + 1)]);
      return recurse(['python', ...r.slice(firstOperand(r, new Set(['--source', '--rcfile', '--omit', '--include', '--data-file'])))]);
    }
    case 'poetry':
    case 'pipenv':
    case 'pdm':
    case 'uv':
    case 'conda':
    case 'micromamba': {
      const r = rest(new Set(['-C', '--directory', '-n', '--name', '-p', '--prefix', '--project', '--python', '--with', '--group', '--extra']));
      if (r[0] === 'run') {
        const after = r.slice(1);
        const words = after.slice(firstOperand(after, new Set(['--with', '--group', '--extra', '-n', '--name', '-p', '--prefix', '--env', '--python', '--package'])));
        if (head === 'pdm' && words.length === 1 && testScriptName(words[0] as string)) return `pdm run ${words[0]}`;
        return recurse(words);
      }
      if (r[0] === 'test') return `${head} test`;
      return undefined;
    }
    case 'bundle':
    case 'bundler':
      return operand() === 'exec' ? recurse(rest().slice(1)) : undefined;
    case 'rake':
    case 'rakefile': {
      const targets = args.filter((a) => !a.startsWith('-') && !a.includes('='));
      return targets.length === 0 || targets.some((t) => testTargetName(t) || t === 'default') ? 'rake' : undefined;
    }
    case 'ruby':
      return scriptFile(args[firstOperand(args, new Set(['-I', '-r']))], env, depth);
    case 'cargo':
    case 'cross': {
      const sub = operand(new Set(['--manifest-path', '-p', '--package', '--target', '--features', '-F', '--profile', '-j', '--jobs', '-Z', '--config']));
      return sub && ['test', 't', 'nextest', 'tarpaulin', 'llvm-cov'].includes(sub) ? `cargo ${sub}` : undefined;
    }
    case 'mvn':
    case 'mvnw': {
      if (args.some((a) => /^-D(skipTests|maven\.test\.skip)(=true)?$/.test(a))) return undefined;
      const goals = args.filter((a) => !a.startsWith('-'));
      return goals.some((g) => ['test', 'verify', 'install', 'package', 'integration-test', 'deploy', 'surefire:test'].includes(g)) ? 'mvn test' : undefined;
    }
    case 'gradle':
    case 'gradlew': {
      const excluded = new Set<string>();
      for (let k = 0; k < args.length; k++) if (args[k] === '-x' || args[k] === '--exclude-task') excluded.add(args[k + 1] ?? '');
      const tasks = args.filter((a, k) => !a.startsWith('-') && args[k - 1] !== '-x' && args[k - 1] !== '--exclude-task');
      const runs = tasks.some((t) => /(^|:)(test|check|build|connectedCheck)$/.test(t) || /Test$/.test(t) || /^test/.test(t.slice(t.lastIndexOf(':') + 1)));
      return runs && !excluded.has('test') ? 'gradle test' : undefined;
    }
    case 'php':
      if (operand() === 'artisan' && rest()[1] === 'test') return 'php artisan test';
      return args.some((a) => /phpunit|pest/.test(a)) ? 'phpunit' : scriptFile(operand(), env, depth);
    case 'composer': {
      const r = rest(new Set(['-d', '--working-dir']));
      const name = r[0] === 'run' || r[0] === 'run-script' ? r[1] : r[0];
      return name && testScriptName(name) ? `composer ${name}` : undefined;
    }
    case 'make':
    case 'gmake':
      return makeRunsTests(args, env, depth);
    case 'just':
    case 'task':
    case 'mage':
    case 'invoke':
    case 'inv':
    case 'earthly': {
      const targets = args.filter((a) => !a.startsWith('-') && !a.includes('='));
      return targets.some((t) => testTargetName(t.replace(/^\+/, ''))) ? `${head} ${targets.join(' ')}` : undefined;
    }
    case 'bash':
    case 'sh':
    case 'zsh':
    case 'dash': {
      const c = args.indexOf('-c');
      if (c !== -1 && args[c + 1] !== undefined) return scriptRunsTests(args[c + 1] as string, env, depth + 1);
      return scriptFile(args[firstOperand(args, new Set(['-o', '-O']))], env, depth);
    }
    case 'docker':
    case 'docker-compose':
    case 'podman': {
      const target = args.findIndex((a) => a === '--target');
      if (target !== -1 && testTargetName(args[target + 1] ?? '')) return `docker build --target ${args[target + 1]}`;
      // `docker compose run --rm app npm test`: the command is somewhere after the service name.
      for (let k = 1; k < args.length; k++) {
        const hit = await recurse(args.slice(k));
        if (hit) return hit;
      }
      return undefined;
    }
    default:
      return scriptFile(w[0], env, depth);
  }
}

/** The words after `npx`'s own options (`-y`, `-p pkg`, `--package=pkg`, `-c "cmd"`). */
function npxRest(args: readonly string[]): string[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a === '--') return args.slice(i + 1);
    if (a === '-c' || a === '--call') return shellCommands(args[i + 1] ?? '')[0] ?? [];
    if (!a.startsWith('-')) break;
    i += a === '-p' || a === '--package' ? 2 : 1;
  }
  return args.slice(i);
}

async function packageScript(name: string | undefined, how: string, env: CommandEnv, depth: number): Promise<string | undefined> {
  if (!name || name.startsWith('-')) return undefined;
  if (name === 'test') return `${how} test`;
  for (const body of env.scripts(name)) {
    const hit = await scriptRunsTests(body, env, depth + 1);
    if (hit) return `${how} ${name} (${hit})`;
  }
  return testScriptName(name) ? `${how} ${name}` : undefined;
}

/** `pnpm vitest run`, `yarn jest`: a package script of that name, else the package binary. */
async function scriptOrBinary(words: string[], how: string, env: CommandEnv, depth: number): Promise<string | undefined> {
  const name = words[0] as string;
  if (env.scripts(name).length || name === 'test') return packageScript(name, how, env, depth);
  return (await packageScript(name, how, env, depth)) ?? commandRunsTests(words, env, depth + 1);
}

/** A script file the command runs (`./scripts/ci.sh`, `bin/test`): its text is read, else its name decides. */
async function scriptFile(path: string | undefined, env: CommandEnv, depth: number): Promise<string | undefined> {
  if (!path || path.startsWith('-') || path.includes('${{')) return undefined;
  const looksLikeFile = path.includes('/') || /\.(sh|bash|py|rb|js|mjs|cjs|ts|ps1)$/.test(path);
  if (!looksLikeFile) return undefined;
  const clean = path.replace(/^\.\//, '');
  const text = clean.startsWith('/') ? undefined : await env.readText(clean);
  if (text !== undefined && /\.(sh|bash)$|^[^.]*$/.test(clean.slice(clean.lastIndexOf('/') + 1))) {
    const hit = await scriptRunsTests(text, env, depth + 1);
    if (hit) return `${path} (${hit})`;
  }
  const base = clean.slice(clean.lastIndexOf('/') + 1).replace(/\.[a-z0-9]+$/i, '');
  return /(?:^|[-_.])(?:run-?)?tests?(?:$|[-_.])|^runtests$|^test/i.test(base) ? path : undefined;
}

/** `make [-C dir] [-f file] [targets]`: a test-like target, or a target whose recipe or prerequisites run tests. */
async function makeRunsTests(args: readonly string[], env: CommandEnv, depth: number): Promise<string | undefined> {
  let dir = '';
  let file: string | undefined;
  const targets: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (a === '-C' || a === '--directory') dir = `${(args[++k] ?? '').replace(/\/$/, '')}/`;
    else if (a === '-f' || a === '--file' || a === '--makefile') file = args[++k];
    else if (a === '-j' || a === '--jobs' || a === '-l') {
      if (/^\d+$/.test(args[k + 1] ?? '')) k++;
    } else if (!a.startsWith('-') && !a.includes('=')) targets.push(a);
  }
  let text: string | undefined;
  for (const name of file ? [file] : ['GNUmakefile', 'makefile', 'Makefile']) {
    text = await env.readText(`${dir === './' ? '' : dir}${name}`);
    if (text !== undefined) break;
  }
  const rules = text === undefined ? new Map<string, MakeRule>() : parseMakefile(text);
  const wanted = targets.length ? targets : rules.size ? [firstTarget(rules)] : [];
  const seen = new Set<string>();
  const visit = async (target: string, level: number): Promise<boolean> => {
    if (seen.has(target) || level > MAX_DEPTH) return false;
    seen.add(target);
    if (testTargetName(target)) return true;
    const rule = rules.get(target);
    if (!rule) return false;
    for (const line of rule.recipe) if (await scriptRunsTests(line.replace(/^[@+-]+/, ''), env, depth + 1)) return true;
    for (const pre of rule.prerequisites) if (await visit(pre, level + 1)) return true;
    return false;
  };
  for (const target of wanted) if (await visit(target, 0)) return `make ${target}`;
  return undefined;
}

interface MakeRule {
  prerequisites: string[];
  recipe: string[];
  order: number;
}

function firstTarget(rules: Map<string, MakeRule>): string {
  let best: [string, number] = ['', Infinity];
  for (const [name, rule] of rules) if (rule.order < best[1] && !name.startsWith('.')) best = [name, rule.order];
  return best[0];
}

/** Targets, prerequisites and recipe lines of a Makefile (no variable expansion, no includes). */
export function parseMakefile(text: string): Map<string, MakeRule> {
  const rules = new Map<string, MakeRule>();
  let current: MakeRule[] = [];
  let order = 0;
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (raw.startsWith('\t')) {
      for (const rule of current) rule.recipe.push(raw.trim());
      continue;
    }
    const m = /^([A-Za-z0-9_./%+-][A-Za-z0-9_./%+ -]*?)\s*::?(?!=)\s*([^=;#]*?)(?:;(.*))?\s*(?:#.*)?$/.exec(raw);
    if (!m || /^\s/.test(raw)) {
      if (raw.trim() !== '' && !raw.startsWith('#')) current = [];
      continue;
    }
    current = [];
    for (const name of (m[1] as string).split(/\s+/).filter(Boolean)) {
      const rule = rules.get(name) ?? { prerequisites: [], recipe: [], order: order++ };
      rule.prerequisites.push(...(m[2] ?? '').split(/\s+/).filter(Boolean));
      if (m[3]) rule.recipe.push(m[3].trim());
      rules.set(name, rule);
      current.push(rule);
    }
  }
  return rules;
}
