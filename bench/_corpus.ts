// Deterministic generator of a realistic repository for the secrets benchmark: source in several languages
// with the words real code is full of (token, key, secret, password, auth), configuration with variable
// references and placeholders, documentation, tests with hashes and UUIDs, lockfiles full of integrity
// hashes, minified bundles with long lines and data URIs, and a few planted real-format secrets.
import { ALNUM, BASE64, HEX, Random } from './_random.js';

const WORDS = (
  'user account order invoice payment customer session request response client server handler router ' +
  'config settings option value result error status message event queue worker job task cache store ' +
  'record item list map set index count total amount price currency date time timeout retry limit ' +
  'token key secret password auth credential permission role scope policy access refresh expires ' +
  'header body query param path route url host port database table column row schema model entity ' +
  'service provider factory builder adapter manager controller repository util helper parser format ' +
  'render view component props state context hook effect memo ref theme style layout page form field ' +
  'input output buffer stream file reader writer logger metric trace span tenant org team member ' +
  'email name title description label id uuid hash digest signature nonce salt cipher encrypt decrypt ' +
  'upload download attachment image thumbnail preview search filter sort page cursor offset batch ' +
  'webhook callback notify subscription plan feature flag toggle experiment variant region zone cluster ' +
  'node pod container image registry deploy release version build artifact pipeline stage step check'
).split(' ');

const TYPES = ['string', 'number', 'boolean', 'Date', 'Buffer', 'Record<string, unknown>', 'unknown[]', 'Promise<void>'];

function camel(r: Random, n = r.int(1, 3)): string {
  let out = r.pick(WORDS);
  for (let i = 1; i < n; i++) {
    const w = r.pick(WORDS);
    out += w[0]?.toUpperCase() + w.slice(1);
  }
  return out;
}

function snake(r: Random, n = r.int(1, 3)): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(r.pick(WORDS));
  return parts.join('_');
}

function pascal(r: Random, n = r.int(1, 3)): string {
  const c = camel(r, n);
  return c[0]?.toUpperCase() + c.slice(1);
}

function sentence(r: Random, min = 5, max = 16): string {
  const n = r.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
  const s = words.join(' ');
  return s[0]?.toUpperCase() + s.slice(1) + '.';
}

