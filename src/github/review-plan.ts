import { compareFindings, type Finding } from '../core/finding.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { mdCode, mdInline } from '../util/markdown-cell.js';
import { LIMITS, clampBytes } from './limits.js';
import { findingMarker, knownFingerprints, markedFingerprints, shortFingerprint } from './markers.js';

export const ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', notice: '🔵' };

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
  /** Null when the comment is outdated: its line is no longer in the pull request's diff. */
  line?: number | null;
}

export interface ReviewPlan {
  /** New inline comments: as many as leave at most 30 of this action's comments alive on the pull request. */
  comments: DraftComment[];
  /** The findings of `comments`, in the same order. */
  commented: Finding[];
  /** New findings on changed lines with no room inline: listed (or counted) in the review body, and marked. */
  listed: Finding[];
  /** Findings only in commits of the pull request, not reported before: listed with their commit. */
  history: Finding[];
  /** Findings on changed lines that already have a comment or a line in an earlier review body. */
  alreadyPosted: number;
  /** Findings listed in an earlier body, or whose comment went out of date, commented inline this time. */
  promoted: number;
  /** Comments of this action to delete: their finding is gone, or commented again on its current line. */
  stale: number[];
  /** Of `stale`, the out-of-date comments whose finding is commented again this run. */
  replaced: number[];
  /** Comments left in place because someone replied. */
  staleWithReplies: number;
}

/** Where a finding sits in the diff, or undefined when it is not on lines the pull request added. */
export function anchor(finding: Finding, changed: ReadonlyMap<string, ReadonlySet<number>>): { line: number; startLine?: number } | undefined {
  const loc = finding.location;
  // A finding of a commit has that commit's line numbers, not the head's.
  if (!loc || finding.commit) return undefined;
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
  return `${clampBytes(parts.join('\n'), LIMITS.commentBytes - marker.length - 2)}\n\n${marker}`;
}

/** An existing comment is this action's own when it carries the marker and a bot wrote it. */
function isOwn(comment: ExistingComment, key: string): boolean {
  return comment.user?.type === 'Bot' && markedFingerprints(comment.body, key).length > 0;
}

/**
 * Decides what one run posts and removes. Pure: the API calls are made by `publishReview`.
 * - at most 30 of this action's inline comments are alive on a pull request: a run comments as many new
 *   findings as leave room, most severe first, then in path and line order; a finding listed in an earlier
 *   review body, or whose comment went out of date, gets its inline comment when there is room;
 * - new findings without room are listed in the review body, and marked there: a re-run knows every
 *   finding already reported, inline or in a body, and posts nothing twice;
 * - findings only in commits of the pull request are listed with their commit, never commented on a line;
 * - this action's comments whose finding is gone are deleted unless someone replied.
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
  const current = new Set(options.findings.map((f) => f.fingerprint));
  const own = options.comments.filter((c) => !c.in_reply_to_id && isOwn(c, key));
  const repliedTo = new Set(options.comments.map((c) => c.in_reply_to_id).filter((id): id is number => typeof id === 'number'));
  // By short fingerprint: the compact lists of review bodies hold only that much.
  const alive = new Set<string>();
  const outdated = new Map<string, ExistingComment[]>();
  for (const c of own) {
    for (const fp of markedFingerprints(c.body, key)) {
      const short = shortFingerprint(fp);
      if (c.line === null) outdated.set(short, [...(outdated.get(short) ?? []), c]);
      else alive.add(short);
    }
  }
  const listed = new Set<string>();
  for (const body of options.reviewBodies) for (const short of knownFingerprints(body, key)) listed.add(short);

  const seen = new Set<string>();
  const onDiff = options.findings
    .map((finding) => ({ finding, at: anchor(finding, options.changed), short: shortFingerprint(finding.fingerprint) }))
    .filter((x): x is { finding: Finding; at: { line: number; startLine?: number }; short: string } => !!x.at)
    .filter((x) => !seen.has(x.finding.fingerprint) && !!seen.add(x.finding.fingerprint))
    .sort((a, b) => compareSeverity(a.finding.severity, b.finding.severity) || compareFindings(a.finding, b.finding));
  const fresh = onDiff.filter((x) => !alive.has(x.short) && !outdated.has(x.short) && !listed.has(x.short));
  const candidates = onDiff.filter((x) => !alive.has(x.short));
  const liveCount = own.filter((c) => c.line !== null && markedFingerprints(c.body, key).some((fp) => current.has(fp))).length;
  const room = Math.max(0, (options.maxComments ?? LIMITS.reviewComments) - liveCount);
  const inline = candidates.slice(0, room);
  const inlineSet = new Set(inline.map((x) => x.finding.fingerprint));
  const comments = inline.map(({ finding, at }) => {
    const draft: DraftComment = { path: finding.location?.path as string, line: at.line, side: 'RIGHT', body: commentBody(finding, key, options.titles.get(finding.ruleId)) };
    if (at.startLine !== undefined) Object.assign(draft, { start_line: at.startLine, start_side: 'RIGHT' });
    return draft;
  });

  const stale: number[] = [];
  const replaced: number[] = [];
  let staleWithReplies = 0;
  const retire = (c: ExistingComment, into: number[]) => {
    if (repliedTo.has(c.id)) staleWithReplies++;
    else if (!stale.includes(c.id)) into.push(c.id);
  };
  for (const c of own) if (!markedFingerprints(c.body, key).some((fp) => current.has(fp))) retire(c, stale);
  // An out-of-date comment whose finding is commented again on its current line makes way for the new one.
  for (const x of inline) {
    for (const c of outdated.get(x.short) ?? []) if (markedFingerprints(c.body, key).every((fp) => inlineSet.has(fp) || !current.has(fp))) retire(c, replaced);
  }

  const known = (f: Finding) => listed.has(shortFingerprint(f.fingerprint)) || alive.has(shortFingerprint(f.fingerprint));
  const history = options.findings.filter((f) => f.commit && f.location && !known(f));
  return {
    comments,
    commented: inline.map((x) => x.finding),
    listed: fresh.filter((x) => !inlineSet.has(x.finding.fingerprint)).map((x) => x.finding),
    history,
    alreadyPosted: onDiff.length - fresh.length,
    promoted: inline.filter((x) => !fresh.includes(x)).length,
    stale: [...stale, ...replaced],
    replaced,
    staleWithReplies,
  };
}
