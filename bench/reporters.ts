// npm run bench -- reporters [-- [--lines N] [--runs N] [--formats console,json]]
//
// Many findings in one file (issue 16, item 7): a committed `.env.example` of N `A=` lines (default
// 80,000: 240 KB) gives one env/duplicate-key finding per line. For each format: the CLI as a whole
// (main() in this process: policy, scan, render, scrub, write) and the reporter's render alone on the same
// report. Prints the median of --runs runs (default 3) with the min–max range.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../src/checks/index.js';
import { main } from '../src/cli/main.js';
import { scan } from '../src/core/engine.js';
import { loadPolicy } from '../src/policy/load.js';
import { reporterFor } from '../src/reporters/index.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const lines = Math.max(1, Number(option('--lines') ?? 80_000));
const runs = Math.max(1, Number(option('--runs') ?? 3));
const formats = (option('--formats') ?? 'console,json,markdown,sarif').split(',');

const root = join(process.cwd(), '.bench', 'reporters', `env-${lines}`);
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
writeFileSync(join(root, '.env.example'), 'A=\n'.repeat(lines));
writeFileSync(join(root, 'security-policy.yml'), 'version: 1\nextends: [recommended]\n');
const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: root });
git('init', '-q');
git('add', '-A');
git('commit', '-qm', 'bench');

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const s = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
  return `${s(median).padStart(9)} (${s(sorted[0] as number)}–${s(sorted[sorted.length - 1] as number)})`;
}

async function time(run: () => Promise<unknown> | unknown): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return ms;
}

const loaded = await loadPolicy({ root, checks: CHECKS });
const report = await scan({ root, loaded, checks: CHECKS });
const perFile = report.findings.filter((f) => f.location?.path === '.env.example').length;
console.log(`${lines} lines in .env.example: ${report.findings.length} findings (${perFile} in that file); median of ${runs} (min–max)`);
for (const format of formats) {
  const reporter = reporterFor(format);
  if (!reporter) throw new Error(`unknown format ${format}`);
  let bytes = 0;
  const whole = await time(async () => {
    bytes = 0;
    const io = { stdout: (t: string) => void (bytes += t.length), stderr: () => {}, isTTY: false, cwd: root, env: {} };
    await main(['scan', root, '--format', format], io);
  });
  const render = await time(() => reporter.render(report));
  console.log(`${format.padEnd(9)} CLI ${stats(whole)}   render ${stats(render)}   ${(bytes / 1024 / 1024).toFixed(1)} MB of output`);
}
