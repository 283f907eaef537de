import { Ajv, _ } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import type { JsonSchema } from '../core/check.js';
import { AJV_OPTIONS, schemaDigest, setUpAjv } from './ajv-setup.js';

const RUNTIME: Record<string, string> = {
  'ajv/dist/runtime/equal': '__sgRuntime.equal',
  'ajv/dist/runtime/ucs2length': '__sgRuntime.ucs2length',
};

/**
 * The source of a module that replaces precompiled-validator.ts: ajv's standalone code for `schema`,
 * compiled with the options and formats of run time, importing the formats and helpers from `setupModule`.
 * Build-time only (scripts/bundle.mjs and its test); nothing at run time imports this file.
 */
export function precompiledModule(schema: JsonSchema, setupModule: string): string {
  const ajv = setUpAjv(new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, formats: _`__sgFormats` } }));
  const validate = ajv.compile(schema);
  // A CommonJS module: its function is `default` under Node and under the bundler alike.
  const build = (standalone as unknown as { default: typeof standalone.default & { default?: typeof standalone.default } }).default;
  const code = (build.default ?? build)(ajv, validate).replace(/require\("([^"]+)"\)\.default/g, (_m: string, module: string) => {
    const local = RUNTIME[module];
    if (!local) throw new Error(`the precompiled policy validator needs ${module}, which it does not provide`);
    return local;
  });
  if (/\brequire\(/.test(code)) throw new Error('the precompiled policy validator still requires a module');
  const name = /export default (\w+);/.exec(code)?.[1];
  if (!name) throw new Error('ajv standalone code without a default export');
  return [
    `import { POLICY_FORMATS as __sgFormats, AJV_RUNTIME as __sgRuntime } from ${JSON.stringify(setupModule)};`,
    code,
    `export const PRECOMPILED = { digest: ${JSON.stringify(schemaDigest(schema))}, validate: ${name} };`,
  ].join('\n');
}
