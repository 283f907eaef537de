import { describe, expect, it } from 'vitest';
import { commandRunsTests, parseMakefile, scriptRunsTests, type CommandEnv } from '../src/checks/tests/commands.js';
import { shellCommands } from '../src/checks/tests/shell.js';
import { scanTree } from './helpers/check-tester.js';
import { commit, git, makeDir, makeRepo, scanDir, summarise, writeFiles } from './helpers/repo.js';

const NPM_PLACEHOLDER = 'echo "Error: no test specified" && exit 1';

function pkg(scripts: Record<string, string> | undefined, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...(scripts ? { scripts } : {}), ...extra }, null, 2)}\n`;
}

const CI = [
  'name: CI',
  'on:',
  '  pull_request:',
  '  push:',
  '    branches: [main]',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - uses: actions/setup-node@v4',
  '        with:',
  '          node-version: 20',
  '      - run: npm ci',
  '      - run: npm test',
  '',
].join('\n');

const TEST = (name: string) => `import { describe, expect, it } from 'vitest';\n\ndescribe('${name}', () => {\n  it('works', () => {\n    expect(1 + 1).toBe(2);\n  });\n});\n`;

const policy = (section: string) => `version: 1\nextends: []\nchecks:\n  tests:\n${section}`;

/** A Next.js-style app whose test setup is complete. */
function goodApp(extra: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string | null> = {
    'package.json': pkg({ dev: 'next dev', lint: 'next lint', test: 'vitest run' }),
    'src/lib/slug.ts': 'export const slug = (s: string) => s.toLowerCase();\n',
    'src/lib/slug.test.ts': TEST('slug'),
    'tests/authorization-security.test.ts': TEST('authorization'),
    'tests/security/input-validation.test.ts': TEST('input validation'),
    '.github/workflows/ci.yml': CI,
    ...extra,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null));
}

const REQUIRED = '    min-files: 3\n    required:\n      - tests/authorization-security.test.ts\n      - "tests/security/*.test.ts"\n';

describe('tests check: a complete setup passes', () => {
  it('finds nothing in a repo with a test script, enough tests, the required suites and CI', async () => {
    const report = await scanTree(goodApp(), { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'tests')?.status).toBe('pass');
  });
});

describe('tests/no-test-script', () => {
  it("npm's placeholder, on the line of the test script", async () => {
    const root = goodApp({ 'package.json': pkg({ dev: 'next dev', test: NPM_PLACEHOLDER }) });
    const report = await scanTree(root, { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual(['tests/no-test-script package.json:7']);
    expect(report.findings[0]?.message).toBe(`The \`test\` script of package.json (\`${NPM_PLACEHOLDER}\`) runs no tests.`);
  });

  it('missing, empty, `exit 0` and `true` scripts', async () => {
    for (const [scripts, line] of [[{ build: 'tsc' }, 5], [{ test: '' }, 6], [{ test: 'exit 0' }, 6], [{ test: 'true' }, 6], [{ test: "echo 'tests later'" }, 6]] as const) {
      const report = await scanTree(goodApp({ 'package.json': pkg(scripts) }), { policy: policy('    min-files: 1\n') });
      expect(summarise(report), JSON.stringify(scripts)).toEqual([`tests/no-test-script package.json:${line}`]);
    }
  });

  it('no scripts at all, and no tests either: one finding that says both', async () => {
    const report = await scanTree({ 'package.json': pkg(undefined), 'index.js': 'module.exports = 1;\n' }, { policy: policy('    min-files: 1\n') });
    expect(summarise(report)).toEqual(['tests/no-test-script package.json:1']);
    expect(report.findings[0]?.message).toBe('package.json has no `test` script, so `npm test` runs nothing. No test files were found either.');
  });

  it('a monorepo root without a test script passes when a workspace package has one', async () => {
    const root = {
      'package.json': pkg({ build: 'turbo build' }, { workspaces: ['packages/*'] }),
      'packages/core/package.json': pkg({ test: 'vitest run' }),
      'packages/core/src/a.test.ts': TEST('a'),
      '.github/workflows/ci.yml': CI.replace('npm test', 'npm test --workspaces'),
    };
    expect(summarise(await scanTree(root, { policy: policy('    min-files: 1\n') }))).toEqual([]);
    // pnpm-workspace.yaml declares the packages just as well.
    const pnpm = {
      'package.json': pkg({ build: 'pnpm -r build' }),
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n',
      'apps/web/package.json': pkg({ test: 'jest' }),
      'apps/web/__tests__/page.test.tsx': TEST('page'),
      '.github/workflows/ci.yml': CI.replace('npm test', 'pnpm -r test'),
    };
    expect(summarise(await scanTree(pnpm, { policy: policy('    min-files: 1\n') }))).toEqual([]);
  });

  it('Python and Go projects without tests; a pytest configuration counts as a test setup', async () => {
    const py = { 'pyproject.toml': '[project]\nname = "svc"\n', 'svc/app.py': 'def handler():\n    return 1\n' };
    const pyReport = await scanTree(py, { policy: policy('    min-files: 1\n') });
    expect(summarise(pyReport)).toEqual(['tests/no-test-script pyproject.toml:1']);
    expect(pyReport.findings[0]?.message).toBe('This Python project (pyproject.toml) has no tests (`test_*.py`, `*_test.py`) and no pytest, tox or nox configuration.');

    const configured = { 'pyproject.toml': '[project]\nname = "svc"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', 'svc/app.py': 'x = 1\n' };
    expect(summarise(await scanTree(configured, { policy: policy('    min-files: 1\n') }))).toEqual(['tests/too-few security-policy.yml:5']);

    const go = { 'go.mod': 'module example.com/svc\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n' };
    const goReport = await scanTree(go, { policy: policy('    min-files: 1\n') });
    expect(summarise(goReport)).toEqual(['tests/no-test-script go.mod:1']);
    expect(goReport.findings[0]?.message).toMatch(/`go test \.\/\.\.\.` runs nothing/);
  });

  it('a Rails app with Minitest run by `bin/rails test` in CI has a suite; RSpec and a Django app with pytest too', async () => {
    const rails = {
      Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 7.1.3"\ngem "pg", "~> 1.5"\n\ngroup :test do\n  gem "capybara"\nend\n',
      'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.3)\n',
      Rakefile: 'require_relative "config/application"\n\nRails.application.load_tasks\n',
      'bin/rails': '#!/usr/bin/env ruby\nAPP_PATH = File.expand_path("../config/application", __dir__)\nrequire_relative "../config/boot"\nrequire "rails/commands"\n',
      'app/models/story.rb': 'class Story < ApplicationRecord\n  validates :title, presence: true\nend\n',
      'test/test_helper.rb': 'ENV["RAILS_ENV"] ||= "test"\nrequire_relative "../config/environment"\nrequire "rails/test_help"\n',
      'test/models/story_test.rb': 'require "test_helper"\n\nclass StoryTest < ActiveSupport::TestCase\n  test "requires a title" do\n    assert_not Story.new.valid?\n  end\nend\n',
      'test/controllers/stories_controller_test.rb': 'require "test_helper"\n\nclass StoriesControllerTest < ActionDispatch::IntegrationTest\n  test "should get index" do\n    get stories_url\n    assert_response :success\n  end\nend\n',
      '.github/workflows/ci.yml': 'name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n      - run: bin/rails db:test:prepare test\n',
    };
    expect(summarise(await scanTree(rails, { policy: policy('    min-files: 2\n') }))).toEqual([]);
    // Run on pushes to main only: the suite is there, CI runs it, but never before a merge.
    const pushOnly = { ...rails, '.github/workflows/ci.yml': rails['.github/workflows/ci.yml'].replace('  pull_request:\n', '') };
    expect(summarise(await scanTree(pushOnly, { policy: policy('    min-files: 2\n') }))).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:13']);

    const rspec = {
      ...rails,
      'test/models/story_test.rb': null,
      'test/controllers/stories_controller_test.rb': null,
      'spec/models/story_spec.rb': 'require "rails_helper"\n\nRSpec.describe Story, type: :model do\n  it "requires a title" do\n    expect(Story.new).not_to be_valid\n  end\nend\n',
      '.github/workflows/ci.yml': rails['.github/workflows/ci.yml'].replace('bin/rails db:test:prepare test', 'bundle exec rspec'),
    };
    const files = Object.fromEntries(Object.entries(rspec).filter((e): e is [string, string] => e[1] !== null));
    expect(summarise(await scanTree(files, { policy: policy('    min-files: 1\n') }))).toEqual([]);

    const django = {
      'requirements.txt': 'Django==5.1.4\npytest-django==4.9.0\n',
      'manage.py': '#!/usr/bin/env python\nimport os\nimport sys\n',
      'pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings\n',
      'orders/tests/test_views.py': 'import pytest\n\n\n@pytest.mark.django_db\ndef test_index(client):\n    assert client.get("/").status_code == 200\n',
      '.github/workflows/ci.yml': CI.replace('npm test', 'pytest -q'),
    };
    expect(summarise(await scanTree(django, { policy: policy('    min-files: 1\n') }))).toEqual([]);
  });

  it("a package.json that only builds a Rails app's front end needs no test script; without the app's tests it does", async () => {
    const rails = {
      Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 7.1.3"\n',
      'app/models/story.rb': 'class Story < ApplicationRecord\nend\n',
      'spec/models/story_spec.rb': 'require "rails_helper"\n\nRSpec.describe Story do\n  it "is valid" do\n    expect(Story.new).to be_valid\n  end\nend\n',
      'package.json': pkg({ build: 'esbuild app/javascript/*.* --bundle --outdir=app/assets/builds', 'build:css': 'tailwindcss -o app/assets/builds/application.css' }),
      '.github/workflows/ci.yml': CI.replace('npm test', 'bundle exec rspec'),
    };
    expect(summarise(await scanTree(rails, { policy: policy('    min-files: 1\n') }))).toEqual([]);
    // The same package.json in a Rails app without tests is still reported (and so is the app).
    const untested = Object.fromEntries(Object.entries(rails).filter(([p]) => !p.startsWith('spec/')));
    const found = summarise(await scanTree(untested, { policy: policy('    min-files: 1\n') }));
    expect(found.filter((f) => f.startsWith('tests/no-test-script'))).toEqual(['tests/no-test-script Gemfile:1', 'tests/no-test-script package.json:5']);
  });

  it('a repository that shows no ecosystem has nothing to test', async () => {
    const report = await scanTree({ 'README.md': '# Notes\n', 'docs/a.md': 'text\n' }, { policy: policy('    min-files: 1\n') });
    expect(summarise(report)).toEqual([]);
  });
});

