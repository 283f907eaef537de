import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { weakenings } from '../../src/policy/weakening.js';

const policy = (body: string) => loadPolicyText('security-policy.yml', `version: 1\nextends: []\nchecks:\n  dependencies:\n${body}`, { root: '/x', checks: CHECKS });

describe('a pull request that weakens the dependencies section', () => {
  it('dropping require-audit is a weakening, adding it is not', async () => {
    const strict = (await policy('    require-audit: true\n')).policy;
    const lax = (await policy('    fail-on-severity: high\n')).policy;
    const metas = CHECKS.map((c) => c.meta);
    expect(weakenings(strict, lax, metas).map((w) => w.message)).toEqual(['checks.dependencies.require-audit is no longer true']);
    expect(weakenings(lax, strict, metas)).toEqual([]);
  });
});
