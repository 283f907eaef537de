import type { FindingInput } from '../../core/finding.js';
import { redactSecret } from '../../util/redact.js';
import { secretIdentity, type Hit } from './hits.js';
import { CONTEXT_NAMES } from './report-policy.js';
import { isDeploymentTemplate, type SecretContext } from './context.js';
import { DEPLOY_WHY } from './rules/defaults.js';
import type { Confidence, SecretRule } from './types.js';

/** The redacted form every output shows: at most the published prefix and the length. */
export function shownSecret(rule: SecretRule, secret: string): string {
  return redactSecret(secret, rule.prefixLength ?? 0);
}

/** Every piece of a secret that an output could carry on its own: the whole, and each line of a block. */
export function redactionPieces(secret: string): string[] {
  const pieces = [secret];
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= 8 && !/^-----(BEGIN|END) /.test(trimmed)) pieces.push(trimmed);
    }
  }
  // JSON escapes quotes and backslashes; register the escaped form too, for reporters' second pass.
  const escaped = JSON.stringify(secret).slice(1, -1);
  if (escaped !== secret) pieces.push(escaped);
  return pieces;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

export interface MessageContext {
  /** The same secret is not in the head any more (known when the diff or tree scope ran). */
  goneFromHead?: boolean;
  /** Found in staged changes, which are not committed yet. */
  staged?: boolean;
  /** Where the secret is and how sure the match is (default: source, the hit's own confidence). */
  context?: SecretContext;
  confidence?: Confidence;
  /** Below the policy's report level, listed only because every candidate was asked for. */
  candidate?: boolean;
}

const EXAMPLE_WHY = 'Examples are copied into installations as they are: a value that looks generated becomes the key of everyone who does not replace it.';

/** Why the finding matters where it is, when that is not obvious. */
function why(hit: Hit, context: MessageContext): string {
  const parts: string[] = [];
  if (hit.rule.why) parts.push(hit.rule.why);
  else if (hit.rule.generic && isDeploymentTemplate(hit.path)) parts.push(DEPLOY_WHY);
  else if (hit.rule.generic && context.context === 'example') parts.push(EXAMPLE_WHY);
  if (context.candidate) {
    parts.push(`(A ${context.confidence ?? hit.confidence}-confidence candidate in ${CONTEXT_NAMES[context.context ?? 'source']}: below the policy's \`report\` level, listed because every candidate was asked for.)`);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export function messageFor(hit: Hit, context: MessageContext = {}): string {
  const shown = `\`${shownSecret(hit.rule, hit.secret)}\``;
  const tail = why(hit, context);
  switch (hit.scope) {
    case 'tree':
      return `${hit.rule.title} committed in this file: ${shown}.${tail}`;
    case 'diff':
      return context.staged ? `${hit.rule.title} in the staged changes (not committed yet): ${shown}.${tail}` : `${hit.rule.title} added by this pull request: ${shown}.${tail}`;
    case 'commits':
      return context.goneFromHead
        ? `${hit.rule.title} added in commit ${short(hit.commit ?? '')} and removed later in the pull request: ${shown}. It stays in the history once merged.${tail}`
        : `${hit.rule.title} added in commit ${short(hit.commit ?? '')}: ${shown}.${tail}`;
  }
}

/** How to remediate, in Markdown: rotate first, then clean the history; how to mark a false positive. */
export function helpFor(hit: Hit, context: MessageContext = {}): string {
  if (context.staged) return stagedHelp(hit);
  const { rule } = hit;
  const revoke = rule.revoke
    ? /^https?:\/\//.test(rule.revoke)
      ? `at ${rule.revoke}`
      : `(${rule.revoke})`
    : `in the ${rule.provider === 'custom' ? 'issuing system' : `${rule.provider} console`}`;
  const lines = [
    `**1. Revoke or rotate it first**, ${revoke}. Deleting the line is not enough: the value has been pushed, so treat it as public. Put the new value in a secret store (e.g. a CI secret) and read it from the environment.`,
  ];
  if (hit.scope === 'commits' || hit.scope === 'diff') {
    lines.push(
      '**2. Keep it out of the history.** Before merging, rewrite the branch so no commit carries it (`git rebase -i <base>` to edit or drop the commit, then `git push --force-with-lease`); a squash merge alone leaves the commits reachable from the pull request.',
    );
  } else {
    lines.push(
      '**2. Remove it from the history** once rotated: `git filter-repo --replace-text expressions.txt` with a line `literal:<the old value>==>REMOVED` (or `git filter-repo --invert-paths --path <file>` for a credential file), force-push, and have every clone re-cloned.',
    );
  }
  lines.push(
    `If it is not a real credential (a test fixture, a revoked example), mark it with \`security-gate-ignore: ${rule.id} -- <reason>\` on the line or an \`allow\` entry in the policy.`,
  );
  if (rule.docs) lines.push(`Format: ${rule.docs}`);
  return lines.join('\n\n');
}

export function findingFor(hit: Hit, context: MessageContext = {}): FindingInput {
  return {
    ruleId: hit.rule.id,
    ...(hit.rule.severity ? { severity: hit.rule.severity } : {}),
    message: messageFor(hit, context),
    location: { path: hit.path, ...hit.span },
    identity: secretIdentity(hit.secret),
    help: helpFor(hit, context),
    ...(hit.commit !== undefined ? { commit: hit.commit } : {}),
    properties: {
      provider: hit.rule.provider,
      scope: hit.scope,
      confidence: context.confidence ?? hit.confidence,
      context: context.context ?? 'source',
      ...(context.candidate ? { candidate: true } : {}),
      secret: shownSecret(hit.rule, hit.secret),
      secretLength: hit.secret.length,
      ...(hit.rule.revoke ? { revoke: hit.rule.revoke } : {}),
    },
  };
}

/** Nothing is in the history yet: taking the value out before the commit is enough, unless it was shared. */
function stagedHelp(hit: Hit): string {
  return [
    '**Take it out before committing**: read the value from the environment or a secret store instead, then stage the file again (`git add`). It is not committed yet, so no history needs rewriting; rotate it if it was ever shared or pushed elsewhere.',
    `If it is not a real credential (a test fixture, a revoked example), mark it with \`security-gate-ignore: ${hit.rule.id} -- <reason>\` on the line or an \`allow\` entry in the policy.`,
  ].join('\n\n');
}
