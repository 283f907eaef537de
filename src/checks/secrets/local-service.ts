// A credential of a service the same file points at this machine: `QUEUE_TOKEN=…` next to
// `QUEUE_URL=http://127.0.0.1:8080`, `DB_PASSWORD=…` next to `DB_HOST=localhost`. It opens a local emulator
// or dev server (whose defaults are usually published), not a deployment.

/** Prefixes every framework puts in front of its variables: they say nothing about which service. */
const SHARED_PREFIXES = new Set(['APP', 'NEXT', 'NEXT_PUBLIC', 'VITE', 'REACT', 'REACT_APP', 'NUXT', 'PUBLIC', 'PRIVATE', 'SECRET', 'API', 'AUTH', 'NEXTAUTH', 'SERVER', 'CLIENT', 'DJANGO', 'RAILS', 'LARAVEL', 'EXPO', 'GATSBY']);
const LOCAL = '(?:localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|0\\.0\\.0\\.0|\\[::1\\]|host\\.docker\\.internal)';

/** The service an environment-style key belongs to: `QUEUE` of `QUEUE_TOKEN`, `S3` of `NEXT_PUBLIC_S3_SECRET_KEY`. */
function servicePrefix(key: string): string | undefined {
  if (!/^[A-Z][A-Z0-9_]{2,100}$/.test(key)) return undefined;
  const parts = key.split('_').filter(Boolean);
  let i = 0;
  while (i < parts.length - 1 && SHARED_PREFIXES.has(parts[i] as string)) i++;
  if (parts.length - i < 2) return undefined;
  return parts.slice(0, i + 1).join('_');
}

/** True when `text` sets a URL, host or endpoint of the key's service to a local address. */
export function boundToLocalService(key: string | undefined, text: string): boolean {
  if (!key) return false;
  const prefix = servicePrefix(key.replace(/^["']|["']$/g, ''));
  if (!prefix) return false;
  const address = new RegExp(`(?:^|[\\s"'{,])${prefix}_[A-Z0-9_]{0,40}(?:URL|URI|HOST|ENDPOINT|ADDR|ADDRESS|SERVER|BASE)["']?[ \\t]{0,8}[:=][ \\t]{0,8}["']?(?:[a-z][a-z0-9+.-]{1,20}://)?(?:[^\\s@/"']{1,200}@)?${LOCAL}(?![\\w.-])`, 'm');
  return address.test(text);
}
