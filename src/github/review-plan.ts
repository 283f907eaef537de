import { compareFindings, type Finding } from '../core/finding.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { mdCode, mdInline } from '../reporters/markdown-cell.js';
import { LIMITS, clampChars } from './limits.js';
import { findingMarker, markedFingerprints } from './markers.js';

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', notice: '🔵' };

/** A review comment as the create-review API takes it: on the new side of the diff. */
export interface DraftComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

/** What the review API tells us about an existing review comment. */
export interface ExistingComment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
  in_reply_to_id?: number | null;
}

export interface ReviewPlan {
  /** New inline comments, at most 30. */
  comments: DraftComment[];
  /** Findings on changed lines beyond the 30: listed in the review body. */
  overflow: Finding[];
  /** Findings on changed lines that already have a comment (or a line in an earlier review body). */
  alreadyPosted: number;
  /** Comments of this action whose finding is gone and nobody replied to: deleted. */
  stale: number[];
  /** Stale comments left in place because someone replied. */
  staleWithReplies: number;
}

/** Where a finding sits in the diff, or undefined when it is not on lines the pull request added. */
export function anchor(finding: Finding, changed: ReadonlyMap<string, ReadonlySet<number>>): { line: number; startLine?: number } | undefined {
  const loc = finding.location;
  if (!loc) return undefined;
  const added = changed.get(loc.path);
  if (!added) return undefined;
  // A finding about a whole file (no line) is placed on its first line when the pull request added it.
  const start = loc.line ?? 1;
  if (!added.has(start)) return undefined;
  const end = loc.endLine ?? start;
  if (end > start) {
    // A multi-line comment must stay inside one hunk: every line of the range added.
    for (let l = start + 1; l <= end; l++) if (!added.has(l)) return { line: start };
    return { line: end, startLine: start };
  }
  return { line: start };
}

/**
 * A finding as a review comment. Messages quote the repository's code and rules can come from the policy,
 * so every part is inline Markdown that cannot add a heading, HTML (nor an HTML comment that would pass
 * for this action's hidden marker), a link or an image.
 */
export function commentBody(finding: Finding, key: string, ruleTitle?: string): string {
  const title = mdInline(ruleTitle ?? finding.ruleId);
  const parts = [`**${ICON[finding.severity]} ${title}** (${mdCode(finding.ruleId)})`, '', mdInline(finding.message)];
  if (finding.help) parts.push('', '<details><summary>How to fix</summary>', '', mdInline(finding.help), '', '</details>');
  const marker = findingMarker(key, finding.fingerprint);
  return `${clampChars(parts.join('\n'), LIMITS.commentBody - marker.length - 2)}\n\n${marker}`;
}

/** An existing comment is this action's own when it carries the marker and a bot wrote it. */
function isOwn(comment: ExistingComment, key: string): boolean {
  return comment.user?.type === 'Bot' && markedFingerprints(comment.body, key).length > 0;
}

/**
 * Decides what one run posts and removes. Pure: the API calls are made by `publishReview`.
 * - a finding on added lines gets a comment unless a comment or review body already marks its fingerprint;
 * - the most severe findings get the 30 inline comments, the rest are listed in the review body;
 * - this action's comments whose finding is no longer reported are deleted unless someone replied.
 */
export function planReview(options: {
  findings: readonly Finding[];
  changed: ReadonlyMap<string, ReadonlySet<number>>;
  comments: readonly ExistingComment[];
  /** Bodies of earlier reviews (their lists of findings beyond the inline limit). */
  reviewBodies: readonly (string | null | undefined)[];
  key: string;
  titles: ReadonlyMap<string, string>;
  maxComments?: number;
}): ReviewPlan {
  const { key } = options;
  const posted = new Set<string>();
  for (const c of options.comments) for (const fp of markedFingerprints(c.body, key)) posted.add(fp);
  for (const body of options.reviewBodies) for (const fp of markedFingerprints(body, key)) posted.add(fp);

  const onDiff = options.findings
    .map((finding) => ({ finding, at: anchor(finding, options.changed) }))
    .filter((x): x is { finding: Finding; at: { line: number; startLine?: number } } => !!x.at)
    .sort((a, b) => compareSeverity(a.finding.severity, b.finding.severity) || compareFindings(a.finding, b.finding));
  const fresh = onDiff.filter((x) => !posted.has(x.finding.fingerprint));
  // One comment per fingerprint, even if two findings share one.
  const seen = new Set<string>();
  const unique = fresh.filter((x) => !seen.has(x.finding.fingerprint) && !!seen.add(x.finding.fingerprint));
  const max = options.maxComments ?? LIMITS.reviewComments;
  const comments = unique.slice(0, max).map(({ finding, at }) => {
    const draft: DraftComment = { path: finding.location?.path as string, line: at.line, side: 'RIGHT', body: commentBody(finding, key, options.titles.get(finding.ruleId)) };
    if (at.startLine !== undefined) Object.assign(draft, { start_line: at.startLine, start_side: 'RIGHT' });
    return draft;
  });

  const current = new Set(options.findings.map((f) => f.fingerprint));
  const repliedTo = new Set(options.comments.map((c) => c.in_reply_to_id).filter((id): id is number => typeof id === 'number'));
  const stale: number[] = [];
  let staleWithReplies = 0;
  for (const c of options.comments) {
    if (c.in_reply_to_id || !isOwn(c, key)) continue;
    if (markedFingerprints(c.body, key).some((fp) => current.has(fp))) continue;
    if (repliedTo.has(c.id)) staleWithReplies++;
    else stale.push(c.id);
  }
  return { comments, overflow: unique.slice(max).map((x) => x.finding), alreadyPosted: onDiff.length - fresh.length, stale, staleWithReplies };
}

/** The review's own text: what it holds, and the findings beyond the inline limit (each marked). */
export function reviewBody(plan: ReviewPlan, options: { key: string; checkName: string; titles: ReadonlyMap<string, string>; detailsUrl?: string }): string {
  const total = plan.comments.length + plan.overflow.length;
  const lines = [`### ${options.checkName}: ${total} finding${total === 1 ? '' : 's'} on lines this pull request changed`, ''];
  if (plan.overflow.length) {
    lines.push(`${plan.comments.length} are commented on their lines; the other ${plan.overflow.length}:`, '');
    for (const f of plan.overflow) {
      const where = `${f.location?.path ?? ''}${f.location?.line ? `:${f.location.line}` : ''}`;
      const message = mdInline(clampChars(f.message.replace(/\r?\n/g, ' '), 500));
      lines.push(`- ${ICON[f.severity]} ${mdCode(where)} **${mdInline(options.titles.get(f.ruleId) ?? f.ruleId)}** (${mdCode(f.ruleId)}): ${message} ${findingMarker(options.key, f.fingerprint)}`);
    }
    lines.push('');
  }
  if (options.detailsUrl) lines.push(`Every finding of this run: ${options.detailsUrl}`);
  let body = lines.join('\n');
  if (body.length > LIMITS.commentBody) {
    body = body.slice(0, LIMITS.commentBody - 200);
    body = `${body.slice(0, body.lastIndexOf('\n'))}\n\n> ✂️ More findings were cut to fit the size limit; the check run lists them all.`;
  }
  return body;
}
