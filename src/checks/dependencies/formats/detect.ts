import { FORMAT_NAMES, type AuditOutcome, type PackageManager, type ParsedReport, type ReportFormat } from '../model.js';
import { errorObjectReason, scrubUrls, shorten } from './errors.js';
import { parseNpm6Shape } from './npm6.js';
import { parseNpm7 } from './npm7.js';
import { isBundlerAudit, parseBundlerAudit } from './bundler-audit.js';
import { isComposerAudit, parseComposerAudit } from './composer-audit.js';
import { isGovulncheck, parseGovulncheck, splitJsonStream } from './govulncheck.js';
import { parseOsv } from './osv.js';
import { isPipAudit, parsePipAudit } from './pip-audit.js';
import { ShapeError, isObject, type JsonObject } from './shape.js';
import { parseYarnBerryTree, isBerryTreeLine } from './yarn-berry.js';
import { parseYarnClassic } from './yarn-classic.js';

export interface DetectOptions {
  /** The package manager of the lockfile next to the report, to tell apart formats that look alike. */
  hint?: PackageManager;
}

const YARN_CLASSIC_TYPES = new Set(['auditAdvisory', 'auditSummary', 'auditAction']);

/**
 * Reads an audit report of any supported format, detected from its content. Never throws: anything that
 * is not a complete report of a known format is `unavailable`, with the reason in words.
 */
