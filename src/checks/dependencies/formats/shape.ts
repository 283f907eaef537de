import { isAdvisorySeverity, type AdvisorySeverity } from '../model.js';
import { excerpt } from '../../../util/excerpt.js';

/**
 * A report that does not have the shape its format promises (a wrong type, a missing key, counts that
 * do not add up). The message names the place: `vulnerabilities.qs.via[0].severity must be a string`.
 */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(excerpt(value, 30))})`;
  return `a ${typeof value} (${String(value)})`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a value sits in a report, built into text only when an error is reported: hot loops over large
 * reports pass a Place instead of formatting a path for every value.
 */
export class Place {
  constructor(
    private readonly parent: Where | undefined,
    private readonly key: string | number,
  ) {}

  toString(): string {
    const parent = this.parent === undefined ? '' : String(this.parent);
    if (typeof this.key === 'number') return `${parent}[${this.key}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(this.key)) return parent ? `${parent}.${this.key}` : this.key;
    return `${parent}[${JSON.stringify(this.key)}]`;
  }
}

export type Where = string | Place;

export function at(parent: Where, key: string | number): Place {
  return new Place(parent, key);
}

function fail(where: Where, expected: string, value: unknown): never {
  throw new ShapeError(`${String(where)} must be ${expected}, found ${describe(value)}`);
}

export function obj(value: unknown, where: Where): JsonObject {
  if (!isObject(value)) fail(where, 'an object', value);
  return value;
}

export function arr(value: unknown, where: Where): Json[] {
  if (!Array.isArray(value)) fail(where, 'a list', value);
  return value as Json[];
}

export function str(value: unknown, where: Where): string {
  if (typeof value !== 'string') fail(where, 'a string', value);
  return value;
}

/** A string, or nothing (absent or null). */
export function optStr(value: unknown, where: Where): string | undefined {
  if (value === undefined || value === null) return undefined;
  return str(value, where);
}

export function num(value: unknown, where: Where): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'a number', value);
  return value;
}

export function optNum(value: unknown, where: Where): number | undefined {
  if (value === undefined || value === null) return undefined;
  return num(value, where);
}

export function optBool(value: unknown, where: Where): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(where, 'true or false', value);
  return value;
}

/** A list of strings; absent or null is an empty list. */
export function strList(value: unknown, where: Where): string[] {
  if (value === undefined || value === null) return [];
  return arr(value, where).map((v, i) => str(v, at(where, i)));
}

/** A number or a string id (npm uses numbers, other sources strings). */
export function id(value: unknown, where: Where): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > 0) return value;
  return fail(where, 'an advisory id (a number or a string)', value);
}

const SEVERITY_ALIASES: Record<string, AdvisorySeverity> = { medium: 'moderate', none: 'info' };

export function severity(value: unknown, where: Where): AdvisorySeverity {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (isAdvisorySeverity(lower)) return lower;
    const alias = SEVERITY_ALIASES[lower];
    if (alias) return alias;
  }
  return fail(where, 'a severity (info, low, moderate, high or critical)', value);
}

/** CWE lists come as lists, as JSON text of a list (older npm), or as one string. */
export function cweList(value: unknown, where: Where): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        return strList(JSON.parse(text) as unknown, where);
      } catch (error) {
        if (error instanceof ShapeError) throw error;
        fail(where, 'a list of CWE ids', value);
      }
    }
    return text ? [text] : [];
  }
  return strList(value, where);
}

/** A severity-count map (`{info, low, moderate, high, critical}`); returns the total, or undefined when absent. */
export function severityTotal(value: unknown, where: Where): number | undefined {
  if (value === undefined || value === null) return undefined;
  const counts = obj(value, where);
  let total = 0;
  for (const key of ['info', 'low', 'moderate', 'high', 'critical']) {
    const n = optNum(counts[key], at(where, key));
    if (n !== undefined) {
      if (n < 0 || !Number.isInteger(n)) fail(at(where, key), 'a count', n);
      total += n;
    }
  }
  return total;
}

const GHSA = /\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b/i;

/** The GHSA id in an advisory URL or id, upper-cased as GitHub writes it (GHSA-xxxx-xxxx-xxxx). */
export function ghsaIn(text: string | undefined): string | undefined {
  const m = text ? GHSA.exec(text) : null;
  return m ? `GHSA${m[0].slice(4).toLowerCase()}` : undefined;
}

export function isCve(text: string): boolean {
  return /^CVE-\d{4}-\d{4,}$/i.test(text);
}