describe('tests/too-few', () => {
  it('counts committed files with at least one test against min-files, on the policy line', async () => {
    const root = makeRepo({
      'package.json': pkg({ test: 'vitest run' }),
      'src/a.test.ts': TEST('a'),
      'src/b.spec.tsx': TEST('b'),
      'src/empty.test.ts': '// TODO\n',
      'src/todo.test.ts': "import { it } from 'vitest';\nit.todo('later');\n",
      'test/fixtures/fake.test.ts': TEST('fixture, not a test'),
      '.github/workflows/ci.yml': CI,
    });
    writeFiles(root, { 'src/c.test.ts': TEST('not committed') });
    const report = await scanDir(root, { policy: policy('    min-files: 4\n') });
    expect(summarise(report)).toEqual(['tests/too-few security-policy.yml:5']);
    expect(report.findings[0]?.message).toBe(
      "Found 2 test files with at least one test matching the test runners' default globs (1 more file with tests is not committed); the policy asks for at least 4 (min-files, security-policy.yml:5).",
    );
  });

  it("the policy's globs replace the runners' defaults", async () => {
    const root = { 'package.json': pkg({ test: 'node --test checks/' }), 'checks/one.mjs': "import test from 'node:test';\ntest('x', () => {});\n", '.github/workflows/ci.yml': CI };
    expect(summarise(await scanTree(root, { policy: policy('    min-files: 1\n') }))).toEqual(['tests/too-few security-policy.yml:5']);
    expect(summarise(await scanTree(root, { policy: policy('    min-files: 1\n    globs: ["checks/**/*.mjs"]\n') }))).toEqual([]);
  });

  it('counts Go, Python, Rust and Java tests by their declarations', async () => {
    const root = {
      'go.mod': 'module x\n',
      'pkg/a_test.go': 'package pkg\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n',
      'pkg/helpers_test.go': 'package pkg\n\nfunc helper() {}\n',
      'requirements.txt': 'pytest\n',
      'tests/test_api.py': 'def test_api():\n    assert True\n',
      'Cargo.toml': '[package]\nname = "x"\n',
      'src/lib.rs': 'pub fn f() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n',
      'pom.xml': '<project/>\n',
      'src/test/java/AppTest.java': 'class AppTest { @Test void ok() {} }\n',
      '.github/workflows/ci.yml': CI.replace('npm test', 'go test ./...'),
    };
    const report = await scanTree(root, { policy: policy('    min-files: 5\n') });
    expect(report.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Found 4 test files/)]);
  });
});

