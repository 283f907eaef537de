// The secrets detector on degenerate files (issue 16, item 11): files of private-key armour lines without
// bodies, PuTTY headers without keys, Kubernetes `kind: Secret` and `data:` lines without manifests,
// service-account `"type"` lines without keys. Each is timed against 4 MB of ordinary generated source:
// a multi-line rule whose gap runs 64 KiB past every start would take hundreds of times longer per MB.
// `npm run bench -- secrets-degenerate [-- --runs N] [--mb N] [--only TEXT]`: the median of N runs
// (default 3) with min–max, in CPU time; degenerate files of N MB (default 1); only the cases whose label
// contains TEXT (or one of TEXT,TEXT…).
import { createDetector } from '../src/checks/secrets/detector.js';
import { SECRET_RULES } from '../src/checks/secrets/rules/index.js';
import { generateTree } from './_corpus.js';

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const runs = Number(option('--runs') ?? 3);
const only = option('--only')?.split(',');
const MB = 1024 * 1024;
const SIZE = Math.round(Number(option('--mb') ?? 1) * MB);
const fill = (unit: string, size = SIZE) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const CASES: [string, string, string][] = [
  ['BEGIN PRIVATE KEY lines, no END', 'keys/dump.pem', fill('-----BEGIN PRIVATE KEY-----\n')],
  ['BEGIN RSA PRIVATE KEY lines, no END', 'keys/dump.pem', fill('-----BEGIN RSA PRIVATE KEY-----\n')],
  ['BEGIN OPENSSH PRIVATE KEY lines, no END', 'keys/dump.pem', fill('-----BEGIN OPENSSH PRIVATE KEY-----\n')],
  ['BEGIN EC PRIVATE KEY lines, no END', 'keys/dump.pem', fill('-----BEGIN EC PRIVATE KEY-----\n')],
  ['BEGIN/END pairs, empty bodies', 'keys/dump.pem', fill('-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n')],
  ['BEGIN lines of mixed kinds', 'keys/dump.pem', fill('-----BEGIN RSA PRIVATE KEY-----\n-----BEGIN EC PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n')],
  ['BEGIN PGP PRIVATE KEY BLOCK lines', 'keys/dump.asc', fill('-----BEGIN PGP PRIVATE KEY BLOCK-----\n')],
  ['PuTTY headers, no key', 'keys/dump.ppk', fill('PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n')],
  ['kind: Secret lines', 'deploy/dump.yaml', fill('\nkind: Secret')],
  ['data: lines, then kind: Secret', 'deploy/dump.yaml', fill(fill('\ndata:\n a: b', 60_000) + '\nkind: Secret\n')],
  ['data: block of blanks', 'deploy/dump.yaml', fill(`kind: Secret\ndata:\n${' '.repeat(60_000)}x\n`)],
  ['"type": "service_account" lines', 'gcp/dump.json', fill('"type": "service_account",')],
  ['service_account + private_key lines', 'gcp/dump.json', fill('"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----')],
];

const detector = createDetector(SECRET_RULES);

function cpuMs(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

/** Milliseconds per MB: median, min and max of `runs` runs, after one warm-up. */
function measure(files: { path: string; text: string }[]): { median: number; min: number; max: number; found: number } {
  const mb = files.reduce((n, f) => n + f.text.length, 0) / MB;
  let found = 0;
  const scan = () => {
    found = 0;
    for (const f of files) found += detector.scan(f.text, f.path).length;
  };
  scan();
  const times = Array.from({ length: runs }, () => cpuMs(scan) / mb).sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, min: times[0] as number, max: times[times.length - 1] as number, found };
}

const normal: { path: string; text: string }[] = [];
for (const f of generateTree(16, 4 * MB, () => undefined)) normal.push({ path: f.path, text: f.content });
const base = measure(normal);
const row = (label: string, m: ReturnType<typeof measure>) =>
  console.log(`${label.padEnd(42)} ${m.median.toFixed(1).padStart(9)} ms/MB  (${m.min.toFixed(1)}–${m.max.toFixed(1)})  ${(m.median / base.median).toFixed(1).padStart(7)}× ordinary  ${m.found} found`);
console.log(`median of ${runs} runs, CPU time per MB of text; degenerate files of ${(SIZE / MB).toFixed(2)} MB`);
row(`ordinary source (${normal.length} files)`, base);
for (const [label, path, text] of CASES) if (!only || only.some((o) => label.includes(o))) row(label, measure([{ path, text }]));
