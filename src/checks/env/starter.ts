import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pair, Scalar, YAMLMap } from 'yaml';
import type { RepoInfo } from '../../core/check.js';
import { checkEnvText, flattenExpect } from './production-flags.js';
import { baseName, dirName, isEnvFileName, isExampleName } from './env-files.js';
import type { EnvSettings } from './settings.js';

/** Security flags whose production value is known, as the seed checklists write them. */
const KNOWN_FLAGS: Record<string, string> = {
  RATE_LIMIT_ENABLED: 'true',
  AUTH_REQUIRED: 'true',
  DEBUG: 'false',
  APP_DEBUG: 'false',
  FLASK_DEBUG: 'false',
  DJANGO_DEBUG: 'false',
  CSRF_ENABLED: 'true',
  SESSION_COOKIE_SECURE: 'true',
  SECURE_COOKIES: 'true',
  FORCE_HTTPS: 'true',
};

const DATABASES = ['@prisma/client', 'prisma', 'drizzle-orm', 'pg', 'postgres', 'mysql2', '@neondatabase/serverless', '@vercel/postgres', '@planetscale/database', 'kysely', 'knex', 'typeorm', 'sequelize', 'mongoose', 'mongodb'];

/** What the `nextjs` preset requires, each when the app uses the service (presets/nextjs.yml; a test keeps the two equal). */
export const NEXTJS_REQUIRED: { name: string; when: { uses: string[] } }[] = [
  { name: 'DATABASE_URL', when: { uses: DATABASES } },
  { name: 'NEXTAUTH_SECRET', when: { uses: ['next-auth'] } },
  { name: 'NEXTAUTH_URL', when: { uses: ['next-auth'] } },
  { name: 'REDIS_URL', when: { uses: ['ioredis', 'redis', '@redis/client', 'bullmq'] } },
  { name: 'SMTP_*', when: { uses: ['nodemailer'] } },
];

/** The preset's requirements for this app, in words: which apply and why, which do not. */
function nextjsRequirements(deps: object): string {
  const applies = NEXTJS_REQUIRED.map((r) => ({ name: r.name, by: r.when.uses.find((u) => u in deps) }));
  const yes = applies.filter((a) => a.by).map((a) => `${a.name} (the app uses ${a.by})`);
  const no = applies.filter((a) => !a.by).map((a) => a.name);
  return [
    ' The nextjs preset requires in the example the variables of the services the app uses:',
    ...(yes.length ? [`   ${yes.join(', ')}`] : ['   none of them yet']),
    ...(no.length ? [`   not ${no.join(', ')}: no package of theirs is a dependency (not evaluated until one is).`] : []),
  ].join('\n');
}

const PRODUCTION_FILE = /(?:^|\/)(?:\.env\.(?:production|prod)|(?:production|prod)\.env)$/;

function readSmall(root: string, path: string): string | undefined {
  try {
    const text = readFileSync(join(root, path), 'utf8');
    return text.length > 256 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The env section `security-gate init` writes: the example file(s) found, and the production flags present. */
export function envStarter(repo: RepoInfo): Record<string, unknown> | undefined {
  const examples = repo.paths.filter((p) => isExampleName(baseName(p)) && !/(?:^|\/)(?:node_modules|examples?|docs|test|tests|fixtures)\//.test(p));
  const envFiles = repo.paths.filter((p) => isEnvFileName(baseName(p)));
  const deps = { ...(repo.packageJson?.dependencies as object | undefined), ...(repo.packageJson?.devDependencies as object | undefined) };
  const usesEnv = examples.length > 0 || envFiles.length > 0 || ['dotenv', '@t3-oss/env-nextjs', '@t3-oss/env-core', 'envalid', 'next'].some((d) => d in deps);
  if (!usesEnv) return undefined;

  const section: EnvSettings & Record<string, unknown> = {};
  const dirs = [...new Set(examples.map(dirName))];
  if (examples.length === 1) section.example = examples[0];
  else if (dirs.length > 1) section.monorepo = 'nearest';
  section['must-ignore'] = ['.env', '.env.local'];

  const expect: Record<string, Record<string, string> | false> = {};
  for (const path of envFiles.filter((p) => PRODUCTION_FILE.test(p))) {
    const text = readSmall(repo.root, path);
    if (!text) continue;
    const present = Object.keys(KNOWN_FLAGS).filter((key) => checkEnvText(text, flattenExpect({ [key]: KNOWN_FLAGS[key] as string }))[0]?.kind !== 'missing');
    if (present.length) expect[path] = Object.fromEntries(present.map((k) => [k, KNOWN_FLAGS[k] as string]));
  }
  if (Object.keys(expect).length) section.expect = expect;
  // A YAML node where init expects a plain section: init only stringifies it, comments included.
  return withReasons(section, examples, 'next' in deps ? nextjsRequirements(deps) : undefined) as unknown as Record<string, unknown>;
}

/** The section as YAML with a comment on each key saying why init wrote it. */
function withReasons(section: Record<string, unknown>, examples: readonly string[], required: string | undefined): YAMLMap {
  const why: Record<string, string> = {
    example: ' The example env file of this repository: it must list every variable the code reads.',
    monorepo: ` Several example files (${examples.slice(0, 3).join(', ')}${examples.length > 3 ? ', …' : ''}): each documents the code under its folder.`,
    'must-ignore': ' Local env files hold real values: git must ignore them.',
    expect: ' Production flags found in the production env file, with the values the checklists ask for.',
  };
  const map = new YAMLMap<Scalar, unknown>();
  for (const [key, value] of Object.entries(section)) {
    const scalar = new Scalar(key);
    if (why[key]) scalar.commentBefore = why[key];
    map.add(new Pair(scalar, value));
  }
  if (required) map.commentBefore = required;
  return map;
}
