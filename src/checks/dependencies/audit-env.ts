import { homedir } from 'node:os';
import { join } from 'node:path';

/** The private directories and empty config files an audit runs with (see audit-copy.ts). */
export interface AuditDirs {
  home: string;
  tmp: string;
  cache: string;
  userconfig: string;
  globalconfig: string;
}

/**
 * The only variables taken from the job's environment: what finds programs and sets the locale, and the
 * network setup the runner gives every step (proxies, an extra CA). Nothing else: no INPUT_*, no tokens,
 * no npm_config_* of the job.
 */
const FROM_JOB = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS'];
const FROM_JOB_ON_WINDOWS = ['SystemRoot', 'ComSpec', 'PATHEXT', 'windir'];

/**
 * Settings that keep a package manager from running or reading anything the repository provides: no
 * lifecycle scripts, no pnpmfile hooks, no `yarn-path` release, no package manager that Corepack would
 * download for the project, no prompts.
 */
const FIXED: Record<string, string> = {
  npm_config_ignore_scripts: 'true',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_ignore_pnpmfile: 'true',
  pnpm_config_ignore_pnpmfile: 'true',
  YARN_IGNORE_PATH: '1',
  YARN_ENABLE_SCRIPTS: '0',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  COREPACK_ENABLE_STRICT: '0',
  CI: 'true',
};

function lookup(env: NodeJS.ProcessEnv, name: string, windows: boolean): string | undefined {
  if (env[name] !== undefined) return env[name];
  if (!windows) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(env).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : env[key];
}

/** The whole environment of a package manager run: allow-listed job variables, private directories, fixed settings. */
export function auditEnv(jobEnv: NodeJS.ProcessEnv, dirs: AuditDirs, registry: string, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const windows = platform === 'win32';
  const env: NodeJS.ProcessEnv = {};
  for (const name of windows ? [...FROM_JOB, ...FROM_JOB_ON_WINDOWS] : FROM_JOB) {
    const value = lookup(jobEnv, name, windows);
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    HOME: dirs.home,
    ...(windows ? { USERPROFILE: dirs.home, APPDATA: join(dirs.home, 'AppData', 'Roaming'), LOCALAPPDATA: join(dirs.home, 'AppData', 'Local') } : {}),
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    // Where Corepack keeps the package managers it installed; under the private HOME it would fetch them again.
    COREPACK_HOME: lookup(jobEnv, 'COREPACK_HOME', windows) ?? corepackHome(jobEnv, windows),
    npm_config_userconfig: dirs.userconfig,
    npm_config_globalconfig: dirs.globalconfig,
    npm_config_cache: dirs.cache,
    npm_config_registry: registry,
    ...FIXED,
  };
}

function corepackHome(jobEnv: NodeJS.ProcessEnv, windows: boolean): string {
  if (windows) return join(lookup(jobEnv, 'LOCALAPPDATA', true) ?? homedir(), 'node', 'corepack');
  return join(lookup(jobEnv, 'XDG_CACHE_HOME', false) ?? join(lookup(jobEnv, 'HOME', false) ?? homedir(), '.cache'), 'node', 'corepack');
}
