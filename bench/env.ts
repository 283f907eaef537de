// The env check: parser throughput against dotenv, the readers over real JavaScript (node_modules), and
// a whole scan of a generated monorepo (apps with examples, packages, compose files, Python services).
// `npm run bench env -- <dir> [MB]` reads another tree for the reader figure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import dotenv from 'dotenv';
import { CHECKS } from '../src/checks/index.js';
import { parseDotenv } from '../src/checks/env/dotenv-parse.js';
import { readEnv } from '../src/checks/env/readers/index.js';
import { scan } from '../src/core/engine.js';
import { loadPolicyText } from '../src/policy/load.js';

function best(rounds: number, run: () => void): number {
  run();
  let ms = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

// 1. Parser: a realistic 20 MB env file (quotes, comments, multi-line values, exports).
const unit = [
  '# Database',
  'DATABASE_URL="postgresql://postgres:postgres@localhost:5432/app?schema=public"',
  "export NEXTAUTH_SECRET='changeme' # openssl rand -base64 32",
  'SMTP_HOST: smtp.example.com',
  'PRIVATE_KEY="-----BEGIN KEY-----\\nabc\\n-----END KEY-----"',
  'MULTI="line one',
  'line two"',
  'EMPTY=',
  'HASH=a#b',
].join('\n');
let text = '';
for (let i = 0; text.length < 20 * 1024 * 1024; i++) text += `${unit.replace(/^([A-Z_]+)/gm, `$1_${i}`)}\n`;
const mb = text.length / 1024 / 1024;
const ours = best(3, () => void parseDotenv(text));
const theirs = best(3, () => void dotenv.parse(text));
console.log(`parser: ${mb.toFixed(1)} MB env file   parseDotenv ${(mb / (ours / 1000)).toFixed(1)} MB/s (with positions and warnings)   dotenv.parse ${(mb / (theirs / 1000)).toFixed(1)} MB/s`);

// 2. Readers over real code.
const root = process.argv[2] ?? 'node_modules';
const budget = Number(process.argv[3] ?? 16) * 1024 * 1024;
const code: { path: string; text: string }[] = [];
let bytes = 0;
(function collect(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (bytes >= budget) return;
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) collect(path);
    else if (st.isFile() && /\.(?:[cm]?[jt]sx?|py)$/.test(name) && st.size < 1024 * 1024) {
      const t = readFileSync(path, 'utf8');
      code.push({ path: relative(root, path), text: t });
      bytes += t.length;
    }
  }
})(root);
let reads = 0;
const readersMs = best(3, () => {
  reads = 0;
  for (const f of code) reads += readEnv(f.path, f.text, []).reads.length;
});
console.log(`readers: ${code.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB of ${root}   ${(bytes / 1024 / 1024 / (readersMs / 1000)).toFixed(1)} MB/s   (${reads} reads)`);

// 3. A whole scan of a generated monorepo in a real git repository.
const repo = '.bench/env/monorepo';
rmSync(repo, { recursive: true, force: true });
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
};
write('.gitignore', 'node_modules\n.env\n.env*.local\n');
write('package.json', '{"workspaces":["apps/*","packages/*"]}');
for (let a = 0; a < 20; a++) {
  const vars = Array.from({ length: 40 }, (_, v) => `APP${a}_VAR_${v}`);
  write(`apps/app${a}/.env.example`, `${vars.slice(0, 38).map((v) => `${v}=`).join('\n')}\n`);
  write(`apps/app${a}/docker-compose.yml`, `services:\n  api:\n    environment:\n${vars.slice(0, 5).map((v) => `      ${v}: \${${v}:-x}`).join('\n')}\n`);
  for (let f = 0; f < 250; f++) {
    const v = vars[f % vars.length];
    write(`apps/app${a}/src/module${f}.ts`, `import { x } from './x';\n// process.env.COMMENTED\nexport const value${f} = process.env.${v} ?? 'x';\nexport const url = \`\${process.env.${v}}/path\`;\nexport function f${f}() { return x + ${f}; }\n`.repeat(4));
  }
  for (let f = 0; f < 50; f++) write(`apps/app${a}/service/mod${f}.py`, `import os\nVALUE = os.getenv("${vars[f % vars.length]}", "x")\n\ndef run():\n    return VALUE\n`);
}
execFileSync('git', ['init', '-q'], { cwd: repo });
execFileSync('git', ['add', '-A'], { cwd: repo });
execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-qm', 'bench'], { cwd: repo });
const policy = 'version: 1\nextends: []\nchecks:\n  env: {}\n';
const loaded = await loadPolicyText('security-policy.yml', policy, { root: repo, checks: CHECKS });
await scan({ root: repo, loaded, checks: CHECKS }); // warm up
const t0 = performance.now();
const report = await scan({ root: repo, loaded, checks: CHECKS });
const ms = performance.now() - t0;
const envMs = report.checks.find((c) => c.id === 'env')?.durationMs ?? 0;
console.log(`scan: generated monorepo, ${report.stats.files} files, ${(report.stats.bytes / 1024 / 1024).toFixed(1)} MB read   whole scan ${ms.toFixed(0)} ms (env check ${envMs} ms)   ${report.findings.length} findings`);
