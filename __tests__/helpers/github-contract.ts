import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Validates requests against GitHub's official OpenAPI description of api.github.com (@octokit/openapi).
 *
 * The spec is OpenAPI 3.0, whose schemas are close to JSON Schema but not equal; these adaptations make
 * ajv check them, each one stricter than or equal to what the spec says:
 * - `nullable: true` (an OpenAPI 3.0 keyword) becomes a `null` member of `type`.
 * - OpenAPI annotations that are not JSON Schema (`example`, `examples`, `externalDocs`, `xml`,
 *   `discriminator`, `x-*`) are dropped, and ajv runs in strict mode so that anything else unknown fails.
 * - Request-body objects that do not say otherwise get `additionalProperties: false`: GitHub ignores
 *   unknown fields, so a misspelled one would silently do nothing; here it is an error.
 * - Limits the spec states only in prose are made schema: annotation `title` ≤ 255 characters, `message`
 *   and `raw_details` ≤ 64 KB (counted in UTF-8 bytes, custom keyword `maxBytes`), and the `output.title`
 *   the update-check-run description marks "**Required**".
 * - Path and query parameters arrive as strings: each is checked against its schema after the same
 *   coercion GitHub applies (`"12"` is a valid integer `pull_number`, `"x"` is not); unknown query
 *   parameters are errors, and so is a request whose method and path match no operation.
 * - Formats: `date-time` (RFC 3339), `int64`/`int32` (integers), `uri` (parses as a URL).
 */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface ContractResult {
  operationId?: string;
  errors: string[];
}

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  method: string;
  template: string;
  regex: RegExp;
  pathParams: string[];
  raw: Schema;
}

const require = createRequire(import.meta.url);
const SPEC_PATH = require.resolve('@octokit/openapi/generated/api.github.com.json');
const DROPPED = new Set(['example', 'examples', 'externalDocs', 'xml', 'discriminator', 'deprecated']);

let spec: { paths: Record<string, Record<string, Schema>>; components: Schema } | undefined;
let operations: Operation[] | undefined;

function loadSpec() {
  if (!spec) spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  return spec as NonNullable<typeof spec>;
}

function loadOperations(): Operation[] {
  if (operations) return operations;
  const s = loadSpec();
  operations = [];
  for (const [template, item] of Object.entries(s.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const pathParams: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        pathParams.push(name);
        return '([^/]+)';
      });
      operations.push({ operationId: op.operationId as string, method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), pathParams, raw: op });
    }
  }
  // Literal segments win over parameters (`/pulls/comments/{id}` before `/pulls/{pull_number}`).
  operations.sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length);
  return operations;
}

/** Resolves `$ref`s against the spec, applying the adaptations above. */
function adapt(node: unknown, inBody: boolean, stack: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => adapt(n, inBody, stack));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Schema;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    if (stack.includes(ref)) return {}; // a cycle: accept anything below this point
    const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Schema)[k], loadSpec());
    return adapt(target, inBody, [...stack, ref]);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(obj)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, adapt(v, inBody, stack)]));
    } else out[key] = adapt(value, inBody, stack);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (!out.type) return { anyOf: [out, { type: 'null' }] };
  } else delete out.nullable;
  if (inBody && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** Prose limits made schema (see the header). */
function tighten(operationId: string, body: Schema): Schema {
  const output = (body.properties as Schema | undefined)?.output as Schema | undefined;
  if (output && (operationId === 'checks/create' || operationId === 'checks/update')) {
    const annotation = ((output.properties as Schema).annotations as Schema).items as Schema;
    const props = annotation.properties as Record<string, Schema>;
    (props.title as Schema).maxLength = 255;
    (props.message as Schema).maxBytes = 64 * 1024;
    (props.raw_details as Schema).maxBytes = 64 * 1024;
    if (operationId === 'checks/update') output.required = [...new Set([...((output.required as string[]) ?? []), 'title'])];
    // GitHub counts the 65,535 of summary and text in bytes: a summary of that many characters with
    // multi-byte text is refused.
    for (const key of ['summary', 'text']) ((output.properties as Record<string, Schema>)[key] as Schema).maxBytes = 65_535;
  }
  // Comment and review bodies: 65,536 (GitHub's "maximum is 65536 characters"), held here in bytes.
  const props = body.properties as Record<string, Schema> | undefined;
  if (props?.body && ['pulls/create-review', 'issues/create-comment', 'issues/update-comment'].includes(operationId)) props.body.maxBytes = 65_536;
  const inline = ((props?.comments as Schema | undefined)?.items as Schema | undefined)?.properties as Record<string, Schema> | undefined;
  if (inline?.body && operationId === 'pulls/create-review') inline.body.maxBytes = 65_536;
  return body;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, coerceTypes: false });
