import picomatch from 'picomatch';
import type { FileTask } from '../../core/check.js';
import { blankComments } from '../../lang/comments.js';
import type { SourceFile } from '../../sources/source-file.js';
import { OTHER_CI_FILES, WORKFLOW_GLOB } from './ci.js';
import { ECOSYSTEMS, isJsPath, NOT_TESTS, type Ecosystem } from './ecosystems.js';
import { countTests, jsTestFacts, pythonTestFacts, rubyTestFacts, type TestFileFacts } from './test-calls.js';

const BY_EXTENSION: Record<string, string> = {
  go: 'go',
  rs: 'rust',
  java: 'jvm',
  kt: 'jvm',
  groovy: 'jvm',
  scala: 'jvm',
  php: 'php',
  cs: 'dotnet',
  fs: 'dotnet',
  exs: 'elixir',
  dart: 'dart',
  swift: 'swift',
};

function ecosystem(id: string): Ecosystem {
  return ECOSYSTEMS.find((e) => e.id === id) as Ecosystem;
}

/** Tests and focus marks of one file, by its language. */
export function factsOf(file: SourceFile): TestFileFacts {
  const path = file.path;
  if (isJsPath(path)) return jsTestFacts(path, file.text);
  if (path.endsWith('.py')) return pythonTestFacts(blankComments(path, file.text), ecosystem('python').hasTest as RegExp);
  if (path.endsWith('.rb')) return rubyTestFacts(blankComments(path, file.text), ecosystem('ruby').hasTest as RegExp);
  const ext = path.slice(path.lastIndexOf('.') + 1);
  const id = BY_EXTENSION[ext];
  if (id) return { tests: countTests(blankComments(path, file.text), ecosystem(id).hasTest as RegExp), focused: [] };
  // A language this check does not know: a non-empty file counts as one test.
  return { tests: file.text.trim() ? 1 : 0, focused: [] };
}

export interface TestsConfig {
  /** The test globs in force: the policy's, or those of the ecosystems the repository uses. */
  globs: string[];
  /** The policy set `globs`: its matches are tests even where the defaults would exclude them. */
  explicitGlobs: boolean;
  required: string[];
}

/** A mark to report, placed in the worker that read the file. */
export interface PlacedMark {
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  lineText: string;
}

export interface PlacedMarks {
  focused: PlacedMark[];
  wholeFileSkip?: PlacedMark;
  /** JavaScript: every test of the file that runs is focused (nothing in the file is left out). */
  allFocused?: boolean;
}

export type TestsResult = ({ facts: TestFileFacts } & PlacedMarks) | 'read';

/** Matchers of the config, the same in every thread. */
export function testMatchers(config: TestsConfig) {
  const matchGlobs = config.globs.length ? picomatch(config.globs, { dot: true }) : () => false;
  const isTestFile = (path: string) => matchGlobs(path) && (config.explicitGlobs || !NOT_TESTS(path));
  const required = config.required.map((entry) => ({ entry, test: picomatch(entry.replace(/^\.\//, ''), { dot: true }) }));
  const isRequired = (path: string) => required.some((r) => r.test(path));
  const isPackageJson = (path: string) => (path === 'package.json' || path.endsWith('/package.json')) && !path.includes('node_modules/');
  return { isTestFile, isRequired, required, isPackageJson };
}

/**
 * Test files are judged where they are read (tests counted, focus marks placed); manifests and CI files
 * come back as 'read': the check reads those few itself.
 */
export const testsTask: FileTask<TestsConfig, TestsResult | undefined> = {
  prepare(config) {
    const { isTestFile, isRequired, isPackageJson } = testMatchers(config);
    return (file: SourceFile) => {
      const path = file.path;
      if (isPackageJson(path) || WORKFLOW_GLOB.test(path) || OTHER_CI_FILES.includes(path)) return 'read';
      if (!isTestFile(path) && !isRequired(path)) return undefined;
      const facts = factsOf(file);
      return { facts: { tests: facts.tests, focused: [] }, ...placedMarks(file, facts) };
    };
  },
};

/** The focus and skip marks of a file, placed in lines and columns. */
export function placedMarks(file: SourceFile, facts: TestFileFacts): PlacedMarks {
  const place = (mark: { text: string; start: number; end: number }): PlacedMark => ({ text: mark.text, ...file.span(mark.start, mark.end), lineText: file.lineText(file.position(mark.start).line) });
  const placed: PlacedMarks = { focused: facts.focused.map(place), ...(facts.unfocused === 0 ? { allFocused: true } : {}) };
  if (facts.wholeFileSkip) placed.wholeFileSkip = place(facts.wholeFileSkip);
  return placed;
}
