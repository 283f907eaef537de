import picomatch from 'picomatch';

// Which files are an application's own code, by path: shared by the checks that read its configuration
// (headers, cookies).

/** Tests, fixtures, examples, generated and vendored code: never the app's header configuration. */
const NOT_APP = picomatch(
  [
    '**/node_modules/**', '**/vendor/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**',
    '**/__tests__/**', '**/__mocks__/**', '**/test/**', '**/tests/**', '**/e2e/**', '**/cypress/**', '**/playwright/**',
    '**/fixtures/**', '**/__fixtures__/**', '**/testdata/**', '**/examples/**', '**/example/**', '**/docs/**', '**/.storybook/**',
    '**/mocks/**', '**/mock/**', '**/stubs/**', '**/recordings/**', '**/cassettes/**', '**/__snapshots__/**', '**/spec/**', '**/migrations/**',
    '**/*.{test,spec,stories,d,mock,fixture}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}',
    '**/{test_*,*_test,conftest}.py', '**/*_test.go', '**/*_spec.rb', '**/*Test.php',
  ],
  { dot: true },
);

export function isAppFile(path: string): boolean {
  return !NOT_APP(path);
}

export const JS_SOURCE = /\.(?:[cm]?[jt]sx?)$/;