ajv.addKeyword({ keyword: 'maxBytes', type: 'string', schemaType: 'number', validate: (max: number, data: string) => Buffer.byteLength(data, 'utf8') <= max });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
const coercing = new Ajv({ allErrors: true, strict: false, coerceTypes: true, allowUnionTypes: true });
coercing.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
coercing.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
coercing.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);

interface Compiled {
  params: { name: string; in: string; required: boolean; validate: ValidateFunction }[];
  body?: ValidateFunction;
  bodyRequired: boolean;
}
const compiled = new Map<string, Compiled>();

function compile(op: Operation): Compiled {
  const cached = compiled.get(op.operationId);
  if (cached) return cached;
  const params = ((adapt(op.raw.parameters ?? [], false) as Schema[]) ?? []).map((p) => ({
    name: p.name as string,
    in: p.in as string,
    required: p.required === true,
    validate: coercing.compile({ type: 'object', properties: { value: p.schema as Schema }, required: ['value'] }),
  }));
  const requestBody = op.raw.requestBody as Schema | undefined;
  const bodySchema = requestBody ? ((requestBody.content as Schema)['application/json'] as Schema | undefined)?.schema : undefined;
  const result: Compiled = {
    params,
    bodyRequired: requestBody?.required === true,
    body: bodySchema ? ajv.compile(tighten(op.operationId, adapt(bodySchema, true) as Schema)) : undefined,
  };
  compiled.set(op.operationId, result);
  return result;
}

/** The operation a request is for, and everything about it that the spec forbids. */
export function checkRequest(request: RequestRecord): ContractResult {
  const op = loadOperations().find((o) => o.method === request.method && o.regex.test(request.path));
  if (!op) return { errors: [`no operation in the OpenAPI description matches ${request.method} ${request.path}`] };
  const c = compile(op);
  const errors: string[] = [];
  const match = op.regex.exec(request.path) as RegExpExecArray;
  const pathValues = Object.fromEntries(op.pathParams.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)]));
  for (const p of c.params) {
    const source = p.in === 'path' ? pathValues : p.in === 'query' ? request.query : undefined;
    if (!source) continue;
    const value = source[p.name];
    if (value === undefined) {
      if (p.required) errors.push(`missing ${p.in} parameter ${p.name}`);
      continue;
    }
    if (!p.validate({ value })) errors.push(`${p.in} parameter ${p.name}="${value}": ${(p.validate.errors ?? []).map((e) => e.message).join(', ')}`);
  }
  const known = new Set(c.params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of Object.keys(request.query)) if (!known.has(name)) errors.push(`unknown query parameter ${name}`);
  if (c.body) {
    if (request.body === undefined) {
      if (c.bodyRequired) errors.push('missing request body');
    } else if (!c.body(request.body)) {
      errors.push(...(c.body.errors ?? []).map((e) => `body${e.instancePath}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`));
    }
  } else if (request.body !== undefined && !(typeof request.body === 'string' && request.body === '')) {
    errors.push('a body was sent to an operation that takes none');
  }
  return { operationId: op.operationId, errors };
}
