import type { Check } from '../core/check.js';
import type { FindingInput, Location, PolicyPath } from '../core/finding.js';
import { parseBaseline } from '../filters/baseline.js';
import { PolicyError } from './errors.js';
import { loadPolicy, type LoadedPolicy } from './load.js';
import { workingTreeOrigin, type PolicyOrigin } from './origin.js';
import type { RemoteFetcher } from './remote.js';
import { weakenings } from './weakening.js';

/** Which policy judges a pull request: the base branch's (default on pull requests) or the one it brings. */
export type PolicySource = 'base' | 'head';

export interface PullRequestPolicyOptions {
  root: string;
  /** The repository's top (confines the working tree's files). */
  repository: string;
  /** The pull request's base commit, whose policy the pull request is judged by (git, or the API). */
  baseOrigin: PolicyOrigin;
  file?: string;
  checks: readonly Check<never>[];
  remote?: RemoteFetcher;
}

export interface PullRequestPolicy {
  /** The base commit's policy, which decides the verdict. */
  loaded: LoadedPolicy;
  /** What the pull request does to the policy: `policy/weakened` and `policy/head-invalid` findings. */
  findings: FindingInput[];
}

/**
 * Loads the policy of the pull request's base commit (with its extends and baselines, read from git) to
 * judge the pull request, and reports how the policy the pull request brings differs: every way it is
 * weaker, so that a reviewer approves it knowingly, and whether it loads at all.
 */
export async function loadPullRequestPolicy(options: PullRequestPolicyOptions): Promise<PullRequestPolicy> {
  const { baseOrigin } = options;
  const headOrigin = workingTreeOrigin(options.root, options.repository);
  let loaded: LoadedPolicy;
  try {
    loaded = await loadPolicy({ root: options.root, file: options.file, checks: options.checks, remote: options.remote, origin: baseOrigin });
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new PolicyError(error.problems.map((p) => ({ ...p, message: `in ${baseOrigin.label} (the policy that judges pull requests): ${p.message}` })));
    }
    throw error;
  }
  let head: LoadedPolicy;
  try {
    head = await loadPolicy({ root: options.root, file: options.file, checks: options.checks, remote: options.remote, origin: headOrigin });
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    const findings = error.problems.map((p) => ({
      ruleId: 'policy/head-invalid',
      message: `The policy this pull request leaves behind does not load: ${p.message}. Once merged, every run of the gate fails.`,
      location: { path: p.file, line: p.line, column: p.column },
      identity: `${p.file}:${p.key ?? ''}:${p.message}`,
    }));
    return { loaded, findings };
  }
  const metas = options.checks.map((c) => c.meta);
  const findings: FindingInput[] = weakenings(loaded.policy, head.policy, metas).map((w) => ({
    ruleId: 'policy/weakened',
    message: `This pull request weakens the policy: ${w.message}. It is judged by ${baseOrigin.label}'s policy; once merged, the gate checks less.`,
    location: placeIn(head, loaded, w.path),
    identity: w.identity,
  }));
  findings.push(...(await baselineAdditions(loaded, head, baseOrigin, headOrigin)));
  return { loaded, findings };
}

/** Where a change is written: in the pull request's policy file, else where the base had it. */
function placeIn(head: LoadedPolicy, base: LoadedPolicy, path: PolicyPath): Location | undefined {
  if (head.source) return head.locate(path);
  // The pull request deletes the policy file: the base's line is the one a reviewer should look at.
  return base.source ? { path: base.source.file, line: 1 } : undefined;
}

/** Fingerprints the pull request adds to a baseline the policy reads: findings it hides from the gate. */
async function baselineAdditions(base: LoadedPolicy, head: LoadedPolicy, baseOrigin: PolicyOrigin, headOrigin: PolicyOrigin): Promise<FindingInput[]> {
  const paths = new Set([head.policy.baseline, ...Object.values(head.policy.checks).map((s) => s.baseline)].filter((p): p is string => typeof p === 'string'));
  const basePaths = new Set([base.policy.baseline, ...Object.values(base.policy.checks).map((s) => s.baseline)]);
  const findings: FindingInput[] = [];
  for (const path of paths) {
    let text: string;
    let after: Set<string>;
    try {
      text = await headOrigin.read(path);
      after = parseBaseline(text, path);
    } catch {
      continue; // An unreadable baseline is reported by the scan itself.
    }
    let before = new Set<string>();
    if (basePaths.has(path)) {
      try {
        before = parseBaseline(await baseOrigin.read(path), path);
      } catch {
        before = new Set();
      }
    }
    const added = [...after].filter((f) => !before.has(f));
    if (!added.length) continue;
    const first = text.indexOf(added[0] as string);
    const line = first === -1 ? 1 : text.slice(0, first).split('\n').length;
    findings.push({
      ruleId: 'policy/weakened',
      message: `This pull request adds ${added.length} finding(s) to the baseline ${path}: once merged, they stop failing the gate. The pull request itself is judged by ${baseOrigin.label}'s baseline.`,
      location: { path, line },
      identity: `baseline-entries:${path}:${added.sort().join(',')}`,
    });
  }
  return findings;
}