function uuid(r: Random): string {
  return `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
}

const CREDENTIAL_NAME = /token|secret|passw|credential|key|auth|salt|signature/i;

/**
 * A value a config may hold that is not a secret. Under a credential-like name, as in real code: a
 * reference, a placeholder or a word; elsewhere also ids and digests.
 */
function harmlessValue(r: Random, name: string, key: string): string {
  const credential = CREDENTIAL_NAME.test(key);
  switch (credential ? r.pick([0, 1, 2, 6, 7, 8, 9]) : r.int(0, 9)) {
    case 0:
      return `process.env.${name.toUpperCase()}`;
    case 1:
      return `'\${${name.toUpperCase()}}'`;
    case 2:
      return `'<your-${name.replace(/_/g, '-')}>'`;
    case 3:
      return `'${uuid(r)}'`;
    case 4:
      return `'sha256:${r.chars(HEX, 64)}'`;
    case 5:
      return `'${r.chars(HEX, 40)}'`;
    case 6:
      return `config.get('${name}')`;
    case 7:
      return `'changeme'`;
    case 8:
      return `'xxxxxxxxxxxxxxxx'`;
    default:
      return `'${snake(r, 2)}'`;
  }
}

/** Lines with a running size, so that generators stop at a byte budget without joining as they go. */
class Out {
  private readonly lines: string[] = [];
  size = 0;

  constructor(...lines: string[]) {
    this.push(...lines);
  }

  push(...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.size += line.length + 1;
    }
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

// ---- languages ---------------------------------------------------------------------------------------

function tsFile(r: Random, target: number): string {
  const out = new Out();
  for (let i = 0; i < r.int(2, 8); i++) out.push(`import { ${camel(r)}, ${pascal(r)} } from '${r.chance(0.5) ? '../' : './'}${camel(r, 2)}.js';`);
  out.push('');
  while (out.size < target) {
    switch (r.int(0, 5)) {
      case 0: {
        const name = pascal(r);
        out.push(`export interface ${name} {`);
        for (let i = 0; i < r.int(3, 10); i++) out.push(`  ${camel(r)}${r.chance(0.3) ? '?' : ''}: ${r.pick(TYPES)};`);
        out.push('}', '');
        break;
      }
      case 1: {
        out.push(`/** ${sentence(r)} */`);
        out.push(`export async function ${camel(r, 2)}(${camel(r)}: ${r.pick(TYPES)}, options: ${pascal(r)} = {}): Promise<${pascal(r)}> {`);
        for (let i = 0; i < r.int(4, 20); i++) {
          const kind = r.int(0, 5);
          if (kind === 0) out.push(`  const ${camel(r)} = await this.${camel(r)}.${camel(r)}(${camel(r)}, { ${camel(r)}: ${r.int(0, 1000)} });`);
          else if (kind === 1) out.push(`  if (!${camel(r)}.${camel(r)}) throw new Error('${sentence(r, 3, 8)}');`);
          else if (kind === 2) out.push(`  // ${sentence(r)}`);
          else if (kind === 3) out.push(`  ${camel(r)}.headers['Authorization'] = \`Bearer \${${camel(r)}.token}\`;`);
          else if (kind === 4) out.push(`  log.debug(\`${sentence(r, 2, 6)} \${${camel(r)}.id}\`);`);
          else out.push(`  return { ...${camel(r)}, ${camel(r)}: ${camel(r)}.${camel(r)} ?? null };`);
        }
        out.push('}', '');
        break;
      }
      case 2: {
        out.push(`export const ${camel(r, 2)}Config = {`);
        for (let i = 0; i < r.int(3, 10); i++) {
          const key = camel(r);
          out.push(`  ${key}: ${harmlessValue(r, snake(r, 2), key)},`);
        }
        out.push('};', '');
        break;
      }
      case 3: {
        out.push(`export class ${pascal(r)}${r.chance(0.3) ? ` extends ${pascal(r)}` : ''} {`);
        out.push(`  private readonly ${camel(r)} = new Map<string, ${pascal(r)}>();`);
        out.push(`  constructor(private readonly ${camel(r)}: ${pascal(r)}) {}`);
        for (let i = 0; i < r.int(1, 5); i++) {
          out.push(`  ${camel(r, 2)}(${camel(r)}: ${r.pick(TYPES)}): ${r.pick(TYPES)} {`);
          out.push(`    return this.${camel(r)}.get(${camel(r)}.${camel(r)}) as never;`);
          out.push('  }');
        }
        out.push('}', '');
        break;
      }
      case 4:
        out.push(`const ${camel(r)}Keys = Object.keys(${camel(r)}).filter((key) => key.startsWith('${r.pick(WORDS)}_'));`);
        break;
      default:
        out.push(`// TODO(${r.pick(WORDS)}): ${sentence(r)}`);
    }
  }
  return out.text();
}

function pyFile(r: Random, target: number): string {
  const out = new Out(`"""${sentence(r)}"""`, 'import os', 'import logging', `from ${snake(r)} import ${pascal(r)}, ${snake(r)}`, '');
  while (out.size < target) {
    switch (r.int(0, 3)) {
      case 0:
        out.push(`class ${pascal(r)}(${pascal(r)}):`, `    """${sentence(r)}"""`, '');
        for (let i = 0; i < r.int(1, 4); i++) {
          out.push(`    def ${snake(r, 2)}(self, ${snake(r)}, ${snake(r)}=None):`);
          for (let j = 0; j < r.int(2, 8); j++) out.push(`        ${snake(r)} = self.${snake(r)}.get(${snake(r)}, ${r.int(0, 99)})`);
          out.push(`        return ${snake(r)}`, '');
        }
        break;
      case 1:
        out.push(`${snake(r, 2).toUpperCase()} = os.environ.get("${snake(r, 2).toUpperCase()}", "")`);
        break;
      case 2:
        out.push(`def ${snake(r, 2)}(${snake(r)}: str, token: str | None = None) -> dict:`, `    logging.info("${sentence(r, 2, 6)} %s", ${snake(r)})`);
        out.push(`    headers = {"Authorization": f"Bearer {token}"}`, `    return {"${snake(r)}": ${snake(r)}, "headers": headers}`, '');
        break;
      default:
        out.push(`# ${sentence(r)}`);
    }
  }
  return out.text();
}

