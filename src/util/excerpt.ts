/** Characters of the tokens credentials are made of (base64, base64url, hex, `ghp_…`, `sk_live_…`, `xoxb-…`). */
const TOKEN_CHAR = /[A-Za-z0-9+/=_.~-]/;
/** What stays of a token the cut goes through: enough for a published prefix (`ghp_`, `AKIA`, `xoxb`). */
const KEPT = 4;

/**
 * The start of a text, at most `max` characters, with `…` when it is cut. A token the cut goes through
 * keeps only its first characters: a credential cut short is no longer the value the redactor knows, and
 * its first 32 characters would otherwise be shown as they are.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  if (TOKEN_CHAR.test(text[end] ?? '') && TOKEN_CHAR.test(text[end - 1] ?? '')) {
    let start = end;
    while (start > 0 && TOKEN_CHAR.test(text[start - 1] as string)) start--;
    end = Math.min(end, start + KEPT);
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
