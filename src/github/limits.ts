/**
 * What GitHub limits, in one place. GitHub counts text sizes in bytes of UTF-8 (a summary of 65,535
 * characters of `é` is refused), so every budget of text here is in bytes, and every cut is made at a
 * character boundary.
 */
export const LIMITS = {
  /** Check-run `output.summary` and `output.text`: bytes. */
  summaryBytes: 65_535,
  /** Check-run `output.title`: GitHub states no limit; ours keeps it to one line of the checks list. */
  titleBytes: 1_000,
  annotationsPerRequest: 50,
  /** Annotations on one check run, by default (the `max-annotations` input): 20 requests. */
  annotationsDefault: 1_000,
  /** Annotation title: 255 characters. */
  annotationTitle: 255,
  /** Annotation message and raw_details: 64 KB. */
  annotationBytes: 64 * 1024,
  /** Issue comment, review and review comment bodies: 65,536. */
  commentBytes: 65_536,
  /** Inline comments of this action alive on one pull request (our own limit, to keep a review readable). */
  reviewComments: 30,
  /** The pull request files API lists at most this many files. */
  prFiles: 3000,
  /** The job summary of one step: 1 MiB. */
  jobSummaryBytes: 1024 * 1024,
  /** Workflow-command annotations GitHub shows per step, for each of errors and warnings (notices alike). */
  workflowAnnotationsPerLevel: 10,
} as const;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts text to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function clampChars(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ellipsis.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + ellipsis;
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function clampBytes(text: string, max: number, ellipsis = '…'): string {
  if (byteLength(text) <= max) return text;
  const budget = max - byteLength(ellipsis);
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, budget);
  // Step back to the start of a UTF-8 sequence.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + ellipsis;
}

/**
 * Fits Markdown into `max` bytes: when it is too long, the end is cut at a line break and a note says so.
 * Used as a last guard after the reporter's own budgeted truncation.
 */
export function fitMarkdown(text: string, max: number, note: string): string {
  if (byteLength(text) <= max) return text;
  const tail = `\n\n> ✂️ ${note}\n`;
  let room = max - byteLength(tail);
  for (;;) {
    let cut = clampBytes(text, Math.max(0, room), '');
    const nl = cut.lastIndexOf('\n');
    if (nl > 0) cut = cut.slice(0, nl);
    // Never leave a <details> block open: it would swallow the note.
    const open = (cut.match(/<details>/g)?.length ?? 0) - (cut.match(/<\/details>/g)?.length ?? 0);
    const out = `${cut}${'\n\n</details>'.repeat(Math.max(0, open))}${tail}`;
    if (byteLength(out) <= max || room <= 0) return clampBytes(out, max);
    room -= byteLength(out) - max;
  }
}
