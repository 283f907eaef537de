import type { CheckMeta } from './check.js';

/**
 * Rules the engine itself reports: about the policy, its exceptions and suppressions, and checks that
 * failed to run. They appear in reports like any check's rules.
 */
export const POLICY_META: CheckMeta = {
  id: 'policy',
  title: 'Policy',
  description: 'The policy itself: exceptions, suppressions, baselines, and checks that could not run.',
  covers: [],
  settings: {},
  rules: [
    {
      id: 'policy/check-error',
      title: 'A check could not run',
      description: 'A check stopped with an error; the gate cannot vouch for what it covers, so it fails.',
      severity: 'error',
    },
    {
      id: 'policy/exception-expired',
      title: 'Expired exception',
      description: 'An exception passed its expiry date: it no longer suppresses anything. Fix the findings or renew it with a reason.',
      severity: 'warning',
    },
    {
      id: 'policy/exception-unused',
      title: 'Exception matches nothing',
      description: 'An exception that suppresses no finding can be removed.',
      severity: 'notice',
    },
    {
      id: 'policy/suppression-without-reason',
      title: 'Inline suppression without a reason',
      description: 'Write why the finding is acceptable: `security-gate-ignore: <rule> -- <reason>`.',
      severity: 'warning',
    },
    {
      id: 'policy/unknown-rule',
      title: 'Suppression names an unknown rule',
      description: 'An inline suppression names a rule that does not exist, so it suppresses nothing.',
      severity: 'warning',
    },
    {
      id: 'policy/weakened',
      title: 'The pull request weakens the policy',
      description:
        'A pull request changes the policy (or its baseline, or the workflow that runs the gate) so that the gate checks less once it is merged: a check turned off, a rule lowered, an exception, ignore or baseline entry added. The pull request is still judged by the base branch\'s policy; approve the change knowingly.',
      severity: 'warning',
    },
    {
      id: 'policy/head-invalid',
      title: "The pull request's policy is invalid",
      description: 'The policy as the pull request leaves it does not load: once merged, every run of the gate fails until it is fixed.',
      severity: 'error',
    },
    {
      id: 'policy/nothing-scanned',
      title: 'Nothing was scanned',
      description:
        'The scan read no file (a wrong directory, an ignore glob that excludes everything, or files that cannot be read), so no check could vouch for anything. Set `allow-empty-scan: true` in the policy when that is expected.',
      severity: 'error',
    },
    {
      id: 'policy/too-many-findings',
      title: 'More findings than a report lists',
      description: 'The scan found more than `limits.max-findings`: the rest are counted, not listed, and fail the gate as they would have. Fix or baseline the bulk, or raise the limit.',
      severity: 'error',
    },
    {
      id: 'policy/baseline-unreadable',
      title: 'Baseline file missing or invalid',
      description: 'The policy names a baseline file that cannot be read; findings it would accept fail the gate.',
      severity: 'warning',
    },
  ],
};
