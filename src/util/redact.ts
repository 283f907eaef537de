/** Shows at most a secret's well-known prefix and its length: `ghp_*** (40 chars)`. */
export function redactSecret(secret: string, prefixLength = 0): string {
  return `${secret.slice(0, shownPrefix(secret, prefixLength))}*** (${secret.length} chars)`;
}

/** Never show a prefix that is more than a small part of the secret: the rest is what must stay hidden. */
function shownPrefix(secret: string, prefixLength: number): number {
  return Math.max(0, Math.min(prefixLength, Math.floor(secret.length / 4), 12));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A credential found in a text: [start, end) and how many of its first characters are a published prefix. */
export interface Recognised {
  start: number;
  end: number;
  prefixLength: number;
}

/** Finds credentials in any text (the secrets detector's rules); see `credentialRedactor`. */
export type Recogniser = (text: string) => Recognised[];

/** Keys whose values are ids, hashes and enumerations, never free text. */
const IDENTIFIER_KEYS = new Set(['fingerprint', 'ruleId', 'check', 'severity', 'commit', 'kind', 'status', 'conclusion', 'verdict', 'id']);

/** How far before a `…` a cut secret may begin: excerpts are short. */
const CUT_WINDOW = 128;
/** Shorter cut pieces are too common to be told from ordinary words. */
const MIN_CUT = 6;

/**
 * Remembers every raw secret the run has seen and scrubs them from any text before it leaves the process.
 * Checks redact their own messages; this is the second line of defence for everything else (errors,
 * snippets, third-party messages). With a recogniser, messages are also searched for credentials that no
 * check reported (a token written in the policy, a value quoted by another check's message).
 */
export class Redactor {
  private readonly secrets = new Map<string, number>();
  private pattern: RegExp | undefined;
  private sorted: string[] | undefined;

  constructor(private readonly recognise?: Recogniser) {}

  /** Secrets shorter than 6 characters are not scrubbed: they would shred ordinary words. */
  add(secret: string, prefixLength = 0): void {
    if (secret.length < MIN_CUT || this.secrets.has(secret)) return;
    this.secrets.set(secret, prefixLength);
    this.pattern = undefined;
    this.sorted = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Every registered secret, whole or cut short before a `…`, replaced by its redacted form. */
  scrub(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    if (!this.pattern) {
      const longestFirst = [...this.secrets.keys()].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(longestFirst.map(escapeRegExp).join('|'), 'g');
    }
    const whole = text.replace(this.pattern, (secret) => redactSecret(secret, this.secrets.get(secret) ?? 0));
    return whole.includes('…') ? this.scrubCut(whole) : whole;
  }

  /**
   * `scrub`, after registering the credentials the recogniser finds in the text: for messages and other
   * plain text (not for serialised JSON, whose escapes a replacement could split).
   */
  scrubMessage(text: string): string {
    if (this.recognise && text.length >= 8) {
      const found = this.recognise(text);
      if (found.length) {
        let out = '';
        let from = 0;
        for (const r of found) {
          if (r.start < from) continue;
          const secret = text.slice(r.start, r.end);
          this.add(secret, r.prefixLength);
          out += text.slice(from, r.start) + redactSecret(secret, r.prefixLength);
          from = r.end;
        }
        return this.scrub(out + text.slice(from));
      }
    }
    return this.scrub(text);
  }

  /**
   * A JSON-like value with every string scrubbed as a message, except the values of keys that name or
   * hash things (rule ids, fingerprints, commits), which only lose registered secrets. Parts that need no
   * change are shared with the input, not copied; the input itself is never modified.
   */
  scrubDeep<T>(value: T): T {
    if (this.secrets.size === 0 && !this.recognise) return value;
    // The same path or title recurs once per finding: each distinct short string is searched once.
    const seen = new Map<string, string>();
    const walk = (v: unknown, key: string): unknown => {
      if (typeof v === 'string') {
        if (IDENTIFIER_KEYS.has(key)) return this.scrub(v);
        if (v.length > 256) return this.scrubMessage(v);
        let out = seen.get(v);
        if (out === undefined) seen.set(v, (out = this.scrubMessage(v)));
        return out;
      }
      if (Array.isArray(v)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const item = walk(v[i], key);
          if (item !== v[i]) (copy ??= v.slice())[i] = item;
        }
        return copy ?? v;
      }
      if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        const record = v as Record<string, unknown>;
        let copy: Record<string, unknown> | undefined;
        for (const k in record) {
          const item = walk(record[k], k);
          if (item !== record[k]) (copy ??= { ...record })[k] = item;
        }
        return copy ?? v;
      }
      return v;
    };
    return walk(value, '') as T;
  }

  /** A secret cut short by an excerpt (`"TOKEN ghp_5aK9…"`) is no longer the registered string: its start is. */
  private scrubCut(text: string): string {
    this.sorted ??= [...this.secrets.keys()].sort();
    let out = '';
    let from = 0;
    for (let at = text.indexOf('…'); at !== -1; at = text.indexOf('…', at + 1)) {
      const cut = this.cutBefore(text, Math.max(from, at - CUT_WINDOW), at);
      if (!cut) continue;
      out += `${text.slice(from, cut.start)}${text.slice(cut.start, cut.start + cut.shown)}***`;
      from = at;
    }
    return out + text.slice(from);
  }

  /** The longest piece of text ending at `end` that begins a registered secret and shows more than its prefix. */
  private cutBefore(text: string, lo: number, end: number): { start: number; shown: number } | undefined {
    const sorted = this.sorted as string[];
    for (let start = lo; start <= end - MIN_CUT; start++) {
      // A cut secret starts the text or follows a character that is not part of a word.
      if (start > 0 && /[A-Za-z0-9]/.test(text[start - 1] as string)) continue;
      const piece = text.slice(start, end);
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((sorted[mid] as string) < piece) low = mid + 1;
        else high = mid;
      }
      const secret = sorted[low];
      if (secret === undefined || !secret.startsWith(piece)) continue;
      const shown = shownPrefix(secret, this.secrets.get(secret) ?? 0);
      if (piece.length > shown) return { start, shown };
    }
    return undefined;
  }
}
