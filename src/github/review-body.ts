import type { Finding } from '../core/finding.js';
import type { RepositoryLinks } from '../reporters/links.js';
import { MarkdownBudget } from '../reporters/markdown-budget.js';
import { mdCode, mdInline } from '../util/markdown-cell.js';
import { placeOf } from '../reporters/markdown-findings.js';
import { oneLine } from '../util/printable.js';
import { LIMITS, byteLength } from './limits.js';
import { listedMarker, listedMarkerBytes } from './markers.js';
import { ICON, type ReviewPlan } from './review-plan.js';

/** Room kept in a review body for what is not the list: the heading, the notes, the link. */
const FRAME_BYTES = 4_000;
/** At most this much of a body goes to the hidden list of the findings it reports. */
const MARKER_BYTES = 48_000;

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function line(f: Finding, titles: ReadonlyMap<string, string>, links: RepositoryLinks | undefined): string {
  const text = oneLine(f.message);
  const message = mdInline(text.length > 300 ? `${text.slice(0, 299)}…` : text);
  return `- ${ICON[f.severity]} ${placeOf(f, links)} **${mdInline(titles.get(f.ruleId) ?? f.ruleId)}** (${mdCode(f.ruleId)}): ${message}`;
}

/**
 * The review's own text: what it holds, the new findings without room inline (folded, linked, as many as
 * fit, the rest counted), the findings only in the pull request's commits, and one hidden list of every
 * finding it reports, so that no later run reports them again.
 */
export function reviewBody(plan: ReviewPlan, options: { key: string; checkName: string; titles: ReadonlyMap<string, string>; detailsUrl?: string; links?: RepositoryLinks }): string {
  const reported = [...plan.listed, ...plan.history];
  const recordable = Math.min(reported.length, Math.floor((MARKER_BYTES - listedMarkerBytes(0)) / 8));
  const recorded = reported.slice(0, recordable);
  const marker = listedMarker(options.key, recorded.map((f) => f.fingerprint));
  const out = new MarkdownBudget(LIMITS.commentBytes - byteLength(marker) - FRAME_BYTES);
  const onLines = plan.comments.length + plan.listed.length;
  if (onLines) out.push(`### ${mdInline(options.checkName)}: ${plural(onLines, 'new finding')} on lines this pull request changed`);
  else out.push(`### ${mdInline(options.checkName)}`);
  out.push('');
  if (plan.comments.length) {
    const promoted = plan.promoted ? ` (${plan.promoted} of them reported earlier without a comment on their line)` : '';
    out.push(`${plural(plan.comments.length, 'finding')} ${plan.comments.length === 1 ? 'is' : 'are'} commented on ${plan.comments.length === 1 ? 'its line' : 'their lines'}${promoted}.`);
    out.push('');
  }
  const shownListed = plan.listed.filter((f) => recorded.includes(f));
  if (plan.listed.length && out.openDetails(`${plural(plan.listed.length, 'more finding')} on changed lines, most severe first`)) {
    let shown = 0;
    for (const f of shownListed) {
      if (!out.push(line(f, options.titles, options.links))) break;
      shown++;
    }
    if (shown < plan.listed.length) out.push(`- … and ${plural(plan.listed.length - shown, 'more finding')}: the check run lists every one.`);
    out.closeDetails();
  }
  if (plan.history.length) {
    out.push(`#### ${plural(plan.history.length, 'finding')} in the commits of this pull request`);
    out.push('');
    out.push('A commit of this pull request added these and a later one removed them: they are not in its files, but they stay in the history once merged.');
    out.push('');
    let shown = 0;
    for (const f of plan.history) {
      if (!out.push(line(f, options.titles, options.links))) break;
      shown++;
    }
    if (shown < plan.history.length) out.push(`- … and ${plural(plan.history.length - shown, 'more')}: the check run lists every one.`);
    out.push('');
  }
  if (recorded.length < reported.length) {
    out.push(`${plural(reported.length - recorded.length, 'finding')} did not fit in this review: a later run reports them.`);
    out.push('');
  }
  if (options.detailsUrl) out.push(`Every finding of this run: ${options.detailsUrl}`);
  return `${out.lines.join('\n')}\n${marker}`;
}
