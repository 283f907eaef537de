import type { Policy } from '../../policy/types.js';

/** The registry audits run against unless the policy, the action input or the CLI names another. */
export const DEFAULT_AUDIT_REGISTRY = 'https://registry.npmjs.org/';

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

/** The registry URL as package managers take it: with a trailing slash. */
export function normaliseRegistry(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.href;
}

/**
 * Sets `checks.dependencies.registry` from the action input or the CLI flag, which override the policy.
 * A policy without a dependencies section gets none: a section that exists is enabled.
 */
export function withAuditRegistry(policy: Policy, url: string | undefined): void {
  if (!url) return;
  const problem = registryProblem(url);
  if (problem) throw new Error(`audit-registry ${problem}`);
  const section = policy.checks.dependencies;
  if (section) policy.checks.dependencies = { ...section, registry: normaliseRegistry(url) };
}
