import picomatch from 'picomatch';
import type { CheckContext } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import { findTestRuns, type CiResult, type WorkflowFile } from './ci.js';
import type { CommandEnv } from './commands.js';
import { isJsPath, projectMarkers, type Ecosystem } from './ecosystems.js';
import type { TestsSettings } from './meta.js';
import { removedFiles, type Removal } from './pr.js';
import type { PlacedMark, PlacedMarks } from './task.js';
import type { TestFileFacts } from './test-calls.js';
import { keyLocation, pythonTestConfig, scriptsOf, testScriptProblem, workspacePackages, type PackageJson } from './test-command.js';

/**
 * What the collect phase of the tests check knows once every file it needs is read: the facts each rule
 * judges. Built by `index.ts`; each rule below reads it and reports its own findings.
 */
export interface TestsFacts {
  ctx: CheckContext;
  settings: TestsSettings;
  /** Every listed file. */
  paths: readonly string[];
  /** The committed ones (outside a work tree, every listed file). */
  trackedPaths: readonly string[];
  committed: (path: string) => boolean;
  /** The ecosystems of the committed files. */
  ecosystems: readonly Ecosystem[];
  isTestFile: (path: string) => boolean;
  isRequired: (path: string) => boolean;
  /** The policy's `required` entries, in order, each with its matcher. */
  required: readonly { entry: string; test: (path: string) => boolean }[];
  /** Tests and focus marks of every test file read. */
  facts: ReadonlyMap<string, TestFileFacts>;
  packages: ReadonlyMap<string, PackageJson>;
  /** Committed GitHub workflows, and other CI systems' files. */
  workflows: readonly WorkflowFile[];
  otherCi: readonly WorkflowFile[];
  /** Test files with at least one test, and the committed ones among them. */
  testFiles: readonly string[];
  committedTests: readonly string[];
  readText: (path: string) => Promise<string | undefined>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(paths: readonly string[], max = 3): string {
  const shown = paths.slice(0, max).map((p) => `\`${p}\``).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/** tests/focused-or-skipped: `.only` (or `fit`) in a test file, and a file whose every test is skipped. */
export function focusedOrSkipped(ctx: CheckContext, path: string, found: PlacedMarks): void {
  const at = (m: PlacedMark) => ({ path, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn });
  for (const mark of found.focused) {
    // Every test of the file focused: Jest and Vitest (which focus per file) skip nothing; Mocha and
    // Playwright (which focus the whole run) skip every other file. Without knowing the runner, a warning.
    if (found.allFocused) {
      ctx.report({
        ruleId: 'tests/focused-or-skipped',
        severity: 'warning',
        message: `\`${mark.text}\` focuses a file whose every test is focused: Jest and Vitest skip nothing, but Mocha and Playwright skip every other file's tests, and a test added here later is silently skipped.`,
        location: at(mark),
        identity: `${mark.text}:${mark.lineText.trim()}`,
        help: 'Remove `.only` (or the `f` prefix) before committing.',
      });
      continue;
    }
    ctx.report({
      ruleId: 'tests/focused-or-skipped',
      message: `\`${mark.text}\` focuses the run: the runner silently skips every other test of the suite.`,
      location: at(mark),
      identity: `${mark.text}:${mark.lineText.trim()}`,
      help: 'Remove `.only` (or the `f` prefix) before committing. Vitest and Jest also fail on `.only` in CI with `--allowOnly=false` / `--ci`.',
    });
  }
  if (found.wholeFileSkip) {
    const mark = found.wholeFileSkip;
    ctx.report({
      ruleId: 'tests/focused-or-skipped',
      severity: 'warning',
      message: `\`${mark.text}\` skips every test of this file.`,
      location: at(mark),
      identity: `skip:${mark.text}`,
      help: 'Fix or delete the skipped tests; a skipped suite reads as covered but checks nothing.',
    });
  }
}

/** The test files of one project: under its directory, of its ecosystem. */
export function inProject(eco: Ecosystem, dir: string): (path: string) => boolean {
  const ofEcosystem = eco.id === 'javascript' ? isJsPath : picomatch(eco.testGlobs, { dot: true });
  return (p: string) => p.startsWith(dir) && ofEcosystem(p);
}

/**
 * tests/no-test-script: each project (a package.json, a pyproject.toml, a go.mod …) has a way to run its
 * tests. Returns whether one was reported, which tests/too-few then leaves to it.
 */
export async function noTestScript(f: TestsFacts): Promise<boolean> {
  let noScript = false;
  const seenProjects = new Set<string>();
  const markers = projectMarkers(f.trackedPaths);
  // The other ecosystems' projects with committed tests, by folder: a package.json beside one (a Rails,
  // Laravel or Go app's front-end build) is that app's asset pipeline, tested by the app's own runner.
  const testedApps = new Set(
    markers
      .filter(({ ecosystem }) => ecosystem.id !== 'javascript')
      .map(({ ecosystem, path }) => ({ ecosystem, dir: path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '' }))
      .filter(({ ecosystem, dir }) => f.committedTests.some(inProject(ecosystem, dir)))
      .map(({ dir }) => dir),
  );
  for (const { ecosystem: eco, path } of markers) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const key = `${eco.id}:${dir}`;
    if (seenProjects.has(key)) continue;
    seenProjects.add(key);
    const testsHere = f.committedTests.filter(inProject(eco, dir));
    if (eco.id === 'javascript' && testsHere.length === 0 && testedApps.has(dir)) continue;
    const finding = eco.id === 'javascript' ? await javascriptProject(f, path, dir, testsHere) : testsHere.length === 0 ? await otherProject(f, eco, path, dir, key) : undefined;
    if (!finding) continue;
    noScript = true;
    f.ctx.report(finding);
  }
  return noScript;
}

/** A package.json whose `test` script runs nothing, unless a workspace member's does. */
async function javascriptProject(f: TestsFacts, path: string, dir: string, testsHere: readonly string[]): Promise<FindingInput | undefined> {
  const pkg = f.packages.get(path);
  if (!pkg) return undefined;
  if (pkg.error) {
    return { ruleId: 'tests/no-test-script', message: `${path} ${pkg.error}: its test script cannot be read.`, location: { path, line: 1 }, identity: `${path}:unreadable` };
  }
  const problem = testScriptProblem(pkg);
  if (!problem) return undefined;
  const pnpm = await f.readText(`${dir}pnpm-workspace.yaml`);
  const members = workspacePackages(pkg, pnpm, f.trackedPaths).filter((p) => p !== path);
  const memberWithTests = members.find((p) => {
    const member = f.packages.get(p);
    return member && !member.error && !testScriptProblem(member);
  });
  if (memberWithTests) return undefined;
  const none = testsHere.length === 0 ? ' No test files were found either.' : '';
  return {
    ruleId: 'tests/no-test-script',
    message:
      problem.kind === 'missing'
        ? `${path} has no \`test\` script, so \`npm test\` runs nothing.${none}`
        : `The \`test\` script of ${path} (\`${problem.script.trim() || '""'}\`) runs no tests.${none}`,
    location: problem.location,
    identity: `${path}:${problem.kind}`,
    help: 'Set `"test"` to the command that runs the suite (e.g. `"vitest run"`, `"jest"`, `"node --test"`), and commit the tests it runs.',
  };
}

/** A project of another ecosystem with no test files (a Python one: nor a pytest, tox or nox configuration). */
async function otherProject(f: TestsFacts, eco: Ecosystem, path: string, dir: string, key: string): Promise<FindingInput | undefined> {
  const config = eco.id === 'python' ? await pythonTestConfig(dir, f.trackedPaths, f.readText) : undefined;
  if (config) return undefined;
  const what =
    eco.id === 'python'
      ? 'has no tests (`test_*.py`, `*_test.py`) and no pytest, tox or nox configuration'
      : eco.id === 'go'
        ? 'has no `_test.go` file with a `func Test…`, so `go test ./...` runs nothing'
        : `has no tests, so \`${eco.runner}\` runs nothing`;
  return {
    ruleId: 'tests/no-test-script',
    message: `This ${eco.name} project (${path}) ${what}.`,
    location: { path, line: 1 },
    identity: key,
  };
}

/** tests/too-few: fewer committed test files with a test than `min-files` (not reported again after tests/no-test-script). */
export function tooFew(f: TestsFacts, noScript: boolean): void {
  const { settings, committedTests, testFiles } = f;
  const uncommittedTests = testFiles.length - committedTests.length;
  const min = settings['min-files'] ?? 1;
  const anything = f.ecosystems.length > 0 || settings.globs !== undefined || testFiles.length > 0;
  if (!anything || committedTests.length >= min || (committedTests.length === 0 && noScript)) return;
  const where = settings.globs ? `matching ${list(settings.globs)}` : "matching the test runners' default globs";
  const extra = uncommittedTests ? ` (${plural(uncommittedTests, 'more file')} with tests ${uncommittedTests === 1 ? 'is' : 'are'} not committed)` : '';
  f.ctx.report({
    ruleId: 'tests/too-few',
    message: `Found ${plural(committedTests.length, 'test file')} with at least one test ${where}${extra}; the policy asks for at least ${min} (min-files, ${f.ctx.describePolicyPath(['checks', 'tests', 'min-files'])}).`,
    policyPath: ['checks', 'tests', 'min-files'],
    identity: 'too-few',
    help: 'Add tests, or set `globs` when your runner finds test files elsewhere.',
  });
}

/** tests/required-suite-missing: each `required` entry matches a committed file with a test that runs. */
export function requiredSuiteMissing(f: TestsFacts): void {
  for (const [index, { entry, test }] of f.required.entries()) {
    const matches = f.paths.filter((p) => test(p));
    const committedMatches = matches.filter(f.committed);
    const withTests = committedMatches.filter((p) => (f.facts.get(p)?.tests ?? 0) > 0);
    if (withTests.length) continue;
    let why: string;
    if (matches.length === 0) why = 'matches no file';
    else if (committedMatches.length === 0) why = `matches only files that are not committed (${list(matches)})`;
    else why = `matches ${list(committedMatches)}, but ${committedMatches.length === 1 ? 'it contains' : 'they contain'} no test that runs (no \`it\`/\`test\` call, or every test skipped)`;
    f.ctx.report({
      ruleId: 'tests/required-suite-missing',
      message: `The required test suite ${suiteLabel(f.settings.required?.[index], entry)} ${why}.`,
      policyPath: ['checks', 'tests', 'required', index],
      identity: entry,
      help: 'Commit the suite with at least one running test, or change `required` if the suite moved.',
    });
  }
}

/** tests/not-run-in-ci: when there are tests, a workflow runs them on pushes and pull requests. */
export async function notRunInCi(f: TestsFacts): Promise<void> {
  if (f.committedTests.length === 0) return;
  const scripts = new Map<string, string[]>();
  const ordered = [...f.packages.values()].sort((a, b) => a.file.path.split('/').length - b.file.path.split('/').length);
  for (const pkg of ordered) for (const [name, body] of Object.entries(scriptsOf(pkg))) scripts.set(name, [...(scripts.get(name) ?? []), body]);
  const env: CommandEnv = { scripts: (name) => scripts.get(name) ?? [], readText: f.readText, extra: f.settings.commands ?? [] };
  const result = await findTestRuns(f.workflows, f.otherCi, env);
  if (result.runs || result.otherCi) return;
  f.ctx.report(notRunFinding(f, result));
}

/** Why the tests do not run in CI, from the most specific reason: ignored failures, other triggers, a remote workflow, none. */
function notRunFinding(f: TestsFacts, result: CiResult): FindingInput {
  const [ignored] = result.ignored;
  if (ignored) {
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `This step runs the tests (\`${ignored.command}\`) with \`continue-on-error: true\`: a failing test does not fail the workflow.`,
      location: { path: ignored.path, line: ignored.line },
      identity: `ignored:${ignored.path}`,
      help: 'Remove `continue-on-error`, or run the tests in a step whose failure fails the job.',
    };
  }
  const [pushOnly] = result.pushOnly;
  if (pushOnly) {
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `The tests run (\`${pushOnly.command}\`) on pushes but never for a pull request: ${pushOnly.why}. A pull request is merged without them.`,
      location: { path: pushOnly.path, line: pushOnly.line },
      identity: `push-only:${pushOnly.path}`,
      help: 'Add `pull_request` (or `merge_group`, with a merge queue) to the workflow\'s `on:` triggers, and let the job that runs the tests run for it.',
    };
  }
  const [elsewhere] = result.elsewhere;
  if (elsewhere) {
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `The tests run (\`${elsewhere.command}\`) only in a workflow triggered by ${elsewhere.triggers.join(', ') || 'nothing'}: never on a push or pull request.`,
      location: { path: elsewhere.path, line: elsewhere.line },
      identity: `elsewhere:${elsewhere.path}`,
      help: 'Add `push` and `pull_request` to the workflow\'s `on:` triggers.',
    };
  }
  const [call] = result.remote;
  if (call) {
    return {
      ruleId: 'tests/not-run-in-ci',
      severity: 'notice',
      message: `No workflow of this repository runs the tests, unless the reusable workflow \`${call.command}\` does: the check cannot read it.`,
      location: { path: call.path, line: call.line },
      identity: `remote:${call.command}`,
      help: 'If that workflow runs the tests, record it with an exception for `tests/not-run-in-ci` and that reason; otherwise add a step that runs them.',
    };
  }
  const root = f.packages.get('package.json');
  const anchor = root && !root.error && scriptsOf(root).test !== undefined ? keyLocation(root.file, ['scripts', 'test']) : undefined;
  const broken = result.broken.length ? ` (${list(result.broken.map((b) => b.path))} could not be read: ${result.broken[0]?.message})` : '';
  const read = result.workflows ? `none of the ${plural(result.workflows, 'workflow')} under .github/workflows/ runs the tests` : 'there is no workflow under .github/workflows/';
  return {
    ruleId: 'tests/not-run-in-ci',
    message: `The tests are not run in CI: ${read}${broken}.`,
    ...(anchor ? { location: anchor } : {}),
    policyPath: ['checks', 'tests'],
    identity: 'not-run-in-ci',
    help: 'Add a workflow step that runs the test command on `push` and `pull_request` (e.g. `run: npm test`). If a project-specific script runs them, list it under `commands`.',
  };
}

