import type { CheckContext } from '../../core/check.js';
import type { Location } from '../../core/finding.js';
import { fileOf, type OtherProject } from './ecosystems.js';
import { sourcePath, type Located } from './enrich.js';
import { isObject } from './formats/shape.js';
import { joinPath } from './manifest.js';
import type { ParsedReport, Vulnerability } from './model.js';

/** PEP 503: names compare lower-case with runs of `-`, `_` and `.` as one `-`. */
export function pythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A line that names the package as a whole token (quoted, or bounded by anything but name characters). */
function lineNaming(text: string, name: string, ecosystem: string): { line: number; column: number; endColumn: number } | undefined {
  const lines = text.split(/\r?\n/);
  const wanted = ecosystem === 'PyPI' ? pythonName(name) : name;
  const token = ecosystem === 'PyPI' ? /[A-Za-z0-9][A-Za-z0-9._-]*/g : new RegExp(`(?<![\\w./-])${escape(name)}(?![\\w./-])`, 'g');
  for (const [i, line] of lines.entries()) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(token)) {
      if ((ecosystem === 'PyPI' ? pythonName(m[0]) : m[0]) !== wanted) continue;
      const column = (m.index ?? 0) + 1;
      return { line: i + 1, column, endColumn: column + m[0].length };
    }
  }
  return undefined;
}

/** Go's standard library advisories point at the `go` (or `toolchain`) line of go.mod. */
function goDirective(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^toolchain\s/.test(l));
  const go = lines.findIndex((l) => /^go\s+\d/.test(l));
  const i = at !== -1 ? at : go;
  return i === -1 ? undefined : i + 1;
}

/** composer.lock: installed version of each package (`packages` and `packages-dev`). */
function composerVersions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const data: unknown = JSON.parse(text);
    if (!isObject(data)) return out;
    for (const field of ['packages', 'packages-dev']) {
      const list = data[field];
      if (Array.isArray(list)) for (const p of list) if (isObject(p) && typeof p.name === 'string' && typeof p.version === 'string') out.set(p.name, p.version.replace(/^v/, ''));
    }
  } catch {
    // An unreadable composer.lock leaves versions unknown.
  }
  return out;
}

/** The manifests that declare a project's direct dependencies. */
function manifestsOf(project: OtherProject, paths: ReadonlySet<string>): string[] {
  const names: Record<string, string[]> = {
    PyPI: ['pyproject.toml', 'requirements.txt', 'requirements.in', 'Pipfile', 'setup.py', 'setup.cfg'],
    Go: ['go.mod'],
    RubyGems: ['Gemfile'],
    Packagist: ['composer.json'],
    'crates.io': ['Cargo.toml'],
  };
  return (names[project.ecosystem] ?? []).map((n) => joinPath(project.dir, n)).filter((p) => paths.has(p));
}

/**
 * Places the advisories of a single-ecosystem report (pip-audit, govulncheck, bundler-audit, composer
 * audit): on the manifest line that declares the package (a direct dependency), else on its lockfile
 * entry, else on the project's lockfile.
 */
export async function locateOther(ctx: Pick<CheckContext, 'readText' | 'files' | 'root'>, report: ParsedReport, reportPath: string, projects: readonly OtherProject[]): Promise<Located[]> {
  const paths = new Set(ctx.files.map((f) => f.path));
  const texts = new Map<string, string>();
  const read = async (path: string) => {
    if (!texts.has(path)) texts.set(path, (await ctx.readText(path))?.text ?? '');
    return texts.get(path) as string;
  };
  const out: Located[] = [];
  for (const original of report.vulnerabilities) {
    const v: Vulnerability = { ...original, versions: [...original.versions] };
    // osv-scanner names the lockfile or manifest each package came from: that project first.
    const source = sourcePath(v.source, ctx.root);
    const mine = projects.filter((p) => p.ecosystem === v.ecosystem).sort((a, b) => Number(source !== undefined && [b.lockfile, b.manifest].includes(source)) - Number(source !== undefined && [a.lockfile, a.manifest].includes(source)));
    let chosen: { project: OtherProject; location: Location; direct: boolean } | undefined;
    for (const project of mine) {
      for (const manifest of manifestsOf(project, paths)) {
        const text = await read(manifest);
        const stdlib = v.ecosystem === 'Go' && v.package === 'stdlib' ? goDirective(text) : undefined;
        const hit = stdlib ? { line: stdlib, column: 1, endColumn: 1 } : lineNaming(text, v.package, project.ecosystem);
        if (hit) {
          chosen = { project, location: { path: manifest, line: hit.line, ...(stdlib ? {} : { column: hit.column, endLine: hit.line, endColumn: hit.endColumn }) }, direct: !stdlib };
          break;
        }
      }
      if (chosen) break;
      if (project.lockfile) {
        const hit = lineNaming(await read(project.lockfile), v.package, project.ecosystem);
        if (hit) chosen = { project, location: { path: project.lockfile, line: hit.line }, direct: false };
      }
      if (chosen) break;
    }
    const project = chosen?.project ?? mine[0];
    if (project && !v.versions.length && v.ecosystem === 'Packagist' && project.lockfile) {
      const version = composerVersions(await read(project.lockfile)).get(v.package);
      if (version) v.versions = [version];
    }
    if (chosen) v.direct = chosen.direct;
    const location: Location = chosen?.location ?? { path: project ? fileOf(project) : reportPath };
    out.push({ v, location, manager: project?.manager ?? v.ecosystem ?? 'unknown', report: reportPath, ...(project ? { other: project } : {}) });
  }
  return out;
}
