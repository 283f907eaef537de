import { isPublishedDevKey } from '../secrets/false-positives.js';
import { secretStrength } from './names.js';

/** Account names of storage emulators, published with their keys (Azurite). */
const PUBLISHED_DEV_ACCOUNTS = new Set(['devstoreaccount1']);

/**
 * What an env value is, for hygiene rules: example files must hold placeholders or local development
 * defaults, never working credentials.
 */
export type ValueKind = 'empty' | 'placeholder' | 'reference' | 'encrypted' | 'local' | 'plain' | 'secret';

export interface ValueVerdict {
  kind: ValueKind;
  /** Why it is a secret, for messages (never the value). */
  why?: string;
  /** For secrets: the part that is the credential, and how much of it is a public prefix. */
  secret?: string;
  prefixLength?: number;
}

/** A credential finder over a single value (the secrets detector, when available). */
export type ValueDetector = (value: string) => { title: string; secret: string; prefixLength: number } | undefined;

/** Words that make any value a placeholder. */
const PLACEHOLDER_WORDS = new Set([
  'your', 'yours', 'changeme', 'changethis', 'change', 'replace', 'replaceme', 'placeholder', 'example', 'examples', 'sample', 'dummy', 'fake', 'mock',
  'todo', 'tbd', 'fixme', 'redacted', 'xxx', 'here', 'insert', 'enter', 'fill', 'generate', 'generated', 'lorem', 'ipsum', 'notasecret', 'notsecret',
]);
/** Words that make a value a placeholder (or a well-known development default) when it has nothing else. */
const FILLER_WORDS = new Set([
  'secret', 'secrets', 'password', 'passwd', 'pass', 'pwd', 'token', 'key', 'apikey', 'api', 'random', 'some', 'foo', 'bar', 'baz', 'qux', 'none', 'null',
  'nil', 'undefined', 'value', 'string', 'required', 'optional', 'supersecret', 'topsecret', 'mysecret', 'mypassword', 'mytoken', 'mykey', 'super', 'my',
  'postgres', 'root', 'admin', 'guest', 'minioadmin', 'mysql', 'redis', 'localhost', 'dev', 'local', 'test', 'default', 'app', 'user', 'changeit', 'keyboard', 'cat',
]);

const LOCAL_HOSTS = /^(?:localhost|.*\.localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|.*\.local|.*\.test|.*\.example|.*\.invalid|example\.(?:com|org|net)|.*\.example\.(?:com|org|net))$/i;

/** Bits of Shannon entropy per character. */
export function entropy(text: string): number {
  if (!text) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function isPlaceholder(value: string, name = ''): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^<[^<>]*>$|^\[[^[\]]*\]$|^\{\{.*\}\}$|^%[^%]+%$|^\$\(.*\)$|^\.{3,}$|^…$/.test(v)) return true;
  if (/^(.)\1+$/.test(v.replace(/[-_]/g, '')) || /^x+$/i.test(v)) return true;
  if (/^(?:0123456789|1234567890|123456789|12345678|1234|abc123|abcdef|qwerty)/i.test(v)) return true;
  if (name && v.toLowerCase().replace(/[^a-z0-9]/g, '') === name.toLowerCase().replace(/[^a-z0-9]/g, '')) return true;
  // A provider's key prefix in front of a placeholder: `sk-lf-1234567890`, `pk_test_xxxx`.
  const prefixed = /^[a-z]{1,5}[-_](?:[a-z]{1,5}[-_])?(.+)$/i.exec(v);
  if (prefixed && isPlaceholder(prefixed[1] as string)) return true;
  // Words of the value (split on punctuation and camel case): any placeholder word makes it a placeholder.
  const words = v.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase()).filter(Boolean);
  if (words.some((w) => PLACEHOLDER_WORDS.has(w) || /^x{3,}$/.test(w) || /^your[a-z]/.test(w))) return true;
  // Only filler words and digits: `secret`, `password123`, `super-secret-key`, `admin`.
  return words.length > 0 && words.every((w) => /^\d+$/.test(w) || FILLER_WORDS.has(w.replace(/\d+$/, '')));
}

function urlOf(value: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function isLocalHost(host: string): boolean {
  return LOCAL_HOSTS.test(host) || (host !== '' && !host.includes('.') && !host.includes(':'));
}

/** A random-looking token: long, no spaces, mixed characters, high entropy. */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (!/^[A-Za-z0-9+/=_\-.~:!@#$%^&*]+$/.test(value)) return false;
  if (/^[a-z]+(?:[-_.][a-z]+)*$/i.test(value)) return false;
  if (!/\d/.test(value) && !/[A-Z]/.test(value.slice(1))) return false;
  const hex = /^[0-9a-f]+$/i.test(value);
  return entropy(value) >= (hex ? 3.0 : 3.5);
}

/** Classifies a value of variable `name`. */
export function classifyValue(name: string, value: string, detector?: ValueDetector): ValueVerdict {
  const v = value.trim();
  if (v === '') return { kind: 'empty' };
  if (/^encrypted:|^ENC\[|^vault:|^sops:/i.test(v)) return { kind: 'encrypted' };
  if (/\$\{[^}]+\}|^\$[A-Za-z_]\w*$/.test(v)) return { kind: 'reference' };
  // A database in a local file, and the development account that storage emulators publish.
  if (/^(?:sqlite3?|file):/i.test(v) || PUBLISHED_DEV_ACCOUNTS.has(v) || isPublishedDevKey(v)) return { kind: 'local' };
  const url = urlOf(v);
  if (url) {
    const password = decodeURIComponent(url.password);
    if (isLocalHost(url.hostname)) return { kind: 'local' };
    if (password && !isPlaceholder(password)) {
      return { kind: 'secret', why: `a connection URL with a password for ${url.hostname}`, secret: url.password, prefixLength: 0 };
    }
    const hit = detector?.(v);
    if (hit && !isPlaceholder(hit.secret)) return { kind: 'secret', why: hit.title, secret: hit.secret, prefixLength: hit.prefixLength };
    return { kind: isPlaceholder(v, name) ? 'placeholder' : 'plain' };
  }
  if (isPlaceholder(v, name)) return { kind: 'placeholder' };
  const hit = detector?.(v);
  if (hit && !isPlaceholder(hit.secret)) return { kind: 'secret', why: hit.title, secret: hit.secret, prefixLength: hit.prefixLength };
  if (secretStrength(name) && looksRandom(v)) return { kind: 'secret', why: `a generated-looking value for ${name}`, secret: v, prefixLength: 0 };
  return { kind: 'plain' };
}
