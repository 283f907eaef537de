import { defineCheck } from '../../core/check.js';
import { evaluate } from './evaluate.js';
import { META } from './meta.js';
import { withAuditRegistry } from './registry.js';
import type { DependencySettings } from './settings.js';
import { starter } from './starter.js';
import { renderDependencySummary } from './summary.js';

/**
 * The `dependencies` check: reads the audit of any npm-ecosystem package manager (or runs it), gates on
 * advisory severity with an expiring allowlist, and checks lockfiles and pinning. An audit that could not
 * be read is a finding of its own, never a pass.
 */
export default defineCheck<DependencySettings>({
  meta: META,
  create(ctx, settings) {
    return {
      async finish() {
        for (const finding of await evaluate(ctx, settings)) ctx.report(finding);
      },
    };
  },
  starter,
  options: [
    {
      name: 'audit-registry',
      type: 'string',
      value: 'URL',
      help: ["the registry dependency audits run against (run: true; default: npm's)"],
      input: true,
      apply: (policy, value) => withAuditRegistry(policy, typeof value === 'string' ? value : undefined),
    },
  ],
  summary: renderDependencySummary,
});