describe('tests/required-suite-missing', () => {
  it('annotates the policy line of each unmet entry and says why', async () => {
    const root = goodApp({
      'tests/security/input-validation.test.ts': "import { describe, it } from 'vitest';\ndescribe.skip('input validation', () => {\n  it('rejects long names', () => {});\n});\n",
      'tests/authorization-security.test.ts': null,
    });
    const report = await scanTree(root, { policy: policy(`${REQUIRED}      - tests/e2e/login.spec.ts\n`) });
    expect(summarise(report)).toEqual([
      'tests/too-few security-policy.yml:5',
      'tests/required-suite-missing security-policy.yml:7',
      'tests/required-suite-missing security-policy.yml:8',
      'tests/required-suite-missing security-policy.yml:9',
      'tests/focused-or-skipped tests/security/input-validation.test.ts:2',
    ]);
    const messages = report.findings.filter((f) => f.ruleId === 'tests/required-suite-missing').map((f) => f.message);
    expect(messages).toEqual([
      'The required test suite `tests/authorization-security.test.ts` matches no file.',
      'The required test suite `tests/security/*.test.ts` matches `tests/security/input-validation.test.ts`, but it contains no test that runs (no `it`/`test` call, or every test skipped).',
      'The required test suite `tests/e2e/login.spec.ts` matches no file.',
    ]);
    expect(report.findings[4]?.severity).toBe('warning');
  });

  it('a suite that exists only in the working tree is not enough', async () => {
    const root = makeRepo(goodApp());
    writeFiles(root, { 'tests/security/csrf.test.ts': TEST('csrf') });
    git(root, 'rm', '-q', '--cached', 'tests/security/input-validation.test.ts');
    const report = await scanDir(root, { policy: policy(REQUIRED.replace('min-files: 3', 'min-files: 1')) });
    expect(report.findings.map((f) => f.message)).toEqual([
      'The required test suite `tests/security/*.test.ts` matches only files that are not committed (`tests/security/csrf.test.ts`, `tests/security/input-validation.test.ts`).',
    ]);
  });
});

