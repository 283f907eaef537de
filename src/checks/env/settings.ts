import type { JsonSchema } from '../../core/check.js';
import { schemaParts } from '../../policy/schema.js';

export type ExpectValue = string | number | boolean | { [key: string]: ExpectValue };

/** A variable the example must list: always, or only when the app uses one of some packages. */
export type RequiredEntry = string | { name: string; when?: { uses?: string[] } };

export interface EnvSettings {
  example?: string | string[];
  /** Which example documents which code: code glob → example path(s). */
  'example-for'?: Record<string, string | string[]>;
  monorepo?: 'nearest' | 'root' | 'any';
  required?: RequiredEntry[];
  'ignore-names'?: string[];
  'with-default'?: 'require' | 'relaxed';
  readers?: string[];
  'code-exclude'?: string[];
  'must-ignore'?: string[];
  'must-not-commit'?: string[];
  /** Per file; `false` drops a file a preset expects (its settings live on the platform, not in the repository). */
  expect?: Record<string, Record<string, ExpectValue> | false>;
  'public-prefixes'?: string[];
}

/**
 * Code the check does not read for variables unless the policy re-includes it with `!glob`: data, docs,
 * build output and vendored code. Tests and tools are read, as uses of variables (see roles.ts), not as
 * demands of the deployment.
 */
export const DEFAULT_CODE_EXCLUDE: readonly string[] = [
  '**/*.stories.*', '**/__mocks__/**', '**/testdata/**', '**/fixtures/**', '**/__fixtures__/**', '**/examples/**', '**/example/**', '**/docs/**',
  '**/dist/**', '**/build/**', '**/.next/**', '**/.nuxt/**', '**/.svelte-kit/**', '**/.output/**', '**/coverage/**', '**/vendor/**', '**/node_modules/**', '**/*.min.js',
  '**/.yarn/**', '**/.pnp.*',
];

export const DEFAULT_MUST_NOT_COMMIT: readonly string[] = ['.env', '.env.local', '.env.*.local', '.env.production', '.env.prod', '.env.keys'];

const nameList = {
  type: 'array',
  items: { type: 'string', minLength: 1, pattern: '^!?[A-Za-z0-9_.*?\\[\\]{}-]+$' },
} as const;

const scalar = { type: ['string', 'number', 'boolean'] } as const;

export const SETTINGS_SCHEMA: Record<string, JsonSchema> = {
  example: {
    anyOf: [{ ...schemaParts.glob }, { ...schemaParts.globList }],
    errorMessage: 'example is a path or glob, or a list of them',
    description:
      'The example file(s) that must list every variable the code reads: a path, a glob or a list. Default: every `.env.example`, `.env.sample`, `.env.template`, `.env.*.example`, … in the repository.',
  },
  'example-for': {
    type: 'object',
    propertyNames: { format: 'glob' },
    additionalProperties: { anyOf: [{ ...schemaParts.repoPath }, { ...schemaParts.repoPathList, minItems: 1 }] },
    errorMessage: 'example-for maps code globs to an example path or a list of them',
    description:
      'Which example documents which code, where the nearest example up the tree is not the one: a code glob to an example path (or a list), e.g. `"services/api/**": deploy/api.env.example`. The first glob that matches a file wins; the examples it names must list every variable that code reads.',
  },
  monorepo: {
    enum: ['nearest', 'root', 'any'],
    description:
      'Which example covers a file: `nearest` (default) the example in its directory or the closest parent directory (else any example), `root` the example at the repository root, `any` any example of the repository.',
  },
  required: {
    type: 'array',
    // A string is a name; anything else must be the object form (if/then/else: one clear message, not one per branch).
    items: {
      if: { type: 'string' },
      then: nameList.items,
      else: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when'],
        properties: {
          name: nameList.items,
          when: {
            type: 'object',
            additionalProperties: false,
            required: ['uses'],
            properties: {
              uses: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'Package names: the requirement applies when a package.json of the repository declares one of them.' },
            },
          },
        },
      },
    },
    description:
      'Variables the example must list even if no code reads them: names, or globs such as `SMTP_*` (at least one match). An entry `{name: NEXTAUTH_SECRET, when: {uses: [next-auth]}}` applies only when a package.json declares one of the packages; otherwise it is not evaluated.',
  },
  'with-default': {
    enum: ['relaxed', 'require'],
    description:
      'Variables the code reads with a fallback (`?? x`, `os.getenv("X", x)`, `${X:-x}`, a schema default): `relaxed` (default) requires them in the example only when they are credentials that fall back to a value written in the code, or match `required`; `require` always.',
  },
  'ignore-names': {
    ...nameList,
    description: 'Variables set by the platform that the example need not list, on top of the built-in list (NODE_ENV, CI, PORT, GITHUB_*, VERCEL_*, …); `!NAME` takes a built-in one back.',
  },
  readers: {
    type: 'array',
    items: { type: 'string', pattern: '^(?!.*\\$NAME.*\\$NAME)\\s*\\S.*\\$NAME', description: 'An accessor with $NAME where the name goes.' },
    description: "The project's own accessors, besides the built-in ones: `env('$NAME')`, `config.get(\"$NAME\")`, `config.$NAME` (unquoted: UPPER_CASE names only).",
  },
  'code-exclude': {
    ...schemaParts.globList,
    description: 'Code not searched for variables, on top of the defaults (fixtures, examples, docs, build output, vendored code); `!glob` searches a default-excluded path again, and reads test or tool code under it as application code.',
  },
  'must-ignore': {
    ...schemaParts.repoPathList,
    description: 'Env files `.gitignore` must ignore, at the root and next to every example (names without `/`). Default: the `.env` each example is a template for, and `.env` / `.env.local` where JavaScript tooling loads them; a `.env` committed without credentials is committed on purpose.',
  },
  'must-not-commit': {
    ...schemaParts.globList,
    description: 'Env files that must not be committed with values. Default: [.env, .env.local, .env.*.local, .env.production, .env.prod, .env.keys].',
  },
  expect: {
    type: 'object',
    propertyNames: { format: 'repo-path' },
    additionalProperties: {
      anyOf: [
        {
          type: 'object',
          minProperties: 1,
          additionalProperties: {
            anyOf: [scalar, { type: 'object', additionalProperties: { anyOf: [scalar, { type: 'object', additionalProperties: scalar }] } }],
          },
        },
        { const: false },
      ],
    },
    description:
      'Values production configuration must have, per file: env files (`.env.production`) by variable, YAML/JSON files by key path (`auth.required` or nested maps). Booleans compare as envalid and pydantic read them: true/t/yes/y/on/1 and false/f/no/n/off/0, in any case. `false` instead of a file\'s map drops that file (e.g. one a preset expects).',
  },
  'public-prefixes': {
    type: 'array',
    items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*_$' },
    description: 'Prefixes that expose a variable to the browser, on top of NEXT_PUBLIC_, VITE_, REACT_APP_, PUBLIC_, EXPO_PUBLIC_, NUXT_PUBLIC_, GATSBY_, …',
  },
};
