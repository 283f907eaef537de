import { installed } from './manifest.js';
import type { ParsedReport } from './model.js';
import type { Project } from './project.js';

/** npm's `--loglevel http` line for every request it makes: `npm http fetch POST 200 https://host/path 12ms`. */
const NPM_FETCH_LINE = /^npm http fetch [A-Z]+ \d+ (\S+)/;

/**
 * Where npm says it fetched from, when that is not the audit registry: the URL without credentials or
 * query (origin and path). Undefined for any other line.
 */
export function foreignFetch(line: string, registry: string): string | undefined {
  const match = NPM_FETCH_LINE.exec(line.trim());
  if (!match) return undefined;
  let url: URL;
  try {
    url = new URL(match[1] as string);
  } catch {
    return undefined;
  }
  const expected = new URL(registry);
  if (url.origin === expected.origin && url.pathname.startsWith(expected.pathname)) return undefined;
  return url.origin === expected.origin ? `${url.origin}${url.pathname}` : url.origin;
}

/**
 * A report that counts no dependencies for a project that declares some did not audit this project (a
 * registry that answers for nothing, or a lockfile the package manager did not read): why, or undefined.
 */
export function emptyTreeProblem(report: ParsedReport, project: Project): string | undefined {
  if (report.dependencyCount !== 0) return undefined;
  const declaring = project.manifests.filter((m) => installed(m).some((d) => !project.workspaceNames.has(d.name)));
  if (!declaring.length) return undefined;
  const count = declaring.reduce((n, m) => n + installed(m).filter((d) => !project.workspaceNames.has(d.name)).length, 0);
  const [first] = declaring;
  const where = first && declaring.length === 1 ? first.path : `${declaring.length} package.json files`;
  return `the audit counted no dependencies, although ${where} declare${declaring.length === 1 ? 's' : ''} ${count}: it did not audit this project's lockfile, so it is not read as clean`;
}