export function parseAuditText(text: string, options: DetectOptions = {}): AuditOutcome {
  let format: ReportFormat | undefined;
  try {
    const body = text.replace(/^\uFEFF/, '').trim();
    if (!body) return { kind: 'unavailable', reason: 'the report is empty: the audit step wrote nothing (did it run, and did it fail before printing?)' };
    let whole: unknown;
    let wholeError: string | undefined;
    try {
      whole = JSON.parse(body);
    } catch (error) {
      wholeError = (error as Error).message;
    }
    if (wholeError === undefined) {
      if (isPipAudit(whole as never)) {
        format = 'pip-audit';
        return { kind: 'report', report: parsePipAudit(whole as never) };
      }
      if (!isObject(whole)) return { kind: 'unavailable', reason: `the report is not an audit report: it is ${Array.isArray(whole) ? 'a JSON list' : `a JSON ${whole === null ? 'null' : typeof whole}`}` };
      const detected = detectObject(whole);
      format = detected.format;
      if (detected.kind === 'error') return { kind: 'unavailable', reason: detected.reason };
      if (detected.kind === 'lines') return fromLines([{ line: 1, value: whole }], options, (f) => (format = f));
      return { kind: 'report', report: detected.parse(options) };
    }
    // govulncheck writes indented JSON objects one after another.
    if (body.startsWith('{') && /^\{\s*"config"\s*:/.test(body)) {
      const stream = splitJsonStream(body);
      if (stream && isGovulncheck(stream[0])) {
        format = 'govulncheck';
        return { kind: 'report', report: parseGovulncheck(stream) };
      }
    }
    // One JSON value per line (Yarn)? The first line tells, before a large broken report is split.
    const firstEnd = body.indexOf('\n');
    const firstLine = (firstEnd === -1 ? body : body.slice(0, firstEnd)).trim();
    let firstParses = true;
    try {
      JSON.parse(firstLine);
    } catch {
      firstParses = false;
    }
    if (!firstParses) {
      if (body.startsWith('{') || body.startsWith('[')) {
        return { kind: 'unavailable', reason: `the report is not complete JSON (${wholeError}): it was cut short, or the audit printed something else into it` };
      }
      return { kind: 'unavailable', reason: `the report is not JSON: it starts with "${scrubUrls(shorten(firstLine, 160))}"` };
    }
    const lines = splitLines(body);
    const broken = lines.find((l) => l.error !== undefined);
    if (broken) {
      const last = broken === lines[lines.length - 1];
      return {
        kind: 'unavailable',
        reason: last ? `the last line of the report (line ${broken.line}) is not complete JSON: the output was cut short` : `line ${broken.line} of the report is not JSON (${broken.error})`,
      };
    }
    return fromLines(lines.map((l) => ({ line: l.line, value: l.value as JsonObject })), options, (f) => (format = f));
  } catch (error) {
    const what = format ? `the ${FORMAT_NAMES[format]} report` : 'the report';
    if (error instanceof ShapeError) return { kind: 'unavailable', reason: `${what} is malformed: ${error.message}`, ...(format ? { format } : {}) };
    return { kind: 'unavailable', reason: `${what} could not be read: ${(error as Error).message ?? String(error)}`, ...(format ? { format } : {}) };
  }
}

type Detected =
  | { kind: 'report'; format: ReportFormat; parse: (options: DetectOptions) => ParsedReport }
  | { kind: 'lines'; format?: ReportFormat }
  | { kind: 'error'; format?: undefined; reason: string };

function detectObject(value: JsonObject): Detected {
  if ('auditReportVersion' in value) return { kind: 'report', format: 'npm7', parse: () => parseNpm7(value) };
  const error = errorObjectReason(value);
  if (error) return { kind: 'error', reason: error };
  if (isComposerAudit(value)) return { kind: 'report', format: 'composer-audit', parse: () => parseComposerAudit(value) };
  if ('advisories' in value) return { kind: 'report', format: 'npm6', parse: (o) => parseNpm6Shape(value, o.hint) };
  if (isBundlerAudit(value)) return { kind: 'report', format: 'bundler-audit', parse: () => parseBundlerAudit(value) };
  if ('results' in value) return { kind: 'report', format: 'osv-scanner', parse: () => parseOsv(value) };
  if (isBerryTreeLine(value) || typeof value.type === 'string') return { kind: 'lines' };
  if ('vulnerabilities' in value && 'metadata' in value) {
    return { kind: 'error', reason: 'the report has `vulnerabilities` but no `auditReportVersion`: it is not a complete npm 7+ report' };
  }
  const keys = Object.keys(value).slice(0, 8);
  return { kind: 'error', reason: `the report is not of a known audit format (its keys: ${keys.length ? keys.map((k) => JSON.stringify(k)).join(', ') : 'none'})` };
}

function fromLines(lines: { line: number; value: JsonObject }[], options: DetectOptions, setFormat: (f: ReportFormat) => void): AuditOutcome {
  for (const { line, value } of lines) {
    if (!isObject(value)) return { kind: 'unavailable', reason: `line ${line} of the report is not a JSON object` };
  }
  if (isGovulncheck(lines[0]?.value)) {
    setFormat('govulncheck');
    return { kind: 'report', report: parseGovulncheck(lines.map((l) => l.value)) };
  }
  if (lines.some((l) => typeof l.value.type === 'string' && YARN_CLASSIC_TYPES.has(l.value.type))) {
    setFormat('yarn-classic');
    return { kind: 'report', report: parseYarnClassic(lines) };
  }
  if (lines.some((l) => isBerryTreeLine(l.value))) {
    setFormat('yarn-berry');
    return { kind: 'report', report: parseYarnBerryTree(lines) };
  }
  // Yarn 2/3 print the registry's answer (npm 6 shape) as one line among Yarn's own info lines.
  const result = lines.find((l) => 'advisories' in l.value);
  if (result) {
    setFormat('yarn-berry');
    return { kind: 'report', report: parseNpm6Shape(result.value, options.hint ?? 'yarn-berry') };
  }
  const errors = lines.filter((l) => l.value.type === 'error' || errorObjectReason(l.value));
  if (errors.length) {
    const first = errors[0]?.value as JsonObject;
    const reason = errorObjectReason(first) ?? `the audit failed: ${scrubUrls(shorten(typeof first.data === 'string' ? first.data : JSON.stringify(first.data ?? first)))}`;
    return { kind: 'unavailable', reason };
  }
  if (lines.some((l) => typeof l.value.type === 'string')) {
    if (lines.some((l) => typeof l.value.data === 'string' && /no audit suggestions/i.test(l.value.data))) {
      setFormat('yarn-berry');
      return { kind: 'report', report: parseYarnBerryTree(lines) };
    }
    const types = [...new Set(lines.map((l) => String(l.value.type)))].join(', ');
    return {
      kind: 'unavailable',
      reason: `the report has only Yarn's ${types} line${lines.length === 1 ? '' : 's'} and no audit result (no auditSummary, no advisories): the audit did not finish (Yarn prints its errors on stderr)`,
    };
  }
  return { kind: 'unavailable', reason: 'the report is a series of JSON lines of no known audit format' };
}

function splitLines(body: string): { line: number; text: string; value?: unknown; error?: string }[] {
  const out: { line: number; text: string; value?: unknown; error?: string }[] = [];
  let start = 0;
  let n = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    n++;
    const text = body.slice(start, end).trim();
    if (text) {
      try {
        out.push({ line: n, text, value: JSON.parse(text) as unknown });
      } catch (error) {
        out.push({ line: n, text, error: (error as Error).message });
      }
    }
    start = end + 1;
  }
  return out;
}
