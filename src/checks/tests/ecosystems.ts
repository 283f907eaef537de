import picomatch from 'picomatch';

/** A language ecosystem: how to recognise a project of it, its runners' default test files, and a test. */
export interface Ecosystem {
  id: string;
  name: string;
  /** File names (at the project root) that show a project of this ecosystem. */
  markers: RegExp;
  /** The test runners' default globs. */
  testGlobs: string[];
  /** How a test file declares a test (JavaScript is read with the lexer instead, see focus.ts). */
  hasTest?: RegExp;
  /** The command that runs the tests without configuration, for messages. */
  runner: string;
}

const JS_EXT = '{js,jsx,ts,tsx,mjs,cjs,mts,cts}';

export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    id: 'javascript',
    name: 'JavaScript/TypeScript',
    markers: /^package\.json$/,
    // Vitest and Jest (`*.test.*`, `*.spec.*`, `__tests__/`), Cypress (`*.cy.*`), Mocha and node:test (`test/`).
    testGlobs: [`**/*.{test,spec}.${JS_EXT}`, `**/__tests__/**/*.${JS_EXT}`, `**/*.cy.{js,jsx,ts,tsx}`, `test/**/*.{js,mjs,cjs,ts}`, `tests/**/*.{js,mjs,cjs,ts}`, `**/*{-,_}test.{js,mjs,cjs}`],
    runner: 'npm test',
  },
  {
    id: 'python',
    name: 'Python',
    markers: /^(?:pyproject\.toml|setup\.py|setup\.cfg|requirements(?:-[\w-]+)?\.txt|Pipfile|manage\.py)$/,
    testGlobs: ['**/test_*.py', '**/*_test.py', '**/tests.py'],
    hasTest: /^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/m,
    runner: 'pytest',
  },
  {
    id: 'go',
    name: 'Go',
    markers: /^go\.mod$/,
    testGlobs: ['**/*_test.go'],
    hasTest: /^func[ \t]+(?:\([^)]*\)[ \t]*)?(?:Test|Fuzz|Example)\w*[ \t]*\(/m,
    runner: 'go test ./...',
  },
  {
    id: 'rust',
    name: 'Rust',
    markers: /^Cargo\.toml$/,
    testGlobs: ['**/*.rs'],
    hasTest: /#\[(?:[\w:]+::)?test\b/,
    runner: 'cargo test',
  },
  {
    id: 'ruby',
    name: 'Ruby',
    markers: /^Gemfile$/,
    testGlobs: ['**/spec/**/*_spec.rb', '**/test/**/*_test.rb', '**/test/**/test_*.rb'],
    hasTest: /^[ \t]*(?:it|specify|scenario|example|test)[ \t]*(?:\(|['"]|do\b|\{)|^[ \t]*def[ \t]+test_/m,
    runner: 'bundle exec rake test',
  },
  {
    id: 'jvm',
    name: 'Java/Kotlin',
    markers: /^(?:pom\.xml|build\.gradle(?:\.kts)?|settings\.gradle(?:\.kts)?)$/,
    testGlobs: ['**/src/test/**/*.{java,kt,groovy,scala}'],
    hasTest: /@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\b|\btest\s*\(\s*"/,
    runner: 'mvn test / gradle test',
  },
  {
    id: 'php',
    name: 'PHP',
    markers: /^composer\.json$/,
    testGlobs: ['**/tests/**/*Test.php', '**/tests/**/*.php'],
    hasTest: /function[ \t]+test\w*[ \t]*\(|@test\b|#\[Test\]|^\s*(?:it|test)\s*\(\s*['"]/m,
    runner: 'vendor/bin/phpunit',
  },
  {
    id: 'dotnet',
    name: '.NET',
    markers: /\.(?:csproj|fsproj|sln)$/,
    testGlobs: ['**/*Tests.cs', '**/*Test.cs', '**/*Tests.fs', '**/*.Tests/**/*.cs'],
    hasTest: /\[(?:Fact|Theory|Test|TestMethod|TestCase)\b/,
    runner: 'dotnet test',
  },
  {
    id: 'elixir',
    name: 'Elixir',
    markers: /^mix\.exs$/,
    testGlobs: ['**/test/**/*_test.exs'],
    hasTest: /^[ \t]*test[ \t]+"/m,
    runner: 'mix test',
  },
  {
    id: 'dart',
    name: 'Dart',
    markers: /^pubspec\.yaml$/,
    testGlobs: ['**/test/**/*_test.dart'],
    hasTest: /\b(?:test|testWidgets)\s*\(/,
    runner: 'dart test',
  },
  {
    id: 'swift',
    name: 'Swift',
    markers: /^Package\.swift$/,
    testGlobs: ['**/Tests/**/*.swift'],
    hasTest: /func[ \t]+test\w*[ \t]*\(|@Test\b/,
    runner: 'swift test',
  },
];

/** Paths that hold other people's code, generated output or test data, never the project's own tests. */
export const NOT_TESTS = picomatch(
  ['**/node_modules/**', '**/vendor/**', '**/testdata/**', '**/fixtures/**', '**/__fixtures__/**', '**/__snapshots__/**', '**/dist/**', '**/.next/**', '**/coverage/**', '**/target/**'],
  { dot: true },
);

/** Project roots: marker files at the top, or one level down when the top shows no project at all. */
export function projectMarkers(paths: readonly string[]): { ecosystem: Ecosystem; path: string }[] {
  const find = (depth: number) => {
    const out: { ecosystem: Ecosystem; path: string }[] = [];
    for (const path of paths) {
      const slash = path.indexOf('/');
      // Only paths at this depth (0 or 1), checked without splitting every path of a big tree.
      if (depth === 0 ? slash !== -1 : slash === -1 || path.indexOf('/', slash + 1) !== -1) continue;
      const name = path.slice(slash + 1);
      if (!anyMarker(name)) continue;
      if (depth > 0 && /^(?:docs?|examples?|samples?|fixtures|test|tests|scripts|tools|website|\.[^/]*)$/i.test(path.slice(0, slash))) continue;
      for (const ecosystem of ECOSYSTEMS) if (ecosystem.markers.test(name)) out.push({ ecosystem, path });
    }
    return out;
  };
  const top = find(0);
  return top.length ? top : find(1);
}

let markerUnion: RegExp | undefined;
/** Whether a file name is a marker of any ecosystem: one regex instead of one per ecosystem. */
function anyMarker(name: string): boolean {
  markerUnion ??= new RegExp(ECOSYSTEMS.map((e) => `(?:${e.markers.source})`).join('|'), ECOSYSTEMS.some((e) => e.markers.flags.includes('i')) ? 'i' : '');
  return markerUnion.test(name);
}

/** Ecosystems present anywhere in the repository (for which runners' default globs apply). */
export function ecosystemsIn(paths: readonly string[]): Ecosystem[] {
  const found = new Set<Ecosystem>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!anyMarker(name) || NOT_TESTS(path)) continue;
    for (const ecosystem of ECOSYSTEMS) if (ecosystem.markers.test(name)) found.add(ecosystem);
  }
  return ECOSYSTEMS.filter((e) => found.has(e));
}

export function isJsPath(path: string): boolean {
  return /\.(?:[cm]?[jt]sx?)$/.test(path);
}

export function isPythonPath(path: string): boolean {
  return path.endsWith('.py');
}
