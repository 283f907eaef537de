import picomatch from 'picomatch';
import { Pair, Scalar, YAMLMap } from 'yaml';
import { defineCheck, type CheckContext, type RepoInfo } from '../../core/check.js';
import { OTHER_CI_FILES, WORKFLOW_GLOB, type WorkflowFile } from './ci.js';
import { ecosystemsIn, NOT_TESTS, projectMarkers, type Ecosystem } from './ecosystems.js';
import { META, type TestsSettings } from './meta.js';
import { deletedInPr, focusedOrSkipped, inProject, noTestScript, notRunInCi, requiredSuiteMissing, tooFew, type TestsFacts } from './rules.js';
import { readPackageJson, type PackageJson } from './test-command.js';
import type { TestFileFacts } from './test-calls.js';
import { factsOf, placedMarks, testMatchers, testsTask, type TestsConfig, type TestsResult } from './task.js';

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

/** The files of the scan as the tests check sees them, and the matchers of its settings. */
interface Scope {
  paths: string[];
  trackedPaths: string[];
  committed: (path: string) => boolean;
  ecosystems: Ecosystem[];
  config: TestsConfig;
  matchers: ReturnType<typeof testMatchers>;
}

function scopeOf(ctx: CheckContext, settings: TestsSettings): Scope {
  const files = ctx.files.filter((f) => f.kind === 'file');
  const trackedSet = new Set(files.filter((f) => f.tracked).map((f) => f.path));
  // Outside a work tree nothing is "tracked"; every listed file counts.
  const committed = (path: string) => !ctx.git || trackedSet.has(path);
  const paths = files.map((f) => f.path);
  const trackedPaths = paths.filter(committed);
  const ecosystems = ecosystemsIn(trackedPaths);
  const globs = settings.globs ?? ecosystems.flatMap((e) => e.testGlobs);
  const config: TestsConfig = { globs, explicitGlobs: settings.globs !== undefined, required: (settings.required ?? []).map((e) => (typeof e === 'string' ? e : e.path)) };
  return { paths, trackedPaths, committed, ecosystems, config, matchers: testMatchers(config) };
}

/** What the pass hands over: test files judged in it, and the files it leaves to finish to read. */
interface Pass {
  facts: Map<string, TestFileFacts>;
  toRead: string[];
}

/**
 * The collect phase's end: the manifests, CI files and test files the pass left are read (focus marks
 * reported where they are read), required suites kept from the pass by ignores too, and on pull requests
 * as many unchanged test files as the evidence of a test suite needs.
 */
async function collect(ctx: CheckContext, settings: TestsSettings, scope: Scope, pass: Pass): Promise<TestsFacts> {
  const { committed, trackedPaths } = scope;
  const { isTestFile, isRequired, isPackageJson } = scope.matchers;
  const { facts } = pass;
  const packages = new Map<string, PackageJson>();
  const workflows: WorkflowFile[] = [];
  const otherCi: WorkflowFile[] = [];
  for (const path of pass.toRead) {
    const file = await ctx.readText(path);
    if (!file) continue;
    if (isPackageJson(path)) packages.set(path, readPackageJson(file));
    if (WORKFLOW_GLOB.test(path) && committed(path)) workflows.push({ path, text: file.text });
    if (OTHER_CI_FILES.includes(path) && committed(path)) otherCi.push({ path, text: file.text });
    if (isTestFile(path) || isRequired(path)) {
      const found = factsOf(file);
      facts.set(path, found);
      focusedOrSkipped(ctx, path, placedMarks(file, found));
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
      projects: projectMarkers(trackedPaths).map(({ ecosystem: eco, path }) => inProject(eco, path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '')),
      counts: (p) => isTestFile(p) && committed(p),
      read: async (p) => {
        const file = await ctx.readText(p);
        return file && factsOf(file);
      },
    });
  }
  const testFiles = [...facts.keys()].filter((p) => isTestFile(p) && (facts.get(p)?.tests ?? 0) > 0);
  const { paths, ecosystems } = scope;
  const { required } = scope.matchers;
  return { ctx, settings, paths, trackedPaths, committed, ecosystems, isTestFile, isRequired, required, facts, packages, workflows, otherCi, testFiles, committedTests: testFiles.filter(committed), readText };
}

export default defineCheck<TestsSettings>({
  meta: META,
  fileTask: testsTask,
  create(ctx, settings) {
    const scope = scopeOf(ctx, settings);
    const { isTestFile, isRequired, isPackageJson } = scope.matchers;
    const pass: Pass = { facts: new Map(), toRead: [] };
    // On pull requests, test files are read when changed (focus marks are reported where they are added);
    // the rest only as far as the evidence of a test suite needs them (see readEvidence).
    const wantsTest = (path: string) => !ctx.changed || ctx.changed.has(path);
    return {
      wants: (path) => (wantsTest(path) && isTestFile(path)) || isRequired(path) || isPackageJson(path) || WORKFLOW_GLOB.test(path) || OTHER_CI_FILES.includes(path),
      // Test files are judged in the pass (in any thread); manifests and CI files are read here, in finish.
      task: {
        config: scope.config,
        accept(path, result) {
          const r = result as TestsResult | undefined;
          if (r === 'read') pass.toRead.push(path);
          else if (r) {
            pass.facts.set(path, r.facts);
            focusedOrSkipped(ctx, path, r);
          }
        },
      },
      async finish() {
        const facts = await collect(ctx, settings, scope, pass);
        // One function per rule, in the order their findings are reported.
        const noScript = await noTestScript(facts);
        tooFew(facts, noScript);
        requiredSuiteMissing(facts);
        await notRunInCi(facts);
        await deletedInPr(facts);
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