/**
 * tests/required-suite-deleted and tests/deleted-in-pr: on a pull request, test files it deletes (or moves
 * to a path that is no test file), a required suite being an error of its own.
 */
export async function deletedInPr(f: TestsFacts): Promise<void> {
  const { ctx } = f;
  if (ctx.scope.kind !== 'pr' || !ctx.scope.base || !ctx.scope.head || !ctx.git) return;
  let removals: Removal[];
  try {
    removals = await removedFiles(ctx.git, ctx.scope.base, ctx.scope.head);
  } catch (error) {
    ctx.log.warn(`tests: cannot list the files this pull request deletes (${(error as Error).message.split('\n')[0]}); check out with fetch-depth: 0.`);
    removals = [];
  }
  for (const removal of removals) {
    const stillTest = removal.renamedTo !== undefined && (f.isTestFile(removal.renamedTo) || f.isRequired(removal.renamedTo));
    if (stillTest) continue;
    const index = f.required.findIndex((r) => r.test(removal.path));
    const what = removal.renamedTo ? `moves \`${removal.path}\` to \`${removal.renamedTo}\`, which is not a test file` : `deletes \`${removal.path}\``;
    if (index !== -1) {
      ctx.report({
        ruleId: 'tests/required-suite-deleted',
        message: `This pull request ${what}, a suite the policy requires (\`${f.required[index]?.entry}\`, ${ctx.describePolicyPath(['checks', 'tests', 'required', index])}).`,
        location: { path: removal.path },
        identity: removal.path,
      });
    } else if (f.isTestFile(removal.path)) {
      ctx.report({
        ruleId: 'tests/deleted-in-pr',
        message: `This pull request ${what}.`,
        location: { path: removal.path },
        identity: removal.path,
      });
    }
  }
}

/** A required suite in words: its glob, or what the policy says it is. */
function suiteLabel(setting: NonNullable<TestsSettings['required']>[number] | undefined, entry: string): string {
  return typeof setting === 'object' && setting.description ? `(${setting.description}: \`${entry}\`)` : `\`${entry}\``;
}
