import { createHash } from 'node:crypto';
import type { Ajv, FormatDefinition, Options } from 'ajv';
import { validRange } from 'semver';
import type { JsonSchema } from '../core/check.js';
import { registryProblem } from '../util/registry-url.js';
import { globProblem, pathProblem } from '../util/globs.js';
import { regexProblem } from '../util/regex-safety.js';

/** YYYY-MM-DD naming a real calendar day. */
export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The options every policy validator is compiled with, at run time or at build time. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true } as const satisfies Options;

export const POLICY_FORMATS: Record<string, FormatDefinition<string>> = {
  glob: { type: 'string', validate: (v: string) => globProblem(v) === undefined },
  'repo-path': { type: 'string', validate: (v: string) => pathProblem(v) === undefined },
  date: { type: 'string', validate: isValidDate },
  regex: { type: 'string', validate: (v: string) => regexProblem(v) === undefined },
  'semver-range': { type: 'string', validate: (v: string) => validRange(v) !== null },
  'registry-url': { type: 'string', validate: (v: string) => registryProblem(v) === undefined },
};

export function setUpAjv(ajv: Ajv): Ajv {
  for (const [name, format] of Object.entries(POLICY_FORMATS)) ajv.addFormat(name, format);
  // A human message for composite keywords (anyOf/oneOf) whose own message says nothing useful.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  return ajv;
}

/** Which schema a precompiled validator was built from. */
export function schemaDigest(schema: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/**
 * The two helpers ajv's generated code calls (for `uniqueItems` and string lengths), for a validator
 * compiled at build time: equality of parsed YAML/JSON values, and a length in code points.
 */
export const AJV_RUNTIME = {
  equal(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b; // NaN
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => AJV_RUNTIME.equal(v, (b as unknown[])[i]));
    const ak = Object.keys(a);
    const bk = Object.keys(b);
    return ak.length === bk.length && ak.every((k) => Object.hasOwn(b, k) && AJV_RUNTIME.equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  },
  ucs2length(text: string): number {
    let length = 0;
    for (let i = 0; i < text.length; i++, length++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
    return length;
  },
};
