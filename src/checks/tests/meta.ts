import type { CheckMeta } from '../../core/check.js';
import { schemaParts } from '../../policy/schema.js';

export interface TestsSettings {
  'min-files'?: number;
  globs?: string[];
  /** Globs, or `{path, description}` where a glob needs words in messages (a preset's). */
  required?: (string | { path: string; description?: string })[];
  commands?: string[];
}

export const META: CheckMeta = {
  id: 'tests',
  title: 'Test suite',
  description: 'A real test suite is present, includes the required security suites, is not focused or skipped, and runs in CI.',
  covers: [
    'Run the full test suite, including security-focused suites (`tests/authorization-security.test.ts`, `tests/security/*.test.ts`) and ensure the threat model reflects any new gaps.',
    'Ensure input validation (Zod schemas, request size guards) accepts only expected lengths and types by reviewing change diffs or rerunning `tests/security/input-validation.test.ts`.',
    'All tests passing',
  ],
  rules: [
    {
      id: 'tests/no-test-script',
      title: 'No test command',
      description:
        "The project has no way to run its tests: package.json has no `test` script or npm's placeholder (`echo \"Error: no test specified\" && exit 1`, `exit 0`, `true`, empty); a Python, Go or other project has no tests or test configuration at all.",
      severity: 'error',
      securitySeverity: 4.0,
    },
    {
      id: 'tests/too-few',
      title: 'Too few test files',
      description: 'Fewer test files (files with at least one test) than `min-files`, found with the test runners\' default globs or the policy\'s `globs`.',
      severity: 'error',
      securitySeverity: 4.0,
    },
    {
      id: 'tests/required-suite-missing',
      title: 'Required test suite missing',
      description: 'A path or glob of `required` matches no committed file that contains at least one test.',
      severity: 'error',
      securitySeverity: 6.0,
    },
    {
      id: 'tests/not-run-in-ci',
      title: 'Tests not run in CI',
      description:
        'No GitHub workflow (or other CI configuration) runs the tests on pushes or pull requests, or the step that runs them ignores failures (`continue-on-error: true`).',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'tests/focused-or-skipped',
      title: 'Focused or skipped tests committed',
      description:
        '`.only`, `fit`, `fdescribe` (error: the runner silently runs only those tests) or a whole file skipped with `describe.skip`/`xdescribe`/`pytestmark = pytest.mark.skip` (warning).',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'tests/deleted-in-pr',
      title: 'Pull request deletes tests',
      description: 'A pull request deletes test files (renames that stay test files do not count).',
      severity: 'warning',
    },
    {
      id: 'tests/required-suite-deleted',
      title: 'Pull request deletes a required suite',
      description: 'A pull request deletes a file that a `required` entry of the policy names.',
      severity: 'error',
      securitySeverity: 6.0,
    },
  ],
  settings: {
    'min-files': { type: 'integer', minimum: 0, description: 'The fewest test files (with at least one test each) the repository may have. Default: 1.' },
    globs: {
      ...schemaParts.globList,
      description: "Test files, replacing the test runners' default globs (e.g. `[\"src/**/*.test.ts\"]`).",
    },
    required: {
      type: 'array',
      // A string is a glob; anything else must be the object form (if/then/else: one clear message).
      items: {
        if: { type: 'string' },
        then: schemaParts.globList.items,
        else: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: { path: schemaParts.globList.items, description: { type: 'string', minLength: 1, description: 'What the suite is, for messages (e.g. "a security-focused suite").' } },
        },
      },
      description: 'Paths or globs that must each match at least one committed file with at least one test (e.g. security suites); `{path, description}` names what a glob stands for in messages.',
    },
    commands: {
      type: 'array',
      items: { type: 'string', minLength: 2 },
      description: 'Extra commands that run the tests in CI, for project-specific scripts (e.g. `./ci/run-checks.sh`).',
    },
  },
};
