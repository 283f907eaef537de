import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuditText } from '../../src/checks/dependencies/formats/detect.js';
import { splitJsonStream } from '../../src/checks/dependencies/formats/govulncheck.js';
import type { AuditOutcome } from '../../src/checks/dependencies/model.js';
import { FIXTURES, fixture, reportsOf, scenarios } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REPORTS = scenarios()
  .flatMap((s) => reportsOf(s).map((f) => ({ name: `${s}/${f}`, text: fixture(s, f) })))
  .filter((r) => r.text.trim().length > 0);

function count(outcome: AuditOutcome): number | 'unavailable' {
  return outcome.kind === 'unavailable' ? 'unavailable' : outcome.report.vulnerabilities.length;
}

/** Parses safely: the property under test is that parseAuditText never throws. */
function parse(text: string): AuditOutcome {
  const outcome = parseAuditText(text);
  if (outcome.kind === 'unavailable') expect(outcome.reason.length).toBeGreaterThan(10);
  return outcome;
}

/** One JSON value per line (Yarn), as opposed to one JSON document. */
function isNdjson(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** Every place in a JSON tree: the paths of all its values but the root. */
function places(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...places(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...places(v, [...prefix, k]));
  return out;
}

function mutate(value: Json, path: (string | number)[], replacement: Json | undefined): Json {
  const copy = structuredClone(value);
  let at: Json = copy;
  for (const key of path.slice(0, -1)) at = (at as Record<string, Json>)[key as string] as Json;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete (at as Record<string, Json>)[last];
  } else (at as Record<string, Json>)[last] = replacement;
  return copy;
}

describe('parsers under fuzzing', () => {
  it('never throw on arbitrary text or arbitrary JSON', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => void parse(text)), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => void parse(JSON.stringify(value))), { numRuns: 500 });
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }), (lines) => void parse(lines.map((l) => JSON.stringify(l)).join('\n'))),
      { numRuns: 300 },
    );
  });

  it('a report cut anywhere is unavailable, never clean (Yarn 4 lines cut at a line end lose lines, not the verdict)', () => {
    for (const { name, text } of REPORTS) {
      const full = count(parse(text));
      fc.assert(
        fc.property(fc.integer({ min: 0, max: text.length - 1 }), (cut) => {
          const prefix = text.slice(0, cut);
          if (prefix.trim() === text.trim()) return;
          const outcome = parse(prefix);
          const atLineEnd = isNdjson(text) && (text[cut] === '\n' || text[cut - 1] === '\n');
          if (atLineEnd && outcome.kind === 'report') {
            expect({ name, cut, format: outcome.report.format }).toEqual({ name, cut, format: 'yarn-berry' });
            expect(outcome.report.vulnerabilities.length).toBeLessThanOrEqual(full as number);
            expect(outcome.report.vulnerabilities.length).toBeGreaterThan(0);
            return;
          }
          expect({ name, cut, outcome: outcome.kind }).toEqual({ name, cut, outcome: 'unavailable' });
        }),
        { numRuns: 60 },
      );
    }
  });

  it('a wrong type or a missing key anywhere: a clear error or a report that still has its advisories', () => {
    for (const { name, text } of REPORTS) {
      const full = count(parse(text));
      const ndjson = isNdjson(text);
      const doc: Json = ndjson ? text.trim().split('\n').map((l) => JSON.parse(l) as Json) : (JSON.parse(text) as Json);
      const all = places(doc).filter((p) => !ndjson || p.length > 1);
      fc.assert(
        fc.property(fc.nat(all.length - 1), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), (index, replacement) => {
          const path = all[index] as (string | number)[];
          const mutated = mutate(doc, path, replacement as Json | undefined);
          const textOut = ndjson ? (mutated as Json[]).map((l) => JSON.stringify(l)).join('\n') : JSON.stringify(mutated);
          const outcome = parse(textOut);
          if (full !== 'unavailable' && full > 0 && outcome.kind === 'report') {
            // Never a silent pass: a vulnerable report stays vulnerable unless it is rejected.
            expect({ name, path: path.join('.'), vulnerabilities: outcome.report.vulnerabilities.length > 0 }).toEqual({ name, path: path.join('.'), vulnerabilities: true });
          }
        }),
        { numRuns: 150 },
      );
    }
  });

  it('audits of other ecosystems (pip-audit, govulncheck, bundler-audit, composer): a wrong type or a missing key is an error or keeps the advisories', () => {
    for (const name of ['pip-audit.json', 'pip-audit-legacy.json', 'govulncheck.json', 'bundle-audit.json', 'composer-audit.json']) {
      const text = readFileSync(join(FIXTURES, '..', 'audits', name), 'utf8');
      const full = count(parse(text));
      expect({ name, full: typeof full === 'number' && full > 0 }).toEqual({ name, full: true });
      // govulncheck writes indented objects one after another: mutate them as a list, write them one per line.
      const stream = name.startsWith('govulncheck');
      const doc: Json = stream ? (splitJsonStream(text) as Json[]) : (JSON.parse(text) as Json);
      const all = places(doc).filter((p) => !stream || p.length > 1);
      fc.assert(
        fc.property(fc.nat(all.length - 1), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), (index, replacement) => {
          const path = all[index] as (string | number)[];
          // These formats list advisories without a total to check them against: an entry removed, or a
          // list emptied, is a report of fewer advisories, which is a report. Wrong types and keys are not.
          const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k as string] as Json, doc);
          if (replacement === undefined && Array.isArray(parent)) return;
          if (Array.isArray(replacement) ? replacement.length === 0 : replacement !== null && typeof replacement === 'object' && Object.keys(replacement).length === 0) return;
          const mutated = mutate(doc, path, replacement as Json | undefined);
          const outcome = parse(stream ? (mutated as Json[]).map((l) => JSON.stringify(l)).join('\n') : JSON.stringify(mutated));
          if (outcome.kind === 'report') {
            expect({ name, path: path.join('.'), vulnerabilities: outcome.report.vulnerabilities.length > 0 }).toEqual({ name, path: path.join('.'), vulnerabilities: true });
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('typed errors name the place', () => {
    const data = JSON.parse(fixture('npm-high', 'npm7-output.json'));
    data.vulnerabilities.qs.via[0].severity = 7;
    const outcome = parseAuditText(JSON.stringify(data));
    expect(outcome).toEqual({
      kind: 'unavailable',
      format: 'npm7',
      reason: 'the npm 7+ (auditReportVersion 2) report is malformed: vulnerabilities.qs.via[0].severity must be a severity (info, low, moderate, high or critical), found a number (7)',
    });
    data.vulnerabilities.qs.via = ['lodash'];
    expect(parseAuditText(JSON.stringify(data))).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/via\[0\] names "lodash", which the report does not list/) });
  });
});
