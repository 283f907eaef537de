// npm run bench -- audit: parses and normalises a ~50 MB `npm audit --json` (npm 7+) report of a large
// monorepo, built deterministically, and prints how long it takes (goal: under one second).
// `npm run bench -- audit -- --write report.json` also writes the report.
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseAuditText } from '../src/checks/dependencies/formats/detect.js';

const TARGET_BYTES = 50 * 1024 * 1024;
const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
const WORKSPACES = 120;

/** mulberry32: the same "random" monorepo on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GHSA_CHARS = '23456789cfghjmpqrvwx';
function ghsa(next: () => number): string {
  const part = () => Array.from({ length: 4 }, () => GHSA_CHARS[Math.floor(next() * GHSA_CHARS.length)]).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

function buildReport(): { text: string; packages: number; advisories: number } {
  const next = random(20261123);
  const vulnerabilities: Record<string, unknown> = {};
  const names: string[] = [];
  let bytes = 0;
  let advisories = 0;
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 };
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const name = i % 3 === 0 ? `@team${i % 97}/lib-${i}` : `pkg-${i}`;
    // Dependents come from packages already listed: a DAG whose roots are direct dependencies.
    const isDirect = i < 50 || next() < 0.05;
    const effects: string[] = [];
    if (!isDirect || next() < 0.3) {
      const parents = 1 + Math.floor(next() * 3);
      for (let p = 0; p < parents && names.length; p++) effects.push(names[Math.floor(next() * names.length)] as string);
    }
    const via: unknown[] = [];
    const own = next() < 0.7 ? 1 + Math.floor(next() * 3) : 0;
    let worst = 0;
    for (let a = 0; a < own; a++) {
      const sev = Math.floor(next() * 4);
      worst = Math.max(worst, sev);
      const id = ghsa(next);
      via.push({
        source: 1_090_000 + i * 4 + a,
        name,
        dependency: name,
        title: `Prototype pollution in ${name} when merging untrusted objects (variant ${a})`,
        url: `https://github.com/advisories/${id}`,
        severity: SEVERITIES[sev],
        cwe: ['CWE-1321', 'CWE-20'],
        cvss: { score: Math.round((3 + next() * 7) * 10) / 10, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
        range: `<${1 + Math.floor(next() * 5)}.${Math.floor(next() * 20)}.${Math.floor(next() * 10)}`,
      });
      advisories++;
    }
    if (!via.length) {
      // Vulnerable only through a dependency listed before it.
      const dep = names.length ? (names[Math.floor(next() * names.length)] as string) : undefined;
      if (!dep) continue;
      via.push(dep);
    }
    const nodes = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, n) =>
      n === 0 ? `node_modules/${name}` : `packages/app-${Math.floor(next() * WORKSPACES)}/node_modules/${name}`,
    );
    const severity = SEVERITIES[worst] as (typeof SEVERITIES)[number];
    counts[severity]++;
    const entry = {
      name,
      severity,
      isDirect,
      via,
      effects,
      range: `<${2 + (i % 7)}.0.0`,
      nodes,
      fixAvailable: next() < 0.5 ? { name: names[0] ?? name, version: `${3 + (i % 5)}.1.0`, isSemVerMajor: next() < 0.4 } : next() < 0.5,
    };
    vulnerabilities[name] = entry;
    names.push(name);
    bytes += JSON.stringify(entry, null, 4).length + name.length + 12;
  }
  const text = JSON.stringify(
    {
      auditReportVersion: 2,
      vulnerabilities,
      metadata: {
        vulnerabilities: { ...counts, total: names.length },
        dependencies: { prod: names.length * 4, dev: names.length, optional: 0, peer: 0, peerOptional: 0, total: names.length * 5 },
      },
    },
    null,
    2,
  );
  return { text, packages: names.length, advisories };
}

const built = buildReport();
const writeAt = process.argv.indexOf('--write');
if (writeAt !== -1 && process.argv[writeAt + 1]) writeFileSync(process.argv[writeAt + 1] as string, built.text);
const mb = (built.text.length / 1024 / 1024).toFixed(1);
console.log(`report: ${mb} MB, ${built.packages} vulnerable packages, ${built.advisories} advisories`);

const runs: { wall: number; cpu: number }[] = [];
let vulnerabilities = 0;
let paths = 0;
for (let run = 0; run < 7; run++) {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = parseAuditText(built.text);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  runs.push({ wall, cpu: (used.user + used.system) / 1000 });
  if (outcome.kind !== 'report') throw new Error(`the benchmark report did not parse: ${outcome.reason}`);
  vulnerabilities = outcome.report.vulnerabilities.length;
  paths = outcome.report.vulnerabilities.reduce((n, v) => n + v.paths.length, 0);
}
(globalThis as { gc?: () => void }).gc?.();
const jsonCpu = process.cpuUsage();
const jsonStarted = performance.now();
JSON.parse(built.text);
const jsonOnly = performance.now() - jsonStarted;
const jsonUsed = process.cpuUsage(jsonCpu);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const wall = median(runs.map((r) => r.wall));
const cpu = median(runs.map((r) => r.cpu));
const load = loadavg()[0]?.toFixed(1);
console.log(`normalised: ${vulnerabilities} advisory × package entries, ${paths} dependency paths rebuilt from effects`);
console.log(
  `parse + normalise: median ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU; best ${Math.min(...runs.map((r) => r.wall)).toFixed(0)} ms of ${runs.length} runs (JSON.parse alone: ${jsonOnly.toFixed(0)} ms wall, ${((jsonUsed.user + jsonUsed.system) / 1000).toFixed(0)} ms CPU; load average ${load} on ${availableParallelism()} CPUs)`,
);
console.log(wall < 1000 ? 'goal met: under one second' : 'GOAL MISSED: one second or more');
