import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoInfo } from '../../core/check.js';
import { parseDotenv } from './dotenv-parse.js';
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

/** What the `nextjs` preset requires (presets/nextjs.yml; a test keeps the two equal). */
export const NEXTJS_REQUIRED = ['DATABASE_URL', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'REDIS_URL', 'SMTP_*', 'RATE_LIMIT_*'];

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
  // init proposes the `nextjs` preset for Next.js apps: keep what of its checklist the repository meets today,
  // so that the starter passes and tightening it is a visible edit.
  if ('next' in deps) {
    const listed = examples.flatMap((p) => [...parseDotenv(readSmall(repo.root, p) ?? '').byKey.keys()]);
    section.required = NEXTJS_REQUIRED.filter((n) => (n.endsWith('*') ? listed.some((v) => v.startsWith(n.slice(0, -1))) : listed.includes(n)));
    if (!envFiles.includes('.env.production')) expect['.env.production'] = false;
  }
  if (Object.keys(expect).length) section.expect = expect;
  return section;
}
