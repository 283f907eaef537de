import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  const expect: Record<string, Record<string, string>> = {};
  for (const path of envFiles.filter((p) => PRODUCTION_FILE.test(p))) {
    const text = readSmall(repo.root, path);
    if (!text) continue;
    const present = Object.keys(KNOWN_FLAGS).filter((key) => checkEnvText(text, flattenExpect({ [key]: KNOWN_FLAGS[key] as string }))[0]?.kind !== 'missing');
    if (present.length) expect[path] = Object.fromEntries(present.map((k) => [k, KNOWN_FLAGS[k] as string]));
  }
  if (Object.keys(expect).length) section.expect = expect;
  return section;
}
