import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Outcome, Validity } from './types.js';

/** What a verdict stays good for: a live key may be revoked tomorrow; a revoked one does not come back. */
const TTL_MS: Record<Exclude<Validity, 'unknown'>, number> = { live: 24 * 3600_000, invalid: 30 * 24 * 3600_000 };

export interface VerifyCache {
  get(verifier: string, secret: string, partner: string | undefined): Outcome | undefined;
  set(verifier: string, secret: string, partner: string | undefined, outcome: Outcome): void;
}

interface Entry {
  validity: 'live' | 'invalid';
  at: number;
}

/**
 * Verdicts kept between runs, in a JSON file, each under HMAC-SHA256(key, verifier + secret): never the
 * secret, nor a plain hash that could be matched against a list of leaked keys. The key is 32 random bytes
 * in `<file>.key` (created with mode 600), so the cache file alone tells nothing.
 */
export class FileCache implements VerifyCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly entries: Map<string, Entry>,
    private readonly now: () => number,
  ) {}

  static async open(file: string, now: () => number = Date.now): Promise<FileCache> {
    await mkdir(dirname(file), { recursive: true });
    const key = await readKey(`${file}.key`);
    const entries = new Map<string, Entry>();
    const text = await readFile(file, 'utf8').catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const stored = (parsed as { version?: number; entries?: Record<string, Entry> } | undefined)?.version === 1 ? (parsed as { entries?: Record<string, Entry> }).entries : undefined;
    for (const [id, entry] of Object.entries(stored ?? {})) {
      if (!/^[0-9a-f]{64}$/.test(id) || (entry?.validity !== 'live' && entry?.validity !== 'invalid') || typeof entry.at !== 'number') continue;
      if (now() - entry.at < TTL_MS[entry.validity]) entries.set(id, { validity: entry.validity, at: entry.at });
    }
    return new FileCache(file, key, entries, now);
  }

  private id(verifier: string, secret: string, partner: string | undefined): string {
    return createHmac('sha256', this.key).update(`${verifier}\0${secret}\0${partner ?? ''}`).digest('hex');
  }

  get(verifier: string, secret: string, partner: string | undefined): Outcome | undefined {
    const entry = this.entries.get(this.id(verifier, secret, partner));
    return entry ? { validity: entry.validity } : undefined;
  }

  set(verifier: string, secret: string, partner: string | undefined, outcome: Outcome): void {
    if (outcome.validity === 'unknown') return;
    this.entries.set(this.id(verifier, secret, partner), { validity: outcome.validity, at: this.now() });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) })}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
    this.dirty = false;
  }
}

async function readKey(path: string): Promise<Buffer> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const hex = existing.trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`the verification cache key ${path} is not 64 hexadecimal digits`);
    return Buffer.from(hex, 'hex');
  }
  const key = randomBytes(32);
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('hex')}\n`);
  } finally {
    await handle.close();
  }
  return key;
}
