import picomatch from 'picomatch';
import { Pair, Scalar, YAMLMap } from 'yaml';
import { defineCheck, type CheckContext, type RepoInfo } from '../../core/check.js';
import type { FindingInput, Location } from '../../core/finding.js';
import { findTestRuns, OTHER_CI_FILES, WORKFLOW_GLOB, type CiResult, type WorkflowFile } from './ci.js';
import type { CommandEnv } from './commands.js';
import { ecosystemsIn, isJsPath, NOT_TESTS, projectMarkers } from './ecosystems.js';
import { META, type TestsSettings } from './meta.js';
import { removedFiles, type Removal } from './pr.js';
import { keyLocation, pythonTestConfig, readPackageJson, scriptsOf, testScriptProblem, workspacePackages, type PackageJson } from './test-command.js';
import type { TestFileFacts } from './test-calls.js';
import { factsOf, placedMarks, testMatchers, testsTask, type PlacedMark, type TestsConfig, type TestsResult } from './task.js';

interface Evidence {
  facts: Map<string, TestFileFacts>;
  min: number;
  /** One matcher per project: the test files that count for it. */
  projects: ((path: string) => boolean)[];
  /** Whether a file with tests counts towards min-files (a committed test file). */
  counts: (path: string) => boolean;
  read: (path: string) => Promise<TestFileFacts | undefined>;
}

/**
 * A pull request does not need every test file to know that the repository has a test suite: unread test
 * files are read, in path order, only until `min` committed files with tests are known and every project
 * has one. When the suite is missing, every candidate ends up read, as on a full scan.
 */
