/** Names of env files: examples (templates with placeholders) and real ones (with values). */

const EXAMPLE_WORDS = new Set(['example', 'examples', 'sample', 'template', 'dist', 'tpl', 'tmpl']);
/** Final name parts that make a `.env.*` file something else (code, documentation, encrypted vaults). */
const NOT_ENV_ENDINGS = new Set(['js', 'cjs', 'mjs', 'ts', 'cts', 'mts', 'jsx', 'tsx', 'json', 'yml', 'yaml', 'toml', 'py', 'rb', 'sh', 'md', 'txt', 'vault', 'gpg', 'asc', 'age', 'enc', 'bak', 'swp']);

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The directory of a repository path, '' for the root. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Every env or example name has an `env` part. */
function mentionsEnv(base: string): boolean {
  return /env/i.test(base);
}

function parts(base: string): string[] {
  return base.toLowerCase().split('.').filter(Boolean);
}

/** `.env.example`, `.env.sample`, `.env.local.example`, `env.template`, `example.env`, … */
export function isExampleName(base: string): boolean {
  if (!mentionsEnv(base)) return false; // most names of a big tree, without splitting them
  const p = parts(base);
  if (p.length < 2 || !p.includes('env')) return false;
  const last = p[p.length - 1] as string;
  if (EXAMPLE_WORDS.has(last) || (last === 'env' && p.slice(0, -1).some((w) => EXAMPLE_WORDS.has(w)))) return true;
  // `.env.example.complete`, `.env.sample.full`: an example word after `env`, a qualifier after it.
  const env = p.indexOf('env');
  return !NOT_ENV_ENDINGS.has(last) && p.slice(env + 1, -1).some((w) => EXAMPLE_WORDS.has(w));
}

/** `.env`, `.env.local`, `.env.production`, `production.env`: files that hold values. Not examples. */
export function isEnvFileName(base: string): boolean {
  if (!mentionsEnv(base) || isExampleName(base)) return false;
  const p = parts(base);
  if (p.length === 0) return false;
  if (base.startsWith('.env') && p[0] === 'env') return !NOT_ENV_ENDINGS.has(p[p.length - 1] as string);
  return p.length >= 2 && p[p.length - 1] === 'env';
}

/** Env files that are local by convention (`.env.local`, `.env.*.local`). */
export function isLocalEnvName(base: string): boolean {
  return isEnvFileName(base) && /\.local$/i.test(base);
}
