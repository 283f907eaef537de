/** Limits of the GitHub API, from its documentation. */
export const LIMITS = {
  /** Check-run output.summary and output.text: characters. */
  summary: 65_535,
  annotationsPerRequest: 50,
  /** Annotation title: characters. */
  annotationTitle: 255,
  /** Annotation message and raw_details: 64 KB. */
  annotationBytes: 64 * 1024 - 1,
  /** Issue and review comment bodies: characters. */
  commentBody: 65_536,
  /** Inline comments in one review (our own limit, to keep a review readable). */
  reviewComments: 30,
  /** The pull request files API lists at most this many files. */
  prFiles: 3000,
  /** The job summary of one step: 1 MiB. */
  jobSummaryBytes: 1024 * 1024,
} as const;

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
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const budget = max - Buffer.byteLength(ellipsis, 'utf8');
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, budget);
  // Step back to the start of a UTF-8 sequence.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + ellipsis;
}

/**
 * Fits Markdown into a limit: when it is too long, the end is cut at a line break and a note says so.
 * Used as a last guard after the reporter's own budgeted truncation.
 */
export function fitMarkdown(text: string, max: number, note: string, measure: (s: string) => number = (s) => s.length): string {
  if (measure(text) <= max) return text;
  const tail = `\n\n> ✂️ ${note}\n`;
  const close = '\n\n</details>';
  const reserve = measure(tail) + measure(close);
  let cut = text.slice(0, Math.max(0, max - reserve));
  while (cut && measure(cut) + reserve > max) cut = cut.slice(0, Math.floor(cut.length * 0.95));
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl);
  // Never leave a <details> block open: it would swallow the note.
  if ((cut.match(/<details>/g)?.length ?? 0) > (cut.match(/<\/details>/g)?.length ?? 0)) cut += close;
  return cut + tail;
}
