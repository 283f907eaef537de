// Deterministic fake credentials in the exact published formats (prefix, length, alphabet, checksum), for
// the rule tests and the labelled corpus. Random bodies from a seed: valid-looking, never real.
import { base62, crc32 } from '../../src/checks/secrets/validators.js';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const UPPER_HEX = '0123456789ABCDEF';
export const BASE64 = `${ALNUM}+/`;
export const BASE64URL = `${ALNUM}-_`;
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** xorshift32: the same seed gives the same strings on every machine. */
export class FakeRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  digits(n: number): string {
    return String(1 + Math.floor(this.next() * 9)) + this.chars('0123456789', n - 1);
  }
  /** A password a person might pick from a generator: letters, digits and a few symbols. */
  password(n = 20): string {
    for (;;) {
      const p = this.chars(`${ALNUM}!%^*-_.~`, n);
      if (/\d/.test(p) && /[a-z]/.test(p) && /[A-Z]/.test(p)) return p;
    }
  }
}

/** GitHub's and npm's scheme: prefix, 30 random base62 characters, their CRC-32 in base62 (6 wide). */
export function crcToken(r: FakeRandom, prefix: string): string {
  const body = r.chars(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

function bech32Checksum(hrp: string, data: number[]): number[] {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data, 0, 0, 0, 0, 0, 0];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (gen[i] as number)) >>> 0;
  }
  const mod = chk ^ 1;
  return [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
}

/** An age secret key: Bech32 with HRP `age-secret-key-`, 52 data characters and a valid checksum. */
export function ageKey(r: FakeRandom): string {
  const data = [...r.chars(BECH32, 52)].map((c) => BECH32.indexOf(c));
  const all = [...data, ...bech32Checksum('age-secret-key-', data)];
  return `age-secret-key-1${all.map((v) => BECH32[v]).join('')}`.toUpperCase();
}

export function jwt(r: FakeRandom, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc(header)}.${enc(claims)}.${r.chars(BASE64URL, 43)}`;
}

/** A PEM block with a random body of the right size (not a usable key: the validators check the shape). */
export function pem(r: FakeRandom, label: string, bytes = 1190, lead = 'MIIEpAIBAAKCAQEA'): string {
  const body = lead + r.chars(BASE64, Math.ceil((bytes * 4) / 3) - lead.length);
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}
