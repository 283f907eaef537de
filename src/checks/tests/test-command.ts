import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { Location } from '../../core/finding.js';
import { locateJsonKey } from '../../lang/json-locate.js';
import type { SourceFile } from '../../sources/source-file.js';
import { isPlaceholderScript } from './shell.js';

export interface PackageJson {
  file: SourceFile;
  data?: Record<string, unknown>;
  error?: string;
}

export function readPackageJson(file: SourceFile): PackageJson {
  try {
    const data: unknown = JSON.parse(file.text);
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { file, error: 'is not a JSON object' };
    return { file, data: data as Record<string, unknown> };
  } catch (error) {
    return { file, error: `is not valid JSON (${(error as Error).message})` };
  }
}

export function scriptsOf(pkg: PackageJson | undefined): Record<string, string> {
  const scripts = pkg?.data?.scripts;
  if (!scripts || typeof scripts !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [name, body] of Object.entries(scripts as Record<string, unknown>)) if (typeof body === 'string') out[name] = body;
  return out;
}

/** The location of a package.json key (`scripts.test`), falling back to its parent key or line 1. */
export function keyLocation(file: SourceFile, path: string[]): Location {
  const span = locateJsonKey(file.text, path);
  if (!span) return { path: file.path, line: 1 };
  return { path: file.path, ...file.span(span.start, span.end) };
}

/** Workspace package.json paths of a monorepo root (npm/yarn `workspaces`, pnpm-workspace.yaml). */
export function workspacePackages(root: PackageJson, pnpmWorkspace: string | undefined, paths: readonly string[]): string[] {
  const dir = root.file.path.includes('/') ? root.file.path.slice(0, root.file.path.lastIndexOf('/') + 1) : '';
  const patterns: string[] = [];
  const ws = root.data?.workspaces;
  if (Array.isArray(ws)) patterns.push(...ws.filter((p): p is string => typeof p === 'string'));
  else if (ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages)) {
    patterns.push(...((ws as { packages: unknown[] }).packages.filter((p): p is string => typeof p === 'string')));
  }
  if (pnpmWorkspace) {
    try {
      const doc = parseYaml(pnpmWorkspace) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) patterns.push(...doc.packages.filter((p): p is string => typeof p === 'string'));
    } catch {
      // An unreadable pnpm-workspace.yaml names no packages.
    }
  }
  const include = patterns.filter((p) => !p.startsWith('!')).map((p) => `${dir}${p.replace(/\/$/, '')}/package.json`);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => `${dir}${p.slice(1).replace(/\/$/, '')}/package.json`);
  if (!include.length) return [];
  const isIncluded = picomatch(include);
  const isExcluded = exclude.length ? picomatch(exclude) : () => false;
  return paths.filter((p) => p.endsWith('package.json') && !p.includes('node_modules/') && isIncluded(p) && !isExcluded(p));
}

export type ScriptProblem = { kind: 'missing'; location: Location } | { kind: 'placeholder'; location: Location; script: string };

/** Why a package.json cannot run tests with `npm test`, or undefined when its test script is real. */
export function testScriptProblem(pkg: PackageJson): ScriptProblem | undefined {
  const scripts = scriptsOf(pkg);
  const test = scripts.test;
  if (test === undefined) return { kind: 'missing', location: keyLocation(pkg.file, ['scripts']) };
  if (isPlaceholderScript(test)) return { kind: 'placeholder', location: keyLocation(pkg.file, ['scripts', 'test']), script: test };
  return undefined;
}

/** Signs that a Python project is set up for pytest or unittest besides test files themselves. */
export async function pythonTestConfig(dir: string, paths: readonly string[], readText: (path: string) => Promise<string | undefined>): Promise<string | undefined> {
  const inDir = (name: string) => `${dir}${name}`;
  for (const name of ['pytest.ini', 'noxfile.py']) if (paths.includes(inDir(name))) return name;
  if (paths.some((p) => p === inDir('conftest.py') || (p.startsWith(dir) && p.endsWith('/conftest.py')))) return 'conftest.py';
  const checks: [string, RegExp][] = [
    ['tox.ini', /^\[(?:tox|testenv|pytest)\b/m],
    ['setup.cfg', /^\[tool:pytest\]/m],
    ['pyproject.toml', /^\[tool\.(?:pytest|hatch\.envs\.(?:test|default)\.scripts)|^\s*["']?pytest\b|^\[tool\.poe\.tasks\][\s\S]*?^test\s*=/m],
  ];
  for (const [name, re] of checks) {
    if (!paths.includes(inDir(name))) continue;
    const text = await readText(inDir(name));
    if (text && re.test(text)) return name;
  }
  return undefined;
}
