// npm run bench [name ...]: builds each bench/<name>.ts with esbuild and runs it in its own Node process,
// so that one benchmark's memory does not colour the next. Without names, every benchmark runs.
// Extra arguments after `--` go to the benchmarks (e.g. a checkout to scan).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const names = (dash === -1 ? args : args.slice(0, dash)).filter(Boolean);
const passThrough = dash === -1 ? [] : args.slice(dash + 1);
const all = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3)).sort();
const selected = names.length ? names : all;
for (const name of selected) if (!all.includes(name)) throw new Error(`no benchmark bench/${name}.ts (have: ${all.join(', ')})`);

const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: new URL(a.path.slice(0, -4), `file://${a.resolveDir}/`).pathname, namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (a) => ({ contents: await readFile(a.path, 'utf8'), loader: 'text' }));
  },
};

mkdirSync('.bench/build', { recursive: true });
let failed = 0;
for (const name of selected) {
  const outfile = `.bench/build/${name}.mjs`;
  await build({
    entryPoints: [`bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [rawPlugin],
    logLevel: 'warning',
  });
  console.log(`\n=== bench/${name} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...passThrough], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
