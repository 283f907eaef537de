import picomatch from 'picomatch';

/**
 * What a file's reads are for. `app`: the running application, whose variables a deployer must set.
 * `test`: test suites and their harness (integration, e2e, Playwright, Cypress). `tool`: scripts, CI,
 * build and development tooling, migrations and seeders. Reads of tests and tools show that a variable
 * is used (never "unused in the example"), but are not the deployment's demands.
 */
export type ReadRole = 'app' | 'test' | 'tool';

const TEST_GLOBS = [
  '**/*.test.*', '**/*.spec.*', '**/*_test.go', '**/test_*.py', '**/*_test.py', '**/conftest.py', '**/*.stories.*', '**/*_spec.rb', '**/*_test.rb',
  '**/__tests__/**', '**/__mocks__/**', '**/test/**', '**/tests/**', '**/spec/**', '**/specs/**', '**/e2e/**', '**/cypress/**', '**/playwright/**',
  // `integration/` only at the root: inside an application it names its integrations with other services.
  'integration/**', '**/integration-tests/**', '**/integration_tests/**', '**/testdata/**', '**/fixtures/**', '**/__fixtures__/**', '**/testing/**', '**/test-utils/**',
  '**/test-helpers/**', '**/testutils/**', '**/{playwright,vitest,jest,cypress,karma,wdio}.*config.*', '**/{playwright,vitest,jest,cypress,karma,wdio}.config.*',
];

/** Build, lint and development tools whose configuration file reads the environment at build time. */
const TOOL_CONFIGS = [
  'next', 'vite', 'webpack', 'rollup', 'rspack', 'rsbuild', 'esbuild', 'tsup', 'turbo', 'babel', 'postcss', 'tailwind', 'eslint', 'prettier', 'stylelint',
  'forge', 'electron-builder', 'electron.vite', 'metro', 'react-router', 'remix', 'astro', 'svelte', 'nuxt', 'vue', 'quasar', 'storybook', 'drizzle',
  'prisma', 'codegen', 'lingui', 'commitlint', 'lint-staged', 'release', 'knip', 'tsconfig', 'uno', 'windi', 'histoire', 'docusaurus', 'vuepress', 'gatsby',
];

const TOOL_GLOBS = [
  '**/scripts/**', '**/script/**', '**/tooling/**', '**/.github/**', '**/.circleci/**', '**/.gitlab/**', '**/.buildkite/**', '**/.husky/**',
  '**/.devcontainer/**', '**/.storybook/**', '**/migrations/**', '**/migrate/**', '**/seeders/**', '**/seeds/**', '**/seed/**', '**/seeder/**',
  '**/lib/tasks/**', '**/*.rake', '**/Rakefile', '**/{gulpfile,Gruntfile}.*', '**/{setup,noxfile,fabfile,tasks}.py',
  `**/{${TOOL_CONFIGS.join(',')}}.config.*`,
];

const isTest = picomatch(TEST_GLOBS, { dot: true });
const isToolPath = picomatch(TOOL_GLOBS, { dot: true });
/** `tools/` beside the sources is tooling; inside them (`src/tools/` of an AI app) it is application code. */
const TOOLS_DIR = /^(?:(?!(?:src|app|apps|lib|server|internal|pkg|api)\/)[^/]+\/)*tools\//;
const isTool = (path: string) => isToolPath(path) || (TOOLS_DIR.test(path) && !/(?:^|\/)(?:src|app|lib|server|internal|pkg|api)\/(?:.*\/)?tools\//.test(path));

export interface RoleOptions {
  /** The `!glob` entries of the policy's `code-exclude`: code the project wants read as application code. */
  app?: (path: string) => boolean;
}

export function roleClassifier(options: RoleOptions = {}): (path: string) => ReadRole {
  const app = options.app ?? (() => false);
  const known = new Map<string, ReadRole>();
  return (path) => {
    let role = known.get(path);
    if (role === undefined) {
      role = app(path) ? 'app' : isTest(path) ? 'test' : isTool(path) ? 'tool' : 'app';
      known.set(path, role);
    }
    return role;
  };
}
