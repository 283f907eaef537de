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
const BUN_BUILTINS = new Set(['install', 'i', 'add', 'remove', 'update', 'build', 'link', 'pm', 'upgrade', 'create', 'init', 'outdated', 'publish']);
const NO_OPTIONS: ReadonlySet<string> = new Set();

/**
 * Programs that run the rest of their line, with the options of their own that take a value: the command
 * that runs is found after them (`cross-env CI=1 vitest`, `nyc --reporter lcov mocha`).
 */
const WRAPPERS = new Map<string, ReadonlySet<string>>([
  ...['sudo', 'time', 'nice', 'nohup', 'exec', 'command', 'builtin', 'stdbuf'].map((name) => [name, NO_OPTIONS] as const),
  ...['env', 'cross-env', 'cross-env-shell'].map((name) => [name, new Set(['-u', '--unset', '-C', '--chdir'])] as const),
  ['xvfb-run', new Set(['-s', '--server-args', '-n', '--server-num', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol'])],
  ...['dotenv', 'dotenvx', 'env-cmd'].map((name) => [name, new Set(['-e', '-f', '-c', '-v', '--file'])] as const),
  ...['c8', 'nyc', 'istanbul'].map((name) => [name, new Set(['-r', '--reporter', '--report-dir', '-o', '--temp-directory', '--include', '--exclude', '-n', '-x'])] as const),
]);
/** Wrappers whose command may follow a `--` after options the table does not know. */
const DASH_WRAPPERS = new Set(['dotenv', 'dotenvx', 'env-cmd']);
const TIMEOUT_OPTIONS = new Set(['-s', '--signal', '-k', '--kill-after']);

/** The command a line runs once environment assignments and wrappers are removed (empty: none). */
function unwrap(input: readonly string[]): string[] {
  let w = [...input];
  for (;;) {
    while (w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0] as string)) w.shift();
    if (!w.length) return w;
    const head = programName(w[0] as string);
    const rest = w.slice(1);
    const options = WRAPPERS.get(head);
    // `timeout [options] DURATION command`
    if (head === 'timeout') w = rest.slice(firstOperand(rest, TIMEOUT_OPTIONS) + 1);
    else if (DASH_WRAPPERS.has(head) && w.includes('--')) w = w.slice(w.indexOf('--') + 1);
    else if (options) w = rest.slice(firstOperand(rest, options));
    else return w;
  }
}

/** One simple command, unwrapped: what a tool's recognizer sees. */
interface Call {
  /** The program's name (`jest` for `./node_modules/.bin/jest`). */
  head: string;
  /** The command's words, the program first, as written. */
  words: readonly string[];
  /** The words after the program. */
  args: readonly string[];
  env: CommandEnv;
  depth: number;
}

/** Recognizes whether a call of one tool runs tests: what runs them (`npm test`), or undefined. */
type Recognizer = (call: Call) => Promise<string | undefined> | string | undefined;

/** The first argument that is not an option. */
const operand = (c: Call, withValue?: ReadonlySet<string>) => c.args[firstOperand(c.args, withValue)];
/** The arguments from the first that is not an option. */
const rest = (c: Call, withValue?: ReadonlySet<string>) => c.args.slice(firstOperand(c.args, withValue));
/** Whether a command this one runs runs tests. */
const recurse = (c: Call, words: readonly string[]) => commandRunsTests(words, c.env, c.depth + 1);

/** Programs that only print or filter text. */
const NOT_RUNNERS = ['echo', 'printf', 'cat', 'grep', 'sed', 'awk'];

/** Test runners: running the program runs tests. */
const RUNNERS = [
  ...['jest', 'mocha', 'ava', 'tap', 'tape', 'jasmine', 'uvu', 'lab', 'japa', 'wtr', 'web-test-runner', 'qunit', 'testem', 'jest-ci', 'testcafe', 'karma'],
  ...['ward', 'nose2', 'green', 'behave', 'pytest', 'py.test', 'tox', 'nox'],
  ...['gotestsum', 'ginkgo', 'rspec', 'phpunit', 'pest', 'paratest', 'ctest', 'bats', 'busted', 'elm-test'],
];

/** Tools whose `test` subcommand runs tests (`go test`, `dotnet test`, `playwright test`). */
const TEST_SUBCOMMAND = [
  ...['playwright', 'react-scripts', 'craco', 'ng', 'deno', 'go', 'richgo', 'mix', 'dart', 'flutter', 'swift', 'dotnet'],
  ...['sbt', 'lein', 'stack', 'cabal', 'meson', 'bazel', 'bazelisk', 'rye', 'detox'],
];

/** Python task runners and environment managers: `poetry run pytest`, `pdm run test`, `uv run pytest`. */
const PYTHON_ENVIRONMENTS = ['poetry', 'pipenv', 'pdm', 'uv', 'conda', 'micromamba'];
const PYTHON_ENV_OPTIONS = new Set(['-C', '--directory', '-n', '--name', '-p', '--prefix', '--project', '--python', '--with', '--group', '--extra']);
const PYTHON_RUN_OPTIONS = new Set(['--with', '--group', '--extra', '-n', '--name', '-p', '--prefix', '--env', '--python', '--package']);

/** Task runners whose targets are named (`just test`, `task check`, `earthly +test`). */
const TASK_RUNNERS = ['just', 'task', 'mage', 'invoke', 'inv', 'earthly'];

const testSubcommand: Recognizer = (c) => (operand(c) === 'test' ? `${c.head} test` : undefined);

const npm: Recognizer = (c) => {
  const r = rest(c, NPM_VALUE_OPTIONS);
  const sub = r[0];
  if (sub === 'test' || sub === 't' || sub === 'tst') return 'npm test';
  if (sub === 'it' || sub === 'cit' || sub === 'install-test' || sub === 'install-ci-test') return `npm ${sub}`;
  if (sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') {
    const after = r.slice(1);
    return packageScript(after[firstOperand(after, NPM_VALUE_OPTIONS)], 'npm run', c.env, c.depth);
  }
  if (sub === 'exec' || sub === 'x') return recurse(c, npxRest(r.slice(1)));
  return undefined;
};

const pnpm: Recognizer = (c) => {
  const r = rest(c, PNPM_VALUE_OPTIONS);
  const sub = r[0];
  if (sub === undefined) return undefined;
  if (sub === 'test' || sub === 't' || sub === 'tst') return 'pnpm test';
  if (sub === 'run') {
    const after = r.slice(1);
    return packageScript(after[firstOperand(after, PNPM_VALUE_OPTIONS)], 'pnpm run', c.env, c.depth);
  }
  if (sub === 'exec' || sub === 'dlx') return recurse(c, npxRest(r.slice(1)));
  if (sub === 'recursive' || sub === 'multi' || sub === 'm') return recurse(c, ['pnpm', ...r.slice(1)]);
  if (PNPM_BUILTINS.has(sub)) return undefined;
  return scriptOrBinary(r, 'pnpm', c.env, c.depth);
};

/** `yarn workspace NAME …`, `yarn workspaces foreach [options] …`, `yarn workspaces run …`: the command run in them. */
function yarnWorkspaceCommand(r: readonly string[]): readonly string[] {
  if (r[0] === 'workspace') return r.slice(2);
  if (r[0] === 'workspaces' && r[1] === 'foreach') return r.slice(2 + firstOperand(r.slice(2), new Set(['--include', '--exclude', '--from', '--jobs', '-j', '--since'])));
  if (r[0] === 'workspaces' && r[1] === 'run') return r.slice(1);
  return r;
}

const yarn: Recognizer = (c) => {
  const r = [...yarnWorkspaceCommand(rest(c, new Set(['--cwd'])))];
  const sub = r[0];
  if (sub === undefined) return undefined;
  if (sub === 'test') return 'yarn test';
  if (sub === 'run') return packageScript(r[1 + firstOperand(r.slice(1))], 'yarn run', c.env, c.depth);
  if (sub === 'dlx' || sub === 'exec') return recurse(c, npxRest(r.slice(1)));
  if (YARN_BUILTINS.has(sub)) return undefined;
  return scriptOrBinary(r, 'yarn', c.env, c.depth);
};

const bun: Recognizer = (c) => {
  const r = rest(c, new Set(['--cwd', '-c', '--config', '--filter', '-F']));
  const sub = r[0];
  if (sub === 'test') return 'bun test';
  if (sub === 'run') return packageScript(r[1 + firstOperand(r.slice(1), new Set(['--filter', '-F']))], 'bun run', c.env, c.depth);
  if (sub === 'x') return recurse(c, npxRest(r.slice(1)));
  if (sub === undefined || BUN_BUILTINS.has(sub)) return undefined;
  return scriptOrBinary(r, 'bun', c.env, c.depth);
};

const node: Recognizer = (c) => {
  if (c.args.some((a) => a === '--test' || a.startsWith('--test='))) return `${c.head} --test`;
  return scriptFile(c.args[firstOperand(c.args, new Set(['-r', '--require', '--import', '--loader', '-e', '--eval']))], c.env, c.depth);
};

const python: Recognizer = (c) => {
  const { args } = c;
  const m = args.indexOf('-m');
  if (m !== -1) {
    const mod = args[m + 1] ?? '';
    if (['pytest', 'unittest', 'nose2', 'tox', 'nox', 'green'].includes(mod)) return `python -m ${mod}`;
    if (mod === 'coverage' || mod === 'django') return recurse(c, [mod, ...args.slice(m + 2)]);
    return undefined;
  }
  const file = args[firstOperand(args)];
  if (file && /(^|\/)(manage|setup)\.py$/.test(file)) return args.includes('test') ? `python ${file} test` : undefined;
  return scriptFile(file, c.env, c.depth);
};

const coverage: Recognizer = (c) => {
  if (operand(c) !== 'run') return undefined;
  const r = rest(c).slice(1);
  const m = r.indexOf('-m');
  if (m !== -1) return recurse(c, ['python', '-m', ...r.slice(m + 1)]);
  return recurse(c, ['python', ...r.slice(firstOperand(r, new Set(['--source', '--rcfile', '--omit', '--include', '--data-file'])))]);
};

const pythonEnvironment: Recognizer = (c) => {
  const r = rest(c, PYTHON_ENV_OPTIONS);
  if (r[0] === 'run') {
    const after = r.slice(1);
    const words = after.slice(firstOperand(after, PYTHON_RUN_OPTIONS));
    if (c.head === 'pdm' && words.length === 1 && testScriptName(words[0] as string)) return `pdm run ${words[0]}`;
    return recurse(c, words);
  }
  if (r[0] === 'test') return `${c.head} test`;
  return undefined;
};

const rake: Recognizer = (c) => {
  const targets = c.args.filter((a) => !a.startsWith('-') && !a.includes('='));
  return targets.length === 0 || targets.some((t) => testTargetName(t) || t === 'default') ? 'rake' : undefined;
};

const cargo: Recognizer = (c) => {
  const sub = operand(c, new Set(['--manifest-path', '-p', '--package', '--target', '--features', '-F', '--profile', '-j', '--jobs', '-Z', '--config']));
  return sub && ['test', 't', 'nextest', 'tarpaulin', 'llvm-cov'].includes(sub) ? `cargo ${sub}` : undefined;
};

const maven: Recognizer = (c) => {
  if (c.args.some((a) => /^-D(skipTests|maven\.test\.skip)(=true)?$/.test(a))) return undefined;
  const goals = c.args.filter((a) => !a.startsWith('-'));
  return goals.some((g) => ['test', 'verify', 'install', 'package', 'integration-test', 'deploy', 'surefire:test'].includes(g)) ? 'mvn test' : undefined;
};

const gradle: Recognizer = ({ args }) => {
  const excluded = new Set<string>();
  for (let k = 0; k < args.length; k++) if (args[k] === '-x' || args[k] === '--exclude-task') excluded.add(args[k + 1] ?? '');
  const tasks = args.filter((a, k) => !a.startsWith('-') && args[k - 1] !== '-x' && args[k - 1] !== '--exclude-task');
  const runs = tasks.some((t) => /(^|:)(test|check|build|connectedCheck)$/.test(t) || /Test$/.test(t) || /^test/.test(t.slice(t.lastIndexOf(':') + 1)));
  return runs && !excluded.has('test') ? 'gradle test' : undefined;
};

const php: Recognizer = (c) => {
  if (operand(c) === 'artisan' && rest(c)[1] === 'test') return 'php artisan test';
  return c.args.some((a) => /phpunit|pest/.test(a)) ? 'phpunit' : scriptFile(operand(c), c.env, c.depth);
};

const composer: Recognizer = (c) => {
  const r = rest(c, new Set(['-d', '--working-dir']));
  const name = r[0] === 'run' || r[0] === 'run-script' ? r[1] : r[0];
  return name && testScriptName(name) ? `composer ${name}` : undefined;
};

const taskRunner: Recognizer = (c) => {
  const targets = c.args.filter((a) => !a.startsWith('-') && !a.includes('='));
  return targets.some((t) => testTargetName(t.replace(/^\+/, ''))) ? `${c.head} ${targets.join(' ')}` : undefined;
};

const shell: Recognizer = (c) => {
  const script = c.args.indexOf('-c');
  if (script !== -1 && c.args[script + 1] !== undefined) return scriptRunsTests(c.args[script + 1] as string, c.env, c.depth + 1);
  return scriptFile(c.args[firstOperand(c.args, new Set(['-o', '-O']))], c.env, c.depth);
};

const docker: Recognizer = async (c) => {
  const { args } = c;
  const target = args.findIndex((a) => a === '--target');
  if (target !== -1 && testTargetName(args[target + 1] ?? '')) return `docker build --target ${args[target + 1]}`;
  // `docker compose run --rm app npm test`: the command is somewhere after the service name.
  for (let k = 1; k < args.length; k++) {
    const hit = await recurse(c, args.slice(k));
    if (hit) return hit;
  }
  return undefined;
};

/** Every program the recognizer knows, by name; any other command may be a script file of the repository. */
const TOOLS = new Map<string, Recognizer>([
  ...NOT_RUNNERS.map((name): [string, Recognizer] => [name, () => undefined]),
  ...RUNNERS.map((name): [string, Recognizer] => [name, (c) => c.head]),
  ...TEST_SUBCOMMAND.map((name): [string, Recognizer] => [name, testSubcommand]),
  ['hatch', (c) => (operand(c) === 'test' ? 'hatch test' : operand(c) === 'run' ? recurse(c, rest(c).slice(1)) : undefined)],
  ['npm', npm],
  ['pnpm', pnpm],
  ['yarn', yarn],
  ['bun', bun],
  ...['npx', 'bunx', 'pnpx'].map((name): [string, Recognizer] => [name, (c) => recurse(c, npxRest(c.args))]),
  ['vitest', (c) => (['bench', 'init', 'list'].includes(c.args[0] ?? '') ? undefined : 'vitest')],
  ['cypress', (c) => (operand(c) === 'run' ? 'cypress run' : undefined)],
  // Several tasks in one call: Rails 7.1's CI template runs `bin/rails db:test:prepare test test:system`.
  ['rails', (c) => (c.args.some((a) => /^test(?::[\w:]+)?$/.test(a)) ? 'rails test' : undefined)],
  ['codeceptjs', (c) => (operand(c) === 'run' ? 'codeceptjs' : undefined)],
  ['wdio', () => 'wdio'],
  ['vue-cli-service', (c) => (/^test/.test(operand(c) ?? '') ? `vue-cli-service ${operand(c)}` : undefined)],
  ['xcodebuild', (c) => (c.args.some((a) => a === 'test' || a === 'test-without-building') ? 'xcodebuild test' : undefined)],
  ...['node', 'tsx', 'ts-node'].map((name): [string, Recognizer] => [name, node]),
  ['nx', (c) => (c.args.some((a) => a === 'test' || /:test(?:$|:)/.test(a) || /^--targets?=(?:.*,)?test(?:,|$)/.test(a) || /^-t=?test/.test(a)) ? 'nx test' : undefined)],
  ...['turbo', 'lerna'].map((name): [string, Recognizer] => [name, (c) => (c.args.some((a) => !a.startsWith('-') && testScriptName(a.replace(/^[^#]*#/, ''))) ? `${c.head} run test` : undefined)]),
  ...['python', 'python3', 'py', 'pypy3'].map((name): [string, Recognizer] => [name, python]),
  ...['django-admin', 'django'].map((name): [string, Recognizer] => [name, (c) => (c.args.includes('test') ? 'django test' : undefined)]),
  ['coverage', coverage],
  ...PYTHON_ENVIRONMENTS.map((name): [string, Recognizer] => [name, pythonEnvironment]),
  ...['bundle', 'bundler'].map((name): [string, Recognizer] => [name, (c) => (operand(c) === 'exec' ? recurse(c, rest(c).slice(1)) : undefined)]),
  ...['rake', 'rakefile'].map((name): [string, Recognizer] => [name, rake]),
  ['ruby', (c) => scriptFile(c.args[firstOperand(c.args, new Set(['-I', '-r']))], c.env, c.depth)],
  ...['cargo', 'cross'].map((name): [string, Recognizer] => [name, cargo]),
  ...['mvn', 'mvnw'].map((name): [string, Recognizer] => [name, maven]),
  ...['gradle', 'gradlew'].map((name): [string, Recognizer] => [name, gradle]),
  ['php', php],
  ['composer', composer],
  ...['make', 'gmake'].map((name): [string, Recognizer] => [name, (c) => makeRunsTests(c.args, c.env, c.depth)]),
  ...TASK_RUNNERS.map((name): [string, Recognizer] => [name, taskRunner]),
  ...['bash', 'sh', 'zsh', 'dash'].map((name): [string, Recognizer] => [name, shell]),
  ...['docker', 'docker-compose', 'podman'].map((name): [string, Recognizer] => [name, docker]),
]);

/** Whether one simple command runs tests; the words are those of shellCommands. */
export async function commandRunsTests(input: readonly string[], env: CommandEnv, depth = 0): Promise<string | undefined> {
  if (depth > MAX_DEPTH || input.length === 0) return undefined;
  const line = input.join(' ');
  for (const extra of env.extra) if (line.includes(extra)) return extra;
  const words = unwrap(input);
  if (!words.length) return undefined;
  const head = programName(words[0] as string);
  const recognize = TOOLS.get(head);
  if (!recognize) return scriptFile(words[0], env, depth);
  return recognize({ head, words, args: words.slice(1), env, depth });
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
