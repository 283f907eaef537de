import type { Fix, ParsedReport, Vulnerability } from '../model.js';
import { scrubUrls, shorten } from './errors.js';
import { advisoryOf, resolutionOf, vulnerabilityOf, type Resolution } from './npm6.js';
import { ShapeError, arr, obj, optBool, optStr, severityTotal, str, type JsonObject } from './shape.js';

/**
 * `yarn audit --json` of Yarn 1: one JSON object per line. Yarn repeats an advisory once per path
 * (`auditAdvisory` lines with the same id and different `resolution.path`); they are merged here. The
 * `auditSummary` line ends a complete report: without it the output was cut short.
 */
export function parseYarnClassic(lines: readonly { line: number; value: JsonObject }[]): ParsedReport {
  const byId = new Map<string, { advisory: ReturnType<typeof advisoryOf>; resolutions: Resolution[] }>();
  const fixes = new Map<string, Fix>();
  let summaryTotal: number | undefined;
  let dependencyCount: number | undefined;
  for (const { line, value } of lines) {
    const at = `line ${line}`;
    const type = str(value.type, `${at}: type`);
    if (type === 'error') {
      const data = value.data;
      throw new ShapeError(`yarn reported an error (${at}): ${scrubUrls(shorten(typeof data === 'string' ? data : JSON.stringify(data)))}`);
    }
    if (type === 'auditAdvisory') {
      const data = obj(value.data, `${at}: data`);
      const resolution = resolutionOf(data.resolution, `${at}: data.resolution`);
      const parsed = advisoryOf(obj(data.advisory, `${at}: data.advisory`), `${at}: data.advisory`);
      const key = parsed.advisory.sourceId as string;
      const known = byId.get(key);
      if (known) known.resolutions.push(resolution);
      else byId.set(key, { advisory: parsed, resolutions: [resolution] });
    } else if (type === 'auditAction') {
      const data = obj(value.data, `${at}: data`);
      const action = obj(data.action, `${at}: data.action`);
      const kind = str(action.action, `${at}: data.action.action`);
      const target = optStr(action.target, `${at}: data.action.target`);
      const module = optStr(action.module, `${at}: data.action.module`);
      const isMajor = optBool(action.isMajor, `${at}: data.action.isMajor`);
      for (const [j, r] of arr(action.resolves ?? [], `${at}: data.action.resolves`).entries()) {
        const res = resolutionOf(r, `${at}: data.action.resolves[${j}]`);
        if ((kind === 'install' || kind === 'update') && !fixes.has(res.id)) {
          fixes.set(res.id, { available: true, ...(module ? { name: module } : {}), ...(target ? { version: target } : {}), semverMajor: isMajor ?? false, fromReport: true });
        }
      }
    } else if (type === 'auditSummary') {
      const data = obj(value.data, `${at}: data`);
      summaryTotal = severityTotal(data.vulnerabilities, `${at}: data.vulnerabilities`) ?? 0;
      if (typeof data.totalDependencies === 'number') dependencyCount = data.totalDependencies;
    }
  }
  if (summaryTotal === undefined) {
    throw new ShapeError('the Yarn 1 report has no auditSummary line: the output was cut short or the audit did not finish');
  }
  if (summaryTotal > 0 && byId.size === 0) {
    throw new ShapeError(`the auditSummary counts ${summaryTotal} vulnerabilit${summaryTotal === 1 ? 'y' : 'ies'} but the report has no auditAdvisory lines: the report is truncated or was edited`);
  }
  const vulnerabilities: Vulnerability[] = [];
  for (const [key, { advisory, resolutions }] of byId) {
    vulnerabilities.push(vulnerabilityOf(advisory.advisory, advisory.module, advisory.findings, resolutions, fixes.get(key)));
  }
  return { format: 'yarn-classic', vulnerabilities, deprecations: 0, ...(dependencyCount !== undefined ? { dependencyCount } : {}) };
}
