import type { CheckContext } from '../../core/check.js';
import { fileOf, type OtherProject } from './ecosystems.js';
import { pythonName } from './locate-other.js';
import { dirOf } from './manifest.js';
import type { ParsedReport } from './model.js';

/** What a Python environment holds before anything is installed in it, and the auditor itself. */
const TOOLING = new Set(['pip', 'setuptools', 'wheel', 'pip-audit', 'distlib', 'packaging', 'pipdeptree', 'virtualenv', 'uv']);

/** The files that name a Python project's dependencies: its lockfile, manifests, and requirement files beside them. */
function dependencyFiles(ctx: Pick<CheckContext, 'files'>, project: OtherProject): string[] {
  const prefix = project.dir ? `${project.dir}/` : '';
  const named = new Set([fileOf(project), ...(project.manifest ? [project.manifest] : [])]);
  for (const f of ctx.files) {
    if (f.kind !== 'file' || !f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const base = rest.slice(rest.lastIndexOf('/') + 1);
    const beside = dirOf(f.path) === project.dir;
    if ((beside && /^(?:requirements[\w.-]*\.(?:txt|in)|pyproject\.toml|Pipfile(?:\.lock)?|poetry\.lock|uv\.lock|pdm\.lock|setup\.(?:py|cfg))$/.test(base)) || /^requirements\/[^/]+\.(?:txt|in)$/.test(rest)) named.add(f.path);
  }
  return [...named];
}

function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/[A-Za-z0-9][A-Za-z0-9._-]*/g)) out.add(pythonName(m[0]));
  }
  return out;
}

/**
 * pip-audit without `-r` audits the Python it runs in: on a CI runner where the project was never
 * installed, that is pip and setuptools, and the report is clean whatever the project locks. A report
 * none of whose packages the project's files name did not audit this project. Undefined when it did, or
 * when the report or the project cannot tell.
 */
export async function foreignEnvironment(ctx: Pick<CheckContext, 'files' | 'readText'>, report: ParsedReport, projects: readonly OtherProject[]): Promise<string | undefined> {
  if (report.format !== 'pip-audit' || !report.packages || !projects.length) return undefined;
  const audited = [...new Set(report.packages.map(pythonName))];
  const files = [...new Set(projects.flatMap((p) => dependencyFiles(ctx, p)))];
  const listed = (names: readonly string[]) => `${names.slice(0, 4).join(', ')}${names.length > 4 ? ` and ${names.length - 4} more` : ''}`;
  const first = projects[0] as OtherProject;
  const requirements = first.manifest?.endsWith('.txt') ? first.manifest.slice(first.dir ? first.dir.length + 1 : 0) : 'requirements.txt';
  const fix = `run \`pip-audit -r ${requirements} -f json -o pip-audit.json\`${first.dir ? ` in ${first.dir}` : ''}, or run pip-audit where the project is installed`;
  const own = audited.filter((n) => !TOOLING.has(n));
  if (!own.length) return `pip-audit audited only packaging tools (${listed(audited)}), not the project (${listed(files)}): it ran in an environment where the project is not installed; ${fix}`;
  const named = new Set<string>();
  for (const path of files) for (const t of tokens((await ctx.readText(path))?.text ?? '')) named.add(t);
  if (!named.size || own.some((n) => named.has(n))) return undefined;
  return `none of the ${own.length} packages pip-audit audited (${listed(own)}) is named in ${listed(files)}: it audited another environment than this project's; ${fix}`;
}
