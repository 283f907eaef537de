// Builds dist/index.js (the action) and dist/cli.js (the CLI): self-contained ESM files for Node 20+.
// `--outdir <dir>` builds elsewhere (tests build a private copy, so that they never race on dist/).
import { build } from 'esbuild';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `import text from './file.yml?raw'` gives the file's text, as it does under vitest. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.slice(0, -4), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

/**
 * @actions/core imports @actions/http-client only for OIDC tokens, which this action never requests; its
 * `undici` import alone would add 780 KiB. It resolves to a stub that fails loudly if ever used.
 */
const noUndiciPlugin = {
  name: 'no-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.includes('@actions/http-client') ? { path: 'undici', namespace: 'undici-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'undici-stub' }, () => ({
      contents: "export class ProxyAgent { constructor() { throw new Error('undici is not bundled in Security Gate'); } }",
      loader: 'js',
    }));
  },
};

/**
 * The policy schema's validator, compiled here rather than on every run (a pre-commit hook would spend
 * 100–150 ms of CPU on it): src/policy/precompiled-validator.ts becomes ajv's standalone code for the
 * schema the checks define (see src/policy/precompile.ts). The generator is bundled from the sources first.
 */
const precompiledValidatorPlugin = {
  name: 'precompiled-policy-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]precompiled-validator\.ts$/ }, async (args) => {
      // Inside node_modules, so that the generator's own imports (ajv, yaml, …) resolve.
      const generator = resolve(`node_modules/.cache/security-gate/precompile-${process.pid}.mjs`);
      await mkdir(dirname(generator), { recursive: true });
      try {
        await build({
          stdin: {
            contents: "export { precompiledModule } from './src/policy/precompile.ts'; export { buildPolicySchema } from './src/policy/schema.ts'; export { CHECKS } from './src/checks/index.ts';",
            resolveDir: process.cwd(),
            loader: 'ts',
          },
          outfile: generator,
          bundle: true,
          platform: 'node',
          format: 'esm',
          packages: 'external',
          logLevel: 'warning',
          plugins: [rawPlugin],
        });
        const { precompiledModule, buildPolicySchema, CHECKS } = await import(pathToFileURL(generator).href);
        return { contents: precompiledModule(buildPolicySchema(CHECKS), './ajv-setup.ts'), loader: 'js', resolveDir: dirname(args.path) };
      } finally {
        await rm(generator, { force: true });
      }
    });
  },
};

// Bundled CommonJS dependencies call require() for Node built-ins; give ESM output a real require.
const banner = "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);";

const at = process.argv.indexOf('--outdir');
const outdir = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'dist';

await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: false,
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: false,
  legalComments: 'none',
  treeShaking: true,
  metafile: true,
  logLevel: 'warning',
  banner: { js: banner },
  plugins: [rawPlugin, noUndiciPlugin, precompiledValidatorPlugin],
});

// The CLI is an executable. writeFile's mode applies only to a file it creates, and esbuild created this
// one: chmod, so that the mode git records (100755) matches a fresh bundle.
const cli = await readFile(`${outdir}/cli.js`, 'utf8');
await writeFile(`${outdir}/cli.js`, `#!/usr/bin/env node\n${cli}`);
await chmod(`${outdir}/cli.js`, 0o755);

// Licences of the bundled third-party packages.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.set(m[1], `node_modules/${m[1]}`);
}
const sections = [];
for (const [name, dir] of [...packages].sort()) {
  const pkg = JSON.parse(await readFile(`${dir}/package.json`, 'utf8'));
  let text = '';
  for (const file of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE', 'license.md']) {
    try {
      text = (await readFile(`${dir}/${file}`, 'utf8')).trim();
      break;
    } catch {}
  }
  sections.push(`${name}@${pkg.version}\n${pkg.license ?? 'UNKNOWN'}\n${text}`);
}
await writeFile(`${outdir}/licenses.txt`, `${sections.join('\n\n-----\n\n')}\n`);

for (const file of [`${outdir}/index.js`, `${outdir}/cli.js`]) {
  const { size } = await stat(file);
  console.log(`${file}: ${(size / 1024).toFixed(0)} KiB`);
}
