import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../core/check.js';
import { registryProblem } from '../util/registry-url.js';
import { globProblem, pathProblem } from '../util/globs.js';
import { quoteValue } from '../checks/secrets/recognise.js';
import { regexProblem } from '../util/regex-safety.js';
import { suggest } from '../util/suggest.js';
import { AJV_OPTIONS, schemaDigest, setUpAjv } from './ajv-setup.js';
import { formatKeyPath, type PolicyProblem } from './errors.js';
import { PRECOMPILED } from './precompiled-validator.js';
import type { YamlSource } from './yaml-source.js';

export { isValidDate } from './ajv-setup.js';

function createAjv(): Ajv {
  // Compiled once per run for a one-off validation: ajv's code optimisation passes cost more (about half the
  // compile time) than they could ever save.
  return setUpAjv(new Ajv({ ...AJV_OPTIONS, code: { optimize: false } }));
}

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
/** By digest: every load builds its schema afresh, and an equal schema needs no second compile (100–150 ms). */
const compiledByDigest = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const digest = schemaDigest(schema);
    // The bundles carry the policy schema's validator compiled at build time; the digest proves it is this schema's.
    validate = PRECOMPILED && PRECOMPILED.digest === digest ? PRECOMPILED.validate : (compiledByDigest.get(digest) ?? createAjv().compile(schema));
    compiledByDigest.set(digest, validate);
    compiled.set(schema, validate);
  }
  return validate;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `a string (${quoteValue(value)})`;
  return `${typeof value === 'number' ? 'a number' : `a ${typeof value}`} (${String(value)})`;
}

function pathOf(error: ErrorObject): (string | number)[] {
  if (error.instancePath === '') return [];
  return error.instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function messageFor(error: ErrorObject, path: (string | number)[]): { message: string; keyPath: (string | number)[]; atKey: boolean } {
  const where = formatKeyPath(path);
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((parent?.properties as Record<string, unknown> | undefined) ?? {});
      const hint = suggest(key, known);
      const inWhat = path.length ? ` in ${where}` : '';
      const list = known.length && known.length <= 12 ? ` (known keys: ${known.join(', ')})` : '';
      return {
        message: `unknown key ${quoteValue(key)}${inWhat}${hint ? `: did you mean "${hint}"?` : list}`,
        keyPath: [...path, key],
        atKey: true,
      };
    }
    case 'required': {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return { message: `${where} is missing the required key "${key}"`, keyPath: path, atKey: false };
    }
    case 'type': {
      const expected = String((error.params as { type: string | string[] }).type).replace(',', ' or ');
      const noun = expected.replace('array', 'list').replace('object', 'map');
      return { message: `${where} must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}, found ${describeValue(error.data)}`, keyPath: path, atKey: false };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: unknown[] }).allowedValues : [(error.params as { allowedValue: unknown }).allowedValue];
      const hint = typeof error.data === 'string' ? suggest(error.data, allowed.map(String)) : undefined;
      // "1" for 1: the value is right, its quotes are not (a suggestion would repeat the value found).
      const unquote = typeof error.data === 'string' && allowed.some((v) => typeof v !== 'string' && String(v) === error.data);
      const advice = unquote ? `: write ${String(error.data)} without quotes` : hint && hint !== error.data ? `: did you mean "${hint}"?` : '';
      return {
        message: `${where} must be ${allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`}, found ${describeValue(error.data)}${advice}`,
        keyPath: path,
        atKey: false,
      };
    }
    case 'format': {
      const format = (error.params as { format: string }).format;
      const value = String(error.data);
      const reason =
        format === 'glob' ? globProblem(value)
        : format === 'repo-path' ? pathProblem(value)
        : format === 'regex' ? regexProblem(value)
        : format === 'date' ? 'is not a valid date (write YYYY-MM-DD, e.g. 2027-01-31)'
        : format === 'semver-range' ? 'is not a semver range (e.g. `<4.17.21`, `^1.2.0`, `1.x || 2.x`)'
        : format === 'registry-url' ? registryProblem(value)
        : `is not a valid ${format}`;
      return { message: `${where} ${quoteValue(value, 60)} ${reason ?? `is not a valid ${format}`}`, keyPath: path, atKey: false };
    }
    case 'anyOf':
    case 'oneOf': {
      const custom = parent?.errorMessage;
      return { message: `${where}: ${typeof custom === 'string' ? custom : error.message ?? 'is invalid'}`, keyPath: path, atKey: false };
    }
    default:
      return { message: `${where} ${error.message ?? 'is invalid'}`, keyPath: path, atKey: false };
  }
}

/** Validates parsed policy data against the schema; every problem carries the line and column of its key or value. */
export function validateAgainstSchema(data: unknown, schema: JsonSchema, source: YamlSource): PolicyProblem[] {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // When an anyOf fails, its branches' "required" errors are noise next to the composite message.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const error of errors) {
    if (error.keyword === 'required' && anyOfPaths.has(error.instancePath) && error.schemaPath.includes('/anyOf/')) continue;
    if (error.keyword === 'if') continue;
    const path = pathOf(error);
    const { message, keyPath, atKey } = messageFor(error, path);
    const pos = source.locate(keyPath, { key: atKey });
    const problem: PolicyProblem = { file: source.file, ...pos, key: formatKeyPath(keyPath), message };
    const id = `${problem.line}:${problem.column}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