async function readEvidence(unread: string[], e: Evidence): Promise<void> {
  const found = (p: string) => (e.facts.get(p)?.tests ?? 0) > 0;
  const known = [...e.facts.keys()].filter((p) => found(p) && e.counts(p));
  let count = known.length;
  const open = new Set(e.projects.filter((inProject) => !known.some(inProject)));
  for (const path of unread) {
    if (count >= e.min && open.size === 0) return;
    const helps = [...open].filter((inProject) => inProject(path));
    if (count >= e.min && helps.length === 0) continue;
    const facts = await e.read(path);
    if (!facts) continue;
    e.facts.set(path, facts);
    if (facts.tests > 0 && e.counts(path)) {
      count++;
      for (const inProject of helps) open.delete(inProject);
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(paths: readonly string[], max = 3): string {
  const shown = paths.slice(0, max).map((p) => `\`${p}\``).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

export default defineCheck<TestsSettings>({
  meta: META,
  fileTask: testsTask,
  create(ctx, settings) {
    const files = ctx.files.filter((f) => f.kind === 'file');
    const trackedSet = new Set(files.filter((f) => f.tracked).map((f) => f.path));
    // Outside a work tree nothing is "tracked"; every listed file counts.
    const committed = (path: string) => !ctx.git || trackedSet.has(path);
    const paths = files.map((f) => f.path);
    const trackedPaths = paths.filter(committed);
    const ecosystems = ecosystemsIn(trackedPaths);
    const globs = settings.globs ?? ecosystems.flatMap((e) => e.testGlobs);
    const config: TestsConfig = { globs, explicitGlobs: settings.globs !== undefined, required: (settings.required ?? []).map((e) => (typeof e === 'string' ? e : e.path)) };
    const { isTestFile, isRequired, required, isPackageJson } = testMatchers(config);

    const facts = new Map<string, TestFileFacts>();
    const packages = new Map<string, PackageJson>();
    const workflows: WorkflowFile[] = [];
    const otherCi: WorkflowFile[] = [];
    const toRead: string[] = [];

    const report = (finding: FindingInput) => ctx.report(finding);

    // On pull requests, test files are read when changed (focus marks are reported where they are added);
    // the rest only as far as the evidence of a test suite needs them (see readEvidence).
    const wantsTest = (path: string) => !ctx.changed || ctx.changed.has(path);
    return {
      wants: (path) => (wantsTest(path) && isTestFile(path)) || isRequired(path) || isPackageJson(path) || WORKFLOW_GLOB.test(path) || OTHER_CI_FILES.includes(path),
      // Test files are judged in the pass (in any thread); manifests and CI files are read here, in finish.
      task: {
        config,
        accept(path, result) {
          const r = result as TestsResult | undefined;
          if (r === 'read') toRead.push(path);
          else if (r) {
            facts.set(path, r.facts);
            reportMarks(ctx, path, r);
          }
        },
      },
      async finish() {
        for (const path of toRead) {
          const file = await ctx.readText(path);
          if (!file) continue;
          if (isPackageJson(path)) packages.set(path, readPackageJson(file));
          if (WORKFLOW_GLOB.test(path) && committed(path)) workflows.push({ path, text: file.text });
          if (OTHER_CI_FILES.includes(path) && committed(path)) otherCi.push({ path, text: file.text });
          if (isTestFile(path) || isRequired(path)) {
            const found = factsOf(file);
            facts.set(path, found);
            reportMarks(ctx, path, placedMarks(file, found));
          }
        }
        const readText = async (path: string) => (await ctx.readText(path))?.text;
        // Required suites the check's own ignores kept from the pass are still read.
        for (const path of trackedPaths) {
          if (!facts.has(path) && isRequired(path)) {
            const file = await ctx.readText(path);
            if (file) facts.set(path, factsOf(file));
          }
        }
        if (ctx.changed) {
          await readEvidence(trackedPaths.filter((p) => isTestFile(p) && !facts.has(p)), {
            facts,
            min: settings['min-files'] ?? 1,
            projects: projectMarkers(trackedPaths).map(({ ecosystem: eco, path }) => {
              const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
              const ofEcosystem = eco.id === 'javascript' ? isJsPath : picomatch(eco.testGlobs, { dot: true });
              return (p: string) => p.startsWith(dir) && ofEcosystem(p);
            }),
            counts: (p) => isTestFile(p) && committed(p),
            read: async (p) => {
              const file = await ctx.readText(p);
              return file && factsOf(file);
            },
          });
        }
        const testFiles = [...facts.keys()].filter((p) => isTestFile(p) && (facts.get(p)?.tests ?? 0) > 0);
        const committedTests = testFiles.filter(committed);
        const uncommittedTests = testFiles.length - committedTests.length;

        // tests/no-test-script
        let noScript = false;
        const markers = projectMarkers(trackedPaths);
        const seenProjects = new Set<string>();
        for (const { ecosystem: eco, path } of markers) {
          const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
          const key = `${eco.id}:${dir}`;
          if (seenProjects.has(key)) continue;
          seenProjects.add(key);
          const ofEcosystem = eco.id === 'javascript' ? isJsPath : picomatch(eco.testGlobs, { dot: true });
          const testsHere = committedTests.filter((p) => p.startsWith(dir) && ofEcosystem(p));
          const none = testsHere.length === 0 ? ' No test files were found either.' : '';
          if (eco.id === 'javascript') {
            const pkg = packages.get(path);
            if (!pkg) continue;
            if (pkg.error) {
              report({ ruleId: 'tests/no-test-script', message: `${path} ${pkg.error}: its test script cannot be read.`, location: { path, line: 1 }, identity: `${path}:unreadable` });
              noScript = true;
              continue;
            }
            const problem = testScriptProblem(pkg);
            if (!problem) continue;
            const pnpm = await readText(`${dir}pnpm-workspace.yaml`);
            const members = workspacePackages(pkg, pnpm, trackedPaths).filter((p) => p !== path);
            const memberWithTests = members.find((p) => {
              const member = packages.get(p);
              return member && !member.error && !testScriptProblem(member);
            });
            if (memberWithTests) continue;
            noScript = true;
            report({
              ruleId: 'tests/no-test-script',
              message:
                problem.kind === 'missing'
                  ? `${path} has no \`test\` script, so \`npm test\` runs nothing.${none}`
                  : `The \`test\` script of ${path} (\`${problem.script.trim() || '""'}\`) runs no tests.${none}`,
              location: problem.location,
              identity: `${path}:${problem.kind}`,
              help: 'Set `"test"` to the command that runs the suite (e.g. `"vitest run"`, `"jest"`, `"node --test"`), and commit the tests it runs.',
            });
          } else if (testsHere.length === 0) {
            const config = eco.id === 'python' ? await pythonTestConfig(dir, trackedPaths, readText) : undefined;
            if (config) continue;
            noScript = true;
            const what =
              eco.id === 'python'
                ? 'has no tests (`test_*.py`, `*_test.py`) and no pytest, tox or nox configuration'
                : eco.id === 'go'
                  ? 'has no `_test.go` file with a `func Test…`, so `go test ./...` runs nothing'
                  : `has no tests, so \`${eco.runner}\` runs nothing`;
            report({
              ruleId: 'tests/no-test-script',
              message: `This ${eco.name} project (${path}) ${what}.`,
              location: { path, line: 1 },
              identity: key,
            });
          }
        }

        // tests/too-few
        const min = settings['min-files'] ?? 1;
        const anything = ecosystems.length > 0 || settings.globs !== undefined || testFiles.length > 0;
        if (anything && committedTests.length < min && !(committedTests.length === 0 && noScript)) {
          const where = settings.globs ? `matching ${list(settings.globs)}` : "matching the test runners' default globs";
          const extra = uncommittedTests ? ` (${plural(uncommittedTests, 'more file')} with tests ${uncommittedTests === 1 ? 'is' : 'are'} not committed)` : '';
          report({
            ruleId: 'tests/too-few',
            message: `Found ${plural(committedTests.length, 'test file')} with at least one test ${where}${extra}; the policy asks for at least ${min} (min-files, ${ctx.describePolicyPath(['checks', 'tests', 'min-files'])}).`,
            policyPath: ['checks', 'tests', 'min-files'],
            identity: 'too-few',
            help: 'Add tests, or set `globs` when your runner finds test files elsewhere.',
          });
        }

        // tests/required-suite-missing
        for (const [index, { entry, test }] of required.entries()) {
          const matches = paths.filter((p) => test(p));
          const committedMatches = matches.filter(committed);
          const withTests = committedMatches.filter((p) => (facts.get(p)?.tests ?? 0) > 0);
          if (withTests.length) continue;
          let why: string;
          if (matches.length === 0) why = 'matches no file';
          else if (committedMatches.length === 0) why = `matches only files that are not committed (${list(matches)})`;
          else why = `matches ${list(committedMatches)}, but ${committedMatches.length === 1 ? 'it contains' : 'they contain'} no test that runs (no \`it\`/\`test\` call, or every test skipped)`;
          report({
            ruleId: 'tests/required-suite-missing',
            message: `The required test suite ${suiteLabel(settings.required?.[index], entry)} ${why}.`,
            policyPath: ['checks', 'tests', 'required', index],
            identity: entry,
            help: 'Commit the suite with at least one running test, or change `required` if the suite moved.',
          });
        }

        // tests/not-run-in-ci
        if (committedTests.length > 0) {
          const scripts = new Map<string, string[]>();
          const ordered = [...packages.values()].sort((a, b) => a.file.path.split('/').length - b.file.path.split('/').length);
          for (const pkg of ordered) for (const [name, body] of Object.entries(scriptsOf(pkg))) scripts.set(name, [...(scripts.get(name) ?? []), body]);
          const env: CommandEnv = { scripts: (name) => scripts.get(name) ?? [], readText, extra: settings.commands ?? [] };
          const result = await findTestRuns(workflows, otherCi, env);
          if (!result.runs && !result.otherCi) {
            const root = packages.get('package.json');
            const anchor = root && !root.error && scriptsOf(root).test !== undefined ? keyLocation(root.file, ['scripts', 'test']) : undefined;
            report(notRunInCi(result, anchor));
          }
        }

        // The PR view: tests deleted by the pull request.
        if (ctx.scope.kind === 'pr' && ctx.scope.base && ctx.scope.head && ctx.git) {
          let removals: Removal[];
          try {
            removals = await removedFiles(ctx.git, ctx.scope.base, ctx.scope.head);
          } catch (error) {
            ctx.log.warn(`tests: cannot list the files this pull request deletes (${(error as Error).message.split('\n')[0]}); check out with fetch-depth: 0.`);
            removals = [];
          }
          for (const removal of removals) {
            const stillTest = removal.renamedTo !== undefined && (isTestFile(removal.renamedTo) || isRequired(removal.renamedTo));
            if (stillTest) continue;
            const index = required.findIndex((r) => r.test(removal.path));
            const what = removal.renamedTo ? `moves \`${removal.path}\` to \`${removal.renamedTo}\`, which is not a test file` : `deletes \`${removal.path}\``;
            if (index !== -1) {
              report({
                ruleId: 'tests/required-suite-deleted',
                message: `This pull request ${what}, a suite the policy requires (\`${required[index]?.entry}\`, ${ctx.describePolicyPath(['checks', 'tests', 'required', index])}).`,
                location: { path: removal.path },
                identity: removal.path,
              });
            } else if (isTestFile(removal.path)) {
              report({
                ruleId: 'tests/deleted-in-pr',
                message: `This pull request ${what}.`,
                location: { path: removal.path },
                identity: removal.path,
              });
            }
          }
        }
      },
    };
  },
  starter(repo: RepoInfo) {
    const ecosystems = ecosystemsIn(repo.paths);
    const match = picomatch(ecosystems.flatMap((e) => e.testGlobs), { dot: true });
    const tests = repo.paths.filter((p) => match(p) && !NOT_TESTS(p) && (!p.endsWith('.rs') || p.startsWith('tests/')));
    if (!tests.length) return undefined;
    // Each key with why init wrote it; a YAML node where init expects a plain section (it only stringifies it).
    const section = new YAMLMap<Scalar, unknown>();
    const key = (name: string, why: string) => Object.assign(new Scalar(name), { commentBefore: why });
    section.add(new Pair(key('min-files', ` The ${tests.length} test file${tests.length === 1 ? '' : 's'} found: fewer fails the gate.`), tests.length));
    const security = tests.filter((p) => /security|auth/i.test(p));
    if (security.length) section.add(new Pair(key('required', ' The security-focused suites found (by name): each must stay, with a test that runs.'), security.slice(0, 20)));
    return section as unknown as Record<string, unknown>;
  },
});

/** The tests/not-run-in-ci finding for a repository where no workflow runs the tests for every change. */
function notRunInCi(result: CiResult, anchor: Location | undefined): FindingInput {
  const broken = result.broken.length ? ` (${list(result.broken.map((b) => b.path))} could not be read: ${result.broken[0]?.message})` : '';
  if (result.ignored.length) {
    const step = result.ignored[0] as (typeof result.ignored)[number];
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `This step runs the tests (\`${step.command}\`) with \`continue-on-error: true\`: a failing test does not fail the workflow.`,
      location: { path: step.path, line: step.line },
      identity: `ignored:${step.path}`,
      help: 'Remove `continue-on-error`, or run the tests in a step whose failure fails the job.',
    };
  }
  if (result.pushOnly.length) {
    const step = result.pushOnly[0] as (typeof result.pushOnly)[number];
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `The tests run (\`${step.command}\`) on pushes but never for a pull request: ${step.why}. A pull request is merged without them.`,
      location: { path: step.path, line: step.line },
      identity: `push-only:${step.path}`,
      help: 'Add `pull_request` (or `merge_group`, with a merge queue) to the workflow\'s `on:` triggers, and let the job that runs the tests run for it.',
    };
  }
  if (result.elsewhere.length) {
    const step = result.elsewhere[0] as (typeof result.elsewhere)[number];
    return {
      ruleId: 'tests/not-run-in-ci',
      message: `The tests run (\`${step.command}\`) only in a workflow triggered by ${step.triggers.join(', ') || 'nothing'}: never on a push or pull request.`,
      location: { path: step.path, line: step.line },
      identity: `elsewhere:${step.path}`,
      help: 'Add `push` and `pull_request` to the workflow\'s `on:` triggers.',
    };
  }
  if (result.remote.length) {
    const call = result.remote[0] as (typeof result.remote)[number];
    return {
      ruleId: 'tests/not-run-in-ci',
      severity: 'notice',
      message: `No workflow of this repository runs the tests, unless the reusable workflow \`${call.command}\` does: the check cannot read it.`,
      location: { path: call.path, line: call.line },
      identity: `remote:${call.command}`,
      help: 'If that workflow runs the tests, record it with an exception for `tests/not-run-in-ci` and that reason; otherwise add a step that runs them.',
    };
  }
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

/** A required suite in words: its glob, or what the policy says it is. */
function suiteLabel(setting: NonNullable<TestsSettings['required']>[number] | undefined, entry: string): string {
  return typeof setting === 'object' && setting.description ? `(${setting.description}: \`${entry}\`)` : `\`${entry}\``;
}

function reportMarks(ctx: CheckContext, path: string, found: { focused: PlacedMark[]; wholeFileSkip?: PlacedMark }): void {
  const at = (m: PlacedMark) => ({ path, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn });
  for (const mark of found.focused) {
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
