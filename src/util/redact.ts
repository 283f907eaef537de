/** Shows at most a secret's well-known prefix and its length: `ghp_*** (40 chars)`. */
export function redactSecret(secret: string, prefixLength = 0): string {
  // Never show a prefix that is more than a small part of the secret: the rest is what must stay hidden.
  const shown = Math.max(0, Math.min(prefixLength, Math.floor(secret.length / 4), 12));
  return `${secret.slice(0, shown)}*** (${secret.length} chars)`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Remembers every raw secret the run has seen and scrubs them from any text before it leaves the process.
 * Checks redact their own messages; this is the second line of defence for everything else (errors,
 * snippets, third-party messages).
 */
export class Redactor {
  private readonly secrets = new Map<string, number>();
  private pattern: RegExp | undefined;

  /** Secrets shorter than 6 characters are not scrubbed: they would shred ordinary words. */
  add(secret: string, prefixLength = 0): void {
    if (secret.length < 6 || this.secrets.has(secret)) return;
    this.secrets.set(secret, prefixLength);
    this.pattern = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  scrub(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    if (!this.pattern) {
      const sorted = [...this.secrets.keys()].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    }
    return text.replace(this.pattern, (secret) => redactSecret(secret, this.secrets.get(secret) ?? 0));
  }

  /** Scrubs every string inside a JSON-like value. */
  scrubDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return JSON.parse(this.scrub(JSON.stringify(value))) as T;
  }
}
