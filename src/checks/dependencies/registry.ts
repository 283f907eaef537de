import type { Policy } from '../../policy/types.js';
import { registryProblem } from '../../util/registry-url.js';

/** The registry audits run against unless the policy, the action input or the CLI names another. */
export const DEFAULT_AUDIT_REGISTRY = 'https://registry.npmjs.org/';

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
