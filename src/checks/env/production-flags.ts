import { append } from './append.js';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { expandAll } from './dotenv-expand.js';
import { parseDotenv } from './dotenv-parse.js';
import type { ExpectValue } from './settings.js';
import { excerpt } from '../../util/excerpt.js';

export type Scalar = string | number | boolean;

export interface Expectation {
  /** The key path as the policy writes it (`RATE_LIMIT_ENABLED`, `auth.required`). */
  key: string;
  segments: string[];
  expected: Scalar;
  /** Where the policy writes it, relative to the file's entry under `expect`. */
  policyKeys: string[];
}

export type ExpectResult =
  | { kind: 'ok'; expectation: Expectation }
  | { kind: 'missing'; expectation: Expectation }
  | { kind: 'wrong'; expectation: Expectation; actual: string; reason: string; start: number; end: number };

/** Nested maps and dotted keys of a file's expectations, as a flat list. */
export function flattenExpect(map: Record<string, ExpectValue>, prefix: string[] = [], policyPrefix: string[] = []): Expectation[] {
  const out: Expectation[] = [];
  for (const [key, value] of Object.entries(map)) {
    const segments = [...prefix, ...key.split('.')];
    const policyKeys = [...policyPrefix, key];
    if (typeof value === 'object' && value !== null) append(out, flattenExpect(value, segments, policyKeys));
    else out.push({ key: segments.join('.'), segments, expected: value, policyKeys });
  }
  return out;
}

/**
 * How a boolean setting reads: envalid's spellings (true, t, yes, 1 / false, f, no, 0) and those of
 * pydantic and most config loaders (on/off, y/n), in any case.
 */
export function readBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['true', 't', 'yes', 'y', 'on', '1'].includes(v)) return true;
  if (['false', 'f', 'no', 'n', 'off', '0'].includes(v)) return false;
  return undefined;
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 't', 'f', 'on', 'off']);

/** How a configured value appears in messages (redacted for credential-like keys). */
export type Show = (value: string) => string;

function quote(value: string): string {
  return JSON.stringify(excerpt(value, 60));
}

/** Compares a configured value with what the policy expects; undefined when it matches. */
export function mismatch(expected: Scalar, actual: string, show: Show = quote): string | undefined {
  if (typeof expected === 'boolean' || (typeof expected === 'string' && BOOLEAN_WORDS.has(expected.toLowerCase()))) {
    const want = typeof expected === 'boolean' ? expected : readBool(expected);
    const got = readBool(actual);
    if (got === undefined) return `${show(actual)} is not a boolean (true, yes, on, 1 / false, no, off, 0)`;
    return got === want ? undefined : `it is ${got}`;
  }
  if (typeof expected === 'number') {
    const n = Number(actual.trim());
    return actual.trim() !== '' && n === expected ? undefined : `it is ${show(actual)}`;
  }
  return actual === expected ? undefined : `it is ${show(actual)}`;
}

/** Checks an env-format file (dotenv syntax, `${VAR}` expanded as dotenv-expand does). */
export function checkEnvText(text: string, expectations: readonly Expectation[], show: (key: string) => Show = () => quote): ExpectResult[] {
  const parsed = parseDotenv(text);
  const expanded = expandAll(new Map([...parsed.byKey].map(([k, e]) => [k, e.value])));
  return expectations.map((expectation) => {
    const entry = parsed.byKey.get(expectation.key);
    if (!entry) return { kind: 'missing', expectation };
    const actual = expanded.get(expectation.key) ?? entry.value;
    const reason = mismatch(expectation.expected, actual, show(expectation.key));
    if (!reason) return { kind: 'ok', expectation };
    const start = entry.valueEnd > entry.valueStart ? entry.valueStart : entry.keyStart;
    const end = entry.valueEnd > entry.valueStart ? entry.valueEnd : entry.keyEnd;
    const via = actual !== entry.value ? ` (after expanding ${show(expectation.key)(entry.value)})` : '';
    return { kind: 'wrong', expectation, actual, reason: reason + via, start, end };
  });
}

export type StructuredProblem = { message: string; offset: number };

/** Checks a YAML or JSON file by key path; list items match by index, `NAME=value` strings or `name:` fields. */
export function checkStructuredText(text: string, expectations: readonly Expectation[], show: (key: string) => Show = () => quote): ExpectResult[] | StructuredProblem {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) return { message: error.message.split('\n')[0] ?? 'invalid YAML', offset: error.pos[0] };
  return expectations.map((expectation) => {
    const found = lookup(doc.contents as Node | null, expectation.segments);
    if (!found) return { kind: 'missing', expectation };
    const reason = found.value === undefined ? `it is ${found.describe}, not a value` : mismatch(expectation.expected, found.value, show(expectation.key));
    if (!reason) return { kind: 'ok', expectation };
    return { kind: 'wrong', expectation, actual: found.value ?? found.describe, reason, start: found.start, end: found.end };
  });
}

interface Found {
  value: string | undefined;
  describe: string;
  start: number;
  end: number;
}

function lookup(node: Node | null, segments: readonly string[]): Found | undefined {
  let current: Node | null = node;
  for (const [i, segment] of segments.entries()) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return undefined;
      current = pair.value as Node | null;
      if (current === null) {
        const at = (pair.key as Node).range?.[0] ?? 0;
        return { value: '', describe: 'empty', start: at, end: at + segment.length };
      }
    } else if (isSeq(current)) {
      let next: Node | null | undefined;
      if (/^\d+$/.test(segment)) next = current.items[Number(segment)] as Node | undefined;
      for (const item of current.items) {
        if (next !== undefined) break;
        if (isScalar(item) && typeof item.value === 'string' && item.value.startsWith(`${segment}=`) && i === segments.length - 1) {
          const range = item.range ?? [0, 0, 0];
          const raw = item.value.slice(segment.length + 1);
          return { value: raw, describe: 'a string', start: range[0], end: range[1] };
        }
        if (isMap(item) && item.get('name') === segment) next = (item.get('value', true) as Node | undefined) ?? null;
      }
      if (next === undefined) return undefined;
      current = next;
    } else return undefined;
  }
  if (isScalar(current)) {
    const range = current.range ?? [0, 0, 0];
    const v = current.value;
    return { value: v === null ? '' : String(v), describe: 'a value', start: range[0], end: range[1] };
  }
  const range = current?.range ?? [0, 0, 0];
  return { value: undefined, describe: isMap(current) ? 'a map' : isSeq(current) ? 'a list' : 'empty', start: range[0], end: range[1] };
}
