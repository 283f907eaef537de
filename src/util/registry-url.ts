// A registry URL is judged where the policy is read (a format of its schema) and where a flag or an
// input sets it, so the rule lives outside the dependencies check.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a URL cannot be the audit registry, in words that follow the URL; undefined when it can. */
export function registryProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL (write it like https://registry.npmjs.org/)';
  }
  const loopback = parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopback) return 'is not an https URL (plain http is accepted only for a registry on this machine: 127.0.0.1, localhost, [::1])';
  if (parsed.username || parsed.password) return 'carries credentials: the audit never sends any, so give a registry that needs none';
  if (parsed.search || parsed.hash) return 'has a query or a fragment, which a registry URL never has';
  return undefined;
}