function goFile(r: Random, target: number): string {
  const out = new Out(`package ${r.pick(WORDS)}`, '', 'import (', '\t"context"', '\t"fmt"', '\t"os"', ')', '');
  while (out.size < target) {
    if (r.chance(0.4)) {
      out.push(`type ${pascal(r)} struct {`);
      for (let i = 0; i < r.int(2, 8); i++) out.push(`\t${pascal(r)} ${r.pick(['string', 'int', 'bool', '[]byte', 'time.Time'])} \`json:"${snake(r)}"\``);
      out.push('}', '');
    } else {
      out.push(`// ${pascal(r, 2)} ${sentence(r)}`, `func ${pascal(r, 2)}(ctx context.Context, ${camel(r)} string) (*${pascal(r)}, error) {`);
      for (let i = 0; i < r.int(2, 10); i++) out.push(`\t${camel(r)} := os.Getenv("${snake(r, 2).toUpperCase()}")`, `\tif ${camel(r)} == "" {`, `\t\treturn nil, fmt.Errorf("${sentence(r, 2, 5)}: %w", err)`, '\t}');
      out.push('\treturn nil, nil', '}', '');
    }
  }
  return out.text();
}

function javaFile(r: Random, target: number): string {
  const cls = pascal(r);
  const out = new Out(`package com.${r.pick(WORDS)}.${r.pick(WORDS)};`, '', `import java.util.${r.pick(['List', 'Map', 'Optional'])};`, '', `public class ${cls} {`);
  while (out.size < target) {
    out.push(`    private final ${pascal(r)} ${camel(r)};`);
    out.push(`    /** ${sentence(r)} */`, `    public ${pascal(r)} ${camel(r, 2)}(${pascal(r)} ${camel(r)}) {`);
    for (let i = 0; i < r.int(2, 8); i++) out.push(`        ${pascal(r)} ${camel(r)} = this.${camel(r)}.${camel(r)}(${camel(r)});`);
    out.push(`        return ${camel(r)};`, '    }');
  }
  out.push('}');
  return out.text();
}

function rubyFile(r: Random, target: number): string {
  const out = new Out(`module ${pascal(r)}`, `  class ${pascal(r)} < ${pascal(r)}`);
  while (out.size < target) {
    out.push(`    def ${snake(r, 2)}(${snake(r)})`, `      @${snake(r)} ||= ENV.fetch("${snake(r, 2).toUpperCase()}", nil)`, `      ${snake(r)}.${snake(r)}(${snake(r)}: ${r.int(1, 99)})`, '    end', '');
  }
  out.push('  end', 'end');
  return out.text();
}

function rustFile(r: Random, target: number): string {
  const out = new Out(`use std::collections::HashMap;`, `use crate::${snake(r)}::${pascal(r)};`, '');
  while (out.size < target) {
    out.push(`/// ${sentence(r)}`, `pub fn ${snake(r, 2)}(${snake(r)}: &str) -> Result<${pascal(r)}, Error> {`);
    for (let i = 0; i < r.int(2, 8); i++) out.push(`    let ${snake(r)} = std::env::var("${snake(r, 2).toUpperCase()}").unwrap_or_default();`);
    out.push(`    Ok(${pascal(r)}::default())`, '}', '');
  }
  return out.text();
}