describe('tests/focused-or-skipped', () => {
  it('reports .only, fit and fdescribe on their exact token, and ignores strings, comments and regexes', async () => {
    const file = [
      "import { describe, expect, it, test } from 'vitest';", // 1
      '', // 2
      "describe('math', () => {", // 3
      "  it.only('adds', () => expect(1 + 1).toBe(2));", // 4
      "  // it.only('commented out', () => {});", // 5
      "  it('mentions it.only( in a string', () => {", // 6
      '    expect(/it\\.only\\(/.test("x")).toBe(false);', // 7
      '  });', // 8
      "  test.concurrent.only.each([1, 2])('n=%i', (n) => expect(n).toBeGreaterThan(0));", // 9
      '});', // 10
      "fdescribe('focused block', () => {", // 11
      "  fit('focused test', () => {});", // 12
      '});', // 13
      '',
    ].join('\n');
    const root = goodApp({ 'src/math.test.ts': file });
    const report = await scanTree(root, { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual([
      'tests/focused-or-skipped src/math.test.ts:4',
      'tests/focused-or-skipped src/math.test.ts:9',
      'tests/focused-or-skipped src/math.test.ts:11',
      'tests/focused-or-skipped src/math.test.ts:12',
    ]);
    expect(report.findings[0]?.location).toEqual({ path: 'src/math.test.ts', line: 4, column: 6, endLine: 4, endColumn: 10 });
    expect(report.findings.map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error']);
    expect(report.findings[1]?.message).toBe('`test.concurrent.only.each` focuses the run: the runner silently skips every other test of the suite.');
  });

  it('a file whose every test is focused is a warning (Jest and Vitest skip nothing); one unfocused test left makes it an error', async () => {
    const allFocused = [
      "import { describe, expect, it } from 'vitest';",
      '',
      "describe('portfolio calculator', () => {",
      "  it.only('computes the buy', () => expect(1).toBe(1));",
      "  it.only('computes the sell', () => expect(2).toBe(2));",
      '});',
      "describe.only('fees', () => {",
      "  it('adds the fee', () => expect(3).toBe(3));",
      '});',
      '',
    ].join('\n');
    const partly = allFocused.replace("it.only('computes the sell'", "it('computes the sell'");
    const report = await scanTree(goodApp({ 'src/calc.test.ts': allFocused, 'src/partly.test.ts': partly }), { policy: policy(REQUIRED) });
    expect(report.findings.map((f) => `${f.severity} ${f.location?.path}:${f.location?.line}`)).toEqual([
      'warning src/calc.test.ts:4',
      'warning src/calc.test.ts:5',
      'warning src/calc.test.ts:7',
      'error src/partly.test.ts:4',
      'error src/partly.test.ts:7',
    ]);
    expect(report.findings[0]?.message).toBe(
      "`it.only` focuses a file whose every test is focused: Jest and Vitest skip nothing, but Mocha and Playwright skip every other file's tests, and a test added here later is silently skipped.",
    );
  });

  it('a whole file skipped is a warning; a partly skipped file is fine', async () => {
    const root = goodApp({
      'src/legacy.test.ts': "import { describe, it } from 'vitest';\n\ndescribe.skip('legacy', () => {\n  it('old', () => {});\n});\nxit('older', () => {});\n",
      'src/partial.test.ts': "import { describe, it } from 'vitest';\n\ndescribe('partial', () => {\n  it.skip('flaky', () => {});\n  it('stable', () => {});\n});\n",
      'tests/test_legacy.py': 'import pytest\n\npytestmark = pytest.mark.skip(reason="rewrite")\n\ndef test_old():\n    assert True\n',
      'requirements.txt': 'pytest\n',
    });
    const report = await scanTree(root, { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual(['tests/focused-or-skipped src/legacy.test.ts:3', 'tests/focused-or-skipped tests/test_legacy.py:3']);
    expect(report.findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', '`describe.skip` skips every test of this file.'],
      ['warning', '`pytestmark = pytest.mark.skip` skips every test of this file.'],
    ]);
    expect(report.verdict).toBe('pass');
  });

  it('RSpec focus', async () => {
    const root = goodApp({ Gemfile: "source 'https://rubygems.org'\n", 'spec/user_spec.rb': "RSpec.describe User do\n  fit 'works' do\n  end\n  it 'is fine', focus: true do\n  end\nend\n" });
    expect(summarise(await scanTree(root, { policy: policy(REQUIRED) }))).toEqual(['tests/focused-or-skipped spec/user_spec.rb:2', 'tests/focused-or-skipped spec/user_spec.rb:4']);
  });
});

describe('tests/not-run-in-ci', () => {
  const lint = CI.replace('npm test', 'npm run lint');

  it('no workflow runs the tests: on the test script line', async () => {
    const report = await scanTree(goodApp({ '.github/workflows/ci.yml': lint }), { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual(['tests/not-run-in-ci package.json:8']);
    expect(report.findings[0]?.message).toBe('The tests are not run in CI: none of the 1 workflow under .github/workflows/ runs the tests.');
    const none = await scanTree(goodApp({ '.github/workflows/ci.yml': null }), { policy: policy(REQUIRED) });
    expect(none.findings[0]?.message).toBe('The tests are not run in CI: there is no workflow under .github/workflows/.');
  });

  it('follows package.json scripts, matrices, Makefiles, local actions and script files', async () => {
    const variants: Record<string, Record<string, string>> = {
      script: { '.github/workflows/ci.yml': CI.replace('npm test', 'npm run ci'), 'package.json': pkg({ ci: 'npm run lint && npm run typecheck && vitest run --coverage', test: 'vitest run' }) },
      matrix: {
        '.github/workflows/ci.yml': CI.replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        task: [lint, test]').replace('npm test', 'npm run ${{ matrix.task }}'),
      },
      make: { '.github/workflows/ci.yml': CI.replace('npm test', 'make ci'), Makefile: 'ci: lint check\n\nlint:\n\tnpx eslint .\n\ncheck:\n\tnpx vitest run\n' },
      action: {
        '.github/workflows/ci.yml': CI.replace('run: npm test', 'uses: ./.github/actions/verify'),
        '.github/actions/verify/action.yml': "name: verify\nruns:\n  using: composite\n  steps:\n    - run: pnpm --filter web test\n      shell: bash\n",
      },
      file: { '.github/workflows/ci.yml': CI.replace('npm test', 'bash ./scripts/ci.sh'), 'scripts/ci.sh': '#!/bin/sh\nset -e\nnpm run lint\nCI=true npx jest --ci\n' },
      docker: { '.github/workflows/ci.yml': CI.replace('npm test', 'docker compose run --rm app npm test') },
      retry: { '.github/workflows/ci.yml': CI.replace('run: npm test', 'uses: nick-fields/retry@v3\n        with:\n          max_attempts: 3\n          command: yarn test') },
      gitlab: { '.github/workflows/ci.yml': lint, '.gitlab-ci.yml': 'test:\n  image: node:20\n  script:\n    - npm ci\n    - npm test\n' },
    };
    for (const [name, files] of Object.entries(variants)) {
      const report = await scanTree(goodApp(files), { policy: policy(REQUIRED) });
      expect(summarise(report), name).toEqual([]);
    }
  });

  it('steps that ignore failures, schedule-only workflows and `if: false` do not count', async () => {
    const ignored = await scanTree(goodApp({ '.github/workflows/ci.yml': CI.replace('      - run: npm test', '      - run: npm test\n        continue-on-error: true') }), { policy: policy(REQUIRED) });
    expect(summarise(ignored)).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:15']);
    expect(ignored.findings[0]?.message).toBe('This step runs the tests (`npm test`) with `continue-on-error: true`: a failing test does not fail the workflow.');

    const nightly = CI.replace('on:\n  pull_request:\n  push:\n    branches: [main]', 'on:\n  schedule:\n    - cron: "0 3 * * *"\n  workflow_dispatch:');
    const scheduled = await scanTree(goodApp({ '.github/workflows/ci.yml': nightly }), { policy: policy(REQUIRED) });
    expect(summarise(scheduled)).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:15']);
    expect(scheduled.findings[0]?.message).toBe('The tests run (`npm test`) only in a workflow triggered by schedule, workflow_dispatch: never on a push or pull request.');

    const off = await scanTree(goodApp({ '.github/workflows/ci.yml': CI.replace('      - run: npm test', '      - if: false\n        run: npm test') }), { policy: policy(REQUIRED) });
    expect(summarise(off)).toEqual(['tests/not-run-in-ci package.json:8']);
  });

  it('a suite that runs only on pushes (to main, or in a job that skips pull requests) does not run on every pull request', async () => {
    const pushOnly = CI.replace('on:\n  pull_request:\n  push:\n    branches: [main]', 'on:\n  push:\n    branches: [main]');
    const report = await scanTree(goodApp({ '.github/workflows/ci.yml': pushOnly }), { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:14']);
    expect(report.findings[0]).toMatchObject({
      severity: 'error',
      message: 'The tests run (`npm test`) on pushes but never for a pull request: its workflow is triggered by push, never by pull_request. A pull request is merged without them.',
    });
    // Pushes to every branch still miss pull requests from forks, and say nothing before the merge.
    const everyPush = CI.replace('on:\n  pull_request:\n  push:\n    branches: [main]', 'on: push');
    expect(summarise(await scanTree(goodApp({ '.github/workflows/ci.yml': everyPush }), { policy: policy(REQUIRED) }))).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:12']);
    // pull_request only when closed runs after the merge.
    const closed = CI.replace('  pull_request:\n', '  pull_request:\n    types: [closed]\n');
    const merged = await scanTree(goodApp({ '.github/workflows/ci.yml': closed }), { policy: policy(REQUIRED) });
    expect(merged.findings[0]?.message).toBe('The tests run (`npm test`) on pushes but never for a pull request: its workflow is triggered by pull_request only for closed, never for a pull request\'s new commits. A pull request is merged without them.');
    // A job for pushes only.
    const job = CI.replace('    runs-on: ubuntu-latest', "    if: github.event_name == 'push'\n    runs-on: ubuntu-latest");
    const skipped = await scanTree(goodApp({ '.github/workflows/ci.yml': job }), { policy: policy(REQUIRED) });
    expect(skipped.findings[0]?.message).toBe("The tests run (`npm test`) on pushes but never for a pull request: its job runs only if `github.event_name == 'push'`. A pull request is merged without them.");
    const mainOnly = CI.replace('      - run: npm test', "      - if: github.ref == 'refs/heads/main'\n        run: npm test");
    expect(summarise(await scanTree(goodApp({ '.github/workflows/ci.yml': mainOnly }), { policy: policy(REQUIRED) }))).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:16']);
    // A merge queue, a pull request of the default types, or a condition that also holds for pull requests: run.
    for (const on of ['on:\n  merge_group:\n  push:\n    branches: [main]', 'on:\n  pull_request:\n    types: [opened, synchronize]\n  push:\n    branches: [main]']) {
      expect(summarise(await scanTree(goodApp({ '.github/workflows/ci.yml': CI.replace('on:\n  pull_request:\n  push:\n    branches: [main]', on) }), { policy: policy(REQUIRED) })), on).toEqual([]);
    }
    const either = CI.replace('    runs-on: ubuntu-latest', "    if: github.event_name == 'push' || github.event_name == 'pull_request'\n    runs-on: ubuntu-latest");
    expect(summarise(await scanTree(goodApp({ '.github/workflows/ci.yml': either }), { policy: policy(REQUIRED) }))).toEqual([]);
  });

  it('a reusable workflow of another repository may run them: a notice, not an error', async () => {
    const shared = 'name: CI\non: [push, pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n  test:\n    uses: acme/workflows/.github/workflows/node-ci.yml@v3\n    with:\n      node-version: 20\n';
    const report = await scanTree(goodApp({ '.github/workflows/ci.yml': shared }), { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual(['tests/not-run-in-ci .github/workflows/ci.yml:9']);
    expect(report.findings[0]).toMatchObject({
      severity: 'notice',
      message: 'No workflow of this repository runs the tests, unless the reusable workflow `acme/workflows/.github/workflows/node-ci.yml@v3` does: the check cannot read it.',
    });
  });

  it('tests run after a preview deployment or another workflow count', async () => {
    const deployment = 'name: API tests\non:\n  deployment_status:\njobs:\n  api:\n    if: github.event.deployment_status.state == \'success\'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pnpm install\n      - working-directory: apps/web\n        run: pnpm test\n';
    expect(summarise(await scanTree(goodApp({ '.github/workflows/e2e.yml': deployment, '.github/workflows/ci.yml': null }), { policy: policy(REQUIRED) }))).toEqual([]);
    const after = 'on:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n';
    expect(summarise(await scanTree(goodApp({ '.github/workflows/e2e.yml': after, '.github/workflows/ci.yml': null }), { policy: policy(REQUIRED) }))).toEqual([]);
  });

  it('project-specific commands from the policy', async () => {
    const root = goodApp({ '.github/workflows/ci.yml': CI.replace('npm test', 'ci/gate --all') });
    expect(summarise(await scanTree(root, { policy: policy(REQUIRED) }))).toEqual(['tests/not-run-in-ci package.json:8']);
    expect(summarise(await scanTree(root, { policy: policy(`${REQUIRED}    commands: [ci/gate]\n`) }))).toEqual([]);
  });
});

describe('tests: the pull request view', () => {
  it('reports deleted test files and required suites; renames that stay tests are fine', async () => {
    const root = makeRepo(goodApp({ 'src/old.test.ts': TEST('old'), 'src/moved.test.ts': TEST('moved'), 'tests/security/csrf.test.ts': TEST('csrf') }));
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'feature');
    git(root, 'mv', 'src/moved.test.ts', 'src/renamed.test.ts');
    const head = commit(root, { 'src/old.test.ts': null, 'tests/security/csrf.test.ts': null }, 'drop tests');
    const report = await scanDir(root, { policy: policy(REQUIRED), scope: { kind: 'pr', base, head } });
    expect(summarise(report)).toEqual(['tests/deleted-in-pr src/old.test.ts', 'tests/required-suite-deleted tests/security/csrf.test.ts']);
    expect(report.findings[1]?.message).toBe(
      'This pull request deletes `tests/security/csrf.test.ts`, a suite the policy requires (`tests/security/*.test.ts`, security-policy.yml:8).',
    );
    // A full scan of the same tree reports none of it.
    expect(summarise(await scanDir(root, { policy: policy(REQUIRED) }))).toEqual([]);
  });

  it('a base commit missing from the clone is logged, not a crash', async () => {
    const root = makeRepo(goodApp());
    const report = await scanDir(root, { policy: policy(REQUIRED), scope: { kind: 'pr', base: '0'.repeat(40), head: 'HEAD' } });
    expect(summarise(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'tests')?.status).toBe('pass');
  });
});

describe('tests: outside git', () => {
  it('every listed file counts as committed', async () => {
    const report = await scanDir(makeDir(goodApp()), { policy: policy(REQUIRED) });
    expect(summarise(report)).toEqual([]);
  });
});

describe('command recognition', () => {
  const env = (scripts: Record<string, string> = {}, files: Record<string, string> = {}): CommandEnv => ({
    scripts: (name) => (scripts[name] === undefined ? [] : [scripts[name] as string]),
    readText: async (path) => files[path],
    extra: [],
  });

  it('recognises the common ways to run tests', async () => {
    const yes = [
      'npm test', 'npm t', 'npm run test', 'npm run test:unit', 'npm run test -- --coverage', 'npm --prefix web test', 'npm -w api run test',
      'pnpm test', 'pnpm -r test', 'pnpm --filter @app/web test', 'pnpm run test:e2e', 'pnpm exec vitest run', 'pnpm vitest run',
      'yarn test', 'yarn workspace web test', 'yarn workspaces foreach -A run test', 'yarn jest --ci',
      'bun test', 'npx vitest run', 'npx --yes jest', 'npx playwright test', 'npx cypress run', 'node --test', 'CI=true npx jest',
      'xvfb-run -a npm test', 'npx nx affected -t lint test', 'npx turbo run build test', 'npx nx run-many --target=test',
      'pytest -q', 'python -m pytest tests/', 'python3 -m unittest discover', 'poetry run pytest', 'uv run --frozen pytest', 'tox -e py312',
      'coverage run -m pytest', 'python manage.py test', 'go test ./...', 'go test -race -count=1 ./...', 'gotestsum --format testname',
      'cargo test --all-features', 'cargo nextest run', 'bundle exec rspec', 'bundle exec rake', 'bin/rails test', './mvnw -B verify',
      'mvn -B package --file pom.xml', './gradlew build', 'gradle check', 'dotnet test', 'vendor/bin/phpunit', 'php artisan test', 'mix test',
      'flutter test', 'swift test', 'make test', 'make -C api check', 'just test', 'docker compose run --rm web npm test', 'sh -c "npm test"',
      'pnpm test:e2e', 'pnpm turbo test --filter=web',
    ];
    for (const line of yes) expect(await scriptRunsTests(line, env()), line).toBeTruthy();
    const no = [
      'npm ci', 'npm run build', 'npm run lint', 'pnpm install --frozen-lockfile', 'yarn install', 'yarn build', 'echo npm test', 'npx eslint .',
      'vitest bench', 'go build ./...', 'go vet ./...', 'cargo build --release', 'mvn -B package -DskipTests', './gradlew build -x test', 'make build',
      'docker build -t app .', 'python -m build', 'pip install -r requirements.txt', 'git diff --exit-code',
      'pnpm --filter web exec playwright install chromium', 'pnpm tsx playwright/seed.ts', 'pnpm turbo build --filter=web', 'pnpm prisma:generate',
    ];
    for (const line of no) expect(await scriptRunsTests(line, env()), line).toBeUndefined();
  });

  it('follows scripts and Makefile targets, and stops at cycles', async () => {
    expect(await scriptRunsTests('npm run verify', env({ verify: 'npm run lint && npm run unit', unit: 'jest' }))).toBe('npm run verify (npm run unit (jest))');
    expect(await scriptRunsTests('npm run a', env({ a: 'npm run b', b: 'npm run a' }))).toBeUndefined();
    expect(await scriptRunsTests('make', env({}, { Makefile: '.PHONY: all\nall: build unit\nbuild:\n\tgo build ./...\nunit:\n\tgo test ./...\n' }))).toBe('make all');
    expect(await commandRunsTests(['./scripts/run.sh'], env({}, { 'scripts/run.sh': 'set -e\npytest\n' }))).toBe('./scripts/run.sh (pytest)');
  });

  it('parses shell words and Makefiles', () => {
    expect(shellCommands('FOO="a b" npm test && echo \'x; y\' # done\nmake -C "dir" \\\n  test')).toEqual([['FOO=a b', 'npm', 'test'], ['echo', 'x; y'], ['make', '-C', 'dir', 'test']]);
    expect(shellCommands('run ${{ matrix.cmd || "x y" }}')).toEqual([['run', '${{ matrix.cmd || "x y" }}']]);
    const rules = parseMakefile('CC := gcc\n# comment\ntest: build ## run tests\n\t@go test ./...\nbuild:\n\tgo build\n');
    expect(rules.get('test')).toMatchObject({ prerequisites: ['build'], recipe: ['@go test ./...'] });
  });
});
