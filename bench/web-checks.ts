// The tests, rules, headers and cookies checks on a generated Next.js-style monorepo: how long each takes.
// npm run bench -- web-checks [-- <files>]   (default 4000 source files and 1000 test files)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHECKS } from '../src/checks/index.js';
import { scan } from '../src/core/engine.js';
import { loadPolicyText } from '../src/policy/load.js';

const sources = Number(process.argv[2] ?? 4000);
const tests = Math.round(sources / 4);
const root = join('.bench', 'web-checks');
rmSync(root, { recursive: true, force: true });

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

write('package.json', JSON.stringify({ name: 'bench', scripts: { test: 'vitest run', ci: 'npm run lint && npm test' }, dependencies: { next: '15.1.0', 'next-auth': '5.0.0', express: '4.21.0', helmet: '8.0.0' } }));
write('.github/workflows/ci.yml', 'on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm run ci\n');
write('next.config.ts', "const h = [{ key: 'X-Frame-Options', value: 'DENY' }, { key: 'Content-Security-Policy', value: \"default-src 'self'\" }];\nexport default { async headers() { return [{ source: '/(.*)', headers: h }]; } };\n");
write('auth.ts', "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({ providers: [] });\n");
for (let i = 0; i < sources; i++) {
  const kind = i % 10;
  const body =
    kind === 0 ? `import { cookies } from 'next/headers';\nexport async function POST() {\n  (await cookies()).set('session', token${i}, { httpOnly: true, secure: true, sameSite: 'lax' });\n}\n`
    : kind === 1 ? `export function middleware${i}(res) {\n  res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');\n  return res;\n}\n`
    : `import { useState } from 'react';\n// A component with strings that mention it.only( and 'unsafe-eval' in comments.\nexport function Widget${i}({ label }: { label: string }) {\n  const [open, setOpen] = useState(false);\n  const title = \`\${label} #${i}\`;\n  return <button aria-label={title} onClick={() => setOpen(!open)}>{open ? 'close' : 'open'}</button>;\n}\n`;
  write(`apps/web/src/components/c${Math.floor(i / 100)}/w${i}.tsx`, body);
}
for (let i = 0; i < tests; i++) {
  write(`apps/web/src/__tests__/t${Math.floor(i / 100)}/w${i}.test.tsx`, `import { describe, expect, it } from 'vitest';\ndescribe('w${i}', () => {\n  it('renders', () => { expect(${i}).toBe(${i}); });\n  it.skip('later', () => {});\n});\n`);
}
const git = (...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'user.email=b@b', '-c', 'user.name=b', '-c', 'commit.gpgsign=false', ...args], { cwd: root });
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'bench');

const policy = [
  'version: 1',
  'extends: [recommended, nextjs]',
  'rules:',
  '  - id: no-console',
  '    message: No console.log.',
  '    files: "apps/**/*.tsx"',
  '    forbid: "console\\\\.log\\\\("',
  '    strip-comments: true',
  '  - id: client-components-named',
  '    message: Components export a named function.',
  '    files: "apps/web/src/components/**/*.tsx"',
  '    require: "export (?:async )?function"',
  '',
].join('\n');
const loaded = await loadPolicyText('security-policy.yml', policy, { root, checks: CHECKS });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;

/** Scan time with only some checks enabled (the others' sections are switched off). */
async function timed(enabled: string[]): Promise<number> {
  const checks = Object.fromEntries(Object.entries(loaded.policy.checks).map(([id, section]) => [id, { ...section, enabled: enabled.includes(id) }]));
  const variant = { ...loaded, policy: { ...loaded.policy, checks } };
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const report = await scan({ root, loaded: variant, checks: CHECKS });
    times.push(report.stats.durationMs);
    if (run === 0 && enabled.length === 4) console.log(`${report.stats.files} files, ${report.findings.length} findings (${[...new Set(report.findings.map((f) => f.ruleId))].join(', ') || 'none'})`);
  }
  return median(times);
}

const all = ['tests', 'rules', 'headers', 'cookies'];
const total = await timed(all);
const none = await timed([]);
console.log(`scan with the four checks, median of 3: ${total} ms for ${sources} source + ${tests} test files (listing and engine alone: ${none} ms)`);
for (const id of all) console.log(`  ${id} alone: ${(await timed([id])) - none} ms over the listing`);