function yamlFile(r: Random, target: number): string {
  const out = new Out();
  if (r.chance(0.5)) {
    out.push('name: CI', 'on: [push, pull_request]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4');
    while (out.size < target) {
      out.push(`      - name: ${sentence(r, 2, 5)}`, `        run: npm run ${r.pick(WORDS)}`, '        env:', `          ${snake(r, 2).toUpperCase()}: \${{ secrets.${snake(r, 2).toUpperCase()} }}`);
    }
  } else {
    out.push('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${r.pick(WORDS)}-${r.pick(WORDS)}`, 'spec:', '  template:', '    spec:', '      containers:');
    while (out.size < target) {
      out.push(`        - name: ${r.pick(WORDS)}`, `          image: registry.example.com/${r.pick(WORDS)}@sha256:${r.chars(HEX, 64)}`, '          env:');
      for (let i = 0; i < r.int(1, 4); i++) out.push(`            - name: ${snake(r, 2).toUpperCase()}`, '              valueFrom:', '                secretKeyRef:', `                  name: ${r.pick(WORDS)}-secret`, `                  key: ${r.pick(WORDS)}`);
    }
  }
  return out.text();
}

function jsonFile(r: Random, target: number): string {
  const obj: Record<string, unknown> = {};
  let size = 2;
  while (size < target) {
    const key = camel(r);
    const value = r.chance(0.3) ? { [camel(r)]: r.int(0, 99999), [camel(r)]: sentence(r, 2, 6), id: uuid(r) } : r.chance(0.5) ? sentence(r, 2, 8) : r.int(0, 1e6);
    obj[`${key}${size}`] = value;
    size += key.length + JSON.stringify(value).length + 8;
  }
  return JSON.stringify(obj, null, 2) + '\n';
}

function markdownFile(r: Random, target: number): string {
  const out = new Out(`# ${pascal(r, 2)}`, '');
  while (out.size < target) {
    switch (r.int(0, 3)) {
      case 0:
        out.push(`## ${sentence(r, 2, 5)}`, '', sentence(r, 10, 30), '');
        break;
      case 1:
        out.push('```bash', `export ${snake(r, 2).toUpperCase()}=your-${r.pick(WORDS)}-key`, `curl -H "Authorization: Bearer <token>" https://api.example.com/v1/${r.pick(WORDS)}`, '```', '');
        break;
      case 2:
        out.push(`- \`${camel(r)}\`: ${sentence(r)}`);
        break;
      default:
        out.push(sentence(r, 15, 40), '');
    }
  }
  return out.text();
}

function cssFile(r: Random, target: number): string {
  const out = new Out();
  while (out.size < target) {
    out.push(`.${r.pick(WORDS)}-${r.pick(WORDS)} {`, `  color: #${r.chars(HEX, 6)};`, `  margin: ${r.int(0, 32)}px ${r.int(0, 32)}px;`, `  background: url("data:image/svg+xml;base64,${r.chars(BASE64, r.int(40, 200))}");`, '}');
  }
  return out.text();
}

function sqlFile(r: Random, target: number): string {
  const out = new Out();
  while (out.size < target) {
    out.push(`CREATE TABLE ${snake(r, 2)} (`, '  id UUID PRIMARY KEY,', `  ${snake(r)} TEXT NOT NULL,`, `  password_hash TEXT NOT NULL,`, '  created_at TIMESTAMPTZ DEFAULT now()', ');');
    out.push(`INSERT INTO ${snake(r)} (id, ${snake(r)}) VALUES ('${uuid(r)}', '${sentence(r, 2, 4)}');`);
  }
  return out.text();
}

function shellFile(r: Random, target: number): string {
  const out = new Out('#!/usr/bin/env bash', 'set -euo pipefail');
  while (out.size < target) {
    out.push(`${snake(r, 2).toUpperCase()}="\${${snake(r, 2).toUpperCase()}:-}"`, `if [ -z "$TOKEN" ]; then echo "${sentence(r, 3, 6)}" >&2; exit 1; fi`, `curl -fsS -H "Authorization: token $TOKEN" "https://api.github.com/repos/$REPO/${r.pick(WORDS)}"`);
  }
  return out.text();
}

function testFile(r: Random, target: number): string {
  const out = new Out(`import { describe, expect, it } from 'vitest';`, '');
  out.push(`describe('${camel(r, 2)}', () => {`);
  while (out.size < target) {
    out.push(`  it('${sentence(r, 3, 8)}', async () => {`);
    out.push(`    const ${camel(r)} = await ${camel(r, 2)}({ id: '${uuid(r)}', commit: '${r.chars(HEX, 40)}' });`);
    out.push(`    expect(${camel(r)}.digest).toBe('${r.chars(HEX, 64)}');`);
    out.push(`    expect(${camel(r)}.token).toBeUndefined();`);
    out.push('  });');
  }
  out.push('});');
  return out.text();
}

function envExample(r: Random): string {
  const out = new Out();
  for (let i = 0; i < r.int(5, 20); i++) out.push(`${snake(r, 2).toUpperCase()}=${r.pick(['', 'changeme', 'your-api-key', '<token>', 'http://localhost:3000', 'postgres://postgres:postgres@localhost:5432/app'])}`);
  return out.text();
}

// ---- lockfiles and bundles ---------------------------------------------------------------------------

function packageLock(r: Random, target: number): string {
  const packages: Record<string, unknown> = { '': { name: r.pick(WORDS), version: '1.0.0' } };
  let size = 0;
  while (size < target) {
    const name = `${r.chance(0.3) ? `@${r.pick(WORDS)}/` : ''}${r.pick(WORDS)}-${r.pick(WORDS)}`;
    const version = `${r.int(0, 12)}.${r.int(0, 30)}.${r.int(0, 20)}`;
    const entry = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
      integrity: `sha512-${r.chars(BASE64, 86)}==`,
      dev: r.chance(0.5) || undefined,
      license: 'MIT',
      dependencies: r.chance(0.5) ? { [`${r.pick(WORDS)}-${r.pick(WORDS)}`]: `^${r.int(0, 9)}.${r.int(0, 9)}.0` } : undefined,
    };
    packages[`node_modules/${name}`] = entry;
    size += 320;
  }
  return JSON.stringify({ name: r.pick(WORDS), lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

function yarnLock(r: Random, target: number): string {
  const out = new Out('# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '');
  while (out.size < target) {
    const name = `${r.pick(WORDS)}-${r.pick(WORDS)}`;
    const version = `${r.int(0, 12)}.${r.int(0, 30)}.${r.int(0, 20)}`;
    out.push(`${name}@^${version}:`, `  version "${version}"`, `  resolved "https://registry.yarnpkg.com/${name}/-/${name}-${version}.tgz#${r.chars(HEX, 40)}"`, `  integrity sha512-${r.chars(BASE64, 86)}==`, '');
  }
  return out.text();
}

function goSum(r: Random, target: number): string {
  const out = new Out();
  while (out.size < target) {
    const mod = `github.com/${r.pick(WORDS)}/${r.pick(WORDS)}`;
    const version = `v${r.int(0, 3)}.${r.int(0, 30)}.${r.int(0, 20)}`;
    out.push(`${mod} ${version} h1:${r.chars(BASE64, 43)}=`, `${mod} ${version}/go.mod h1:${r.chars(BASE64, 43)}=`);
  }
  return out.text();
}

function cargoLock(r: Random, target: number): string {
  const out = new Out('# This file is automatically @generated by Cargo.', 'version = 3', '');
  while (out.size < target) {
    out.push('[[package]]', `name = "${r.pick(WORDS)}-${r.pick(WORDS)}"`, `version = "${r.int(0, 3)}.${r.int(0, 30)}.${r.int(0, 20)}"`, 'source = "registry+https://github.com/rust-lang/crates.io-index"', `checksum = "${r.chars(HEX, 64)}"`, '');
  }
  return out.text();
}

function minifiedBundle(r: Random, target: number): string {
  const parts: string[] = ['/*! For license information please see bundle.js.LICENSE.txt */', '(()=>{"use strict";var e={'];
  let size = 0;
  while (size < target) {
    let piece: string;
    switch (r.int(0, 6)) {
      case 0:
        piece = `${r.int(1, 9999)}:(e,t,n)=>{n.d(t,{${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}:()=>${r.chars('abcdefghijklmnopqrstuvwxyz', 2)}});`;
        break;
      case 1:
        piece = `const ${r.chars('abcdefghijklmnopqrstuvwxyz', 2)}="${sentence(r, 2, 6)}",${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}=${r.int(0, 1e6)};`;
        break;
      case 2:
        piece = `src:"data:image/png;base64,${r.chars(BASE64, r.int(100, 2000))}",`;
        break;
      case 3:
        piece = `function ${r.chars('abcdefghijklmnopqrstuvwxyz', 2)}(e,t){return e.token&&t.headers?{...t,Authorization:"Bearer "+e.token}:t}`;
        break;
      case 4: {
        // Random ids under ordinary names; under credential-like names, what bundles really hold there.
        const key = camel(r);
        piece = CREDENTIAL_NAME.test(key) ? `"${key}":"${r.pick(['', 'Bearer ', 'x-api-key', `${key}_missing`])}",` : `"${key}":"${r.chars(ALNUM, r.int(8, 24))}",`;
        break;
      }
      case 5:
        piece = `integrity:"sha384-${r.chars(BASE64, 64)}",`;
        break;
      default:
        piece = `if(!${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}.${camel(r)})throw new Error("${sentence(r, 2, 6)}");`;
    }
    parts.push(piece);
    size += piece.length;
  }
  parts.push('}})();', `//# sourceMappingURL=${r.pick(WORDS)}.js.map`);
  return parts.join('') + '\n';
}

// ---- the tree ----------------------------------------------------------------------------------------

export interface GeneratedFile {
  path: string;
  content: string;
}

export interface Planted {
  path: string;
  /** What the secret is, for the recall count. */
  secret: string;
}

type Maker = { weight: number; dir: string[]; ext: string; make: (r: Random, size: number) => string; median: number };

const MAKERS: Maker[] = [
  { weight: 30, dir: ['src', 'src/lib', 'src/api', 'packages/web/src', 'packages/core/src', 'app/routes'], ext: 'ts', make: tsFile, median: 6000 },
  { weight: 8, dir: ['src/components', 'app/components'], ext: 'tsx', make: tsFile, median: 5000 },
  { weight: 6, dir: ['scripts', 'public/js', 'lib'], ext: 'js', make: tsFile, median: 5000 },
  { weight: 10, dir: ['services/api', 'services/worker', 'tools'], ext: 'py', make: pyFile, median: 6000 },
  { weight: 7, dir: ['cmd/server', 'internal/store', 'pkg/auth'], ext: 'go', make: goFile, median: 7000 },
  { weight: 4, dir: ['android/app/src/main/java/com/acme'], ext: 'java', make: javaFile, median: 7000 },
  { weight: 3, dir: ['lib/tasks', 'app/models'], ext: 'rb', make: rubyFile, median: 4000 },
  { weight: 3, dir: ['crates/core/src'], ext: 'rs', make: rustFile, median: 6000 },
  { weight: 5, dir: ['.github/workflows', 'deploy/k8s', 'config'], ext: 'yml', make: yamlFile, median: 2500 },
  { weight: 5, dir: ['config', 'fixtures', 'i18n'], ext: 'json', make: jsonFile, median: 6000 },
  { weight: 6, dir: ['docs', 'docs/guides', '.'], ext: 'md', make: markdownFile, median: 5000 },
  { weight: 3, dir: ['src/styles', 'public/css'], ext: 'css', make: cssFile, median: 5000 },
  { weight: 2, dir: ['migrations', 'db'], ext: 'sql', make: sqlFile, median: 4000 },
  { weight: 2, dir: ['scripts', 'bin'], ext: 'sh', make: shellFile, median: 2000 },
  { weight: 9, dir: ['__tests__', 'tests', 'src/__tests__'], ext: 'test.ts', make: testFile, median: 6000 },
];

const TOTAL_WEIGHT = MAKERS.reduce((n, m) => n + m.weight, 0);

/**
 * Generates files until `totalBytes` is reached. About 82% of the bytes are source, 11% lockfiles, 7%
 * minified bundles, as in a typical web monorepo; `plant` adds the secrets (by index of the file).
 */
export function* generateTree(
  seed: number,
  totalBytes: number,
  plant: (r: Random, index: number) => GeneratedFile | undefined,
  /** `sourceScale` shrinks (or grows) source files: 0.42 gives ~100 files per MB instead of ~48. */
  options: { sourceScale?: number } = {},
): Generator<GeneratedFile> {
  const scale = options.sourceScale ?? 1;
  const r = new Random(seed);
  let bytes = 0;
  let index = 0;
  const lockBudget = totalBytes * 0.11;
  const bundleBudget = totalBytes * 0.07;
  let lockBytes = 0;
  let bundleBytes = 0;
  const seen = new Set<string>();
  const unique = (path: string) => {
    let p = path;
    let n = 1;
    while (seen.has(p)) p = path.replace(/(\.[^./]+)$/, `-${n++}$1`);
    seen.add(p);
    return p;
  };
  while (bytes < totalBytes) {
    index++;
    let file: GeneratedFile;
    const planted = plant(r, index);
    if (planted) file = { path: unique(planted.path), content: planted.content };
    else if (lockBytes < lockBudget && r.chance(0.006)) {
      const kind = r.int(0, 3);
      const size = Math.min(4_000_000, Math.max(200_000, r.logNormal(900_000, 0.6)));
      const dir = `${r.pick(['packages/web', 'packages/core', 'apps/site', 'services/worker', 'tools/cli', '.'])}`;
      const [name, make] =
        kind === 0 ? ['package-lock.json', packageLock] as const
        : kind === 1 ? ['yarn.lock', yarnLock] as const
        : kind === 2 ? ['go.sum', goSum] as const
        : ['Cargo.lock', cargoLock] as const;
      file = { path: unique(`${dir}/${name}`.replace(/^\.\//, '')), content: make(r, size) };
      lockBytes += file.content.length;
    } else if (bundleBytes < bundleBudget && r.chance(0.004)) {
      const size = Math.min(3_000_000, Math.max(150_000, r.logNormal(700_000, 0.6)));
      file = { path: unique(`${r.pick(['public/assets', 'dist', 'static/js'])}/${r.pick(WORDS)}.${r.chars(HEX, 8)}.min.js`), content: minifiedBundle(r, size) };
      bundleBytes += file.content.length;
    } else if (r.chance(0.01)) {
      file = { path: unique(`${r.pick(['.', 'services/api', 'apps/site'])}/.env.example`.replace(/^\.\//, '')), content: envExample(r) };
    } else {
      let w = r.next() * TOTAL_WEIGHT;
      let maker = MAKERS[0] as Maker;
      for (const m of MAKERS) {
        w -= m.weight;
        if (w <= 0) {
          maker = m;
          break;
        }
      }
      const size = Math.min(160_000, Math.max(300, r.logNormal(maker.median * 1.9 * scale, 1.0)));
      const dir = r.pick(maker.dir);
      const path = `${dir === '.' ? '' : `${dir}/`}${camel(r, 2)}.${maker.ext}`;
      file = { path: unique(path), content: maker.make(r, size) };
    }
    bytes += file.content.length;
    yield file;
  }
}
