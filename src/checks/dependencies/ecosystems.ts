import type { CheckContext } from '../../core/check.js';
import { dirOf } from './manifest.js';

/** A project of an ecosystem other than npm, found by its lockfile or manifest. */
export interface OtherProject {
  /** OSV's name of the ecosystem: `PyPI`, `Go`, `RubyGems`, `Packagist`, `crates.io`. */
  ecosystem: string;
  dir: string;
  /** The lockfile, when one is committed; else the manifest. */
  lockfile?: string;
  manifest?: string;
  /** The tool that installs it (`uv`, `poetry`, `pipenv`, `pip`, `go`, `bundler`, `composer`, `cargo`). */
  manager: string;
}

interface Kind {
  ecosystem: string;
  name: string;
  lockfiles: Record<string, string>;
  manifests: Record<string, string>;
  /** The audit whose JSON the check reads, as a workflow step. */
  step: string;
}

export const KINDS: readonly Kind[] = [
  {
    ecosystem: 'PyPI',
    name: 'Python',
    lockfiles: { 'uv.lock': 'uv', 'poetry.lock': 'poetry', 'Pipfile.lock': 'pipenv', 'pdm.lock': 'pdm' },
    manifests: { 'pyproject.toml': 'pip', 'requirements.txt': 'pip', Pipfile: 'pipenv', 'setup.py': 'pip' },
    step: 'pip-audit -f json -o pip-audit.json',
  },
  { ecosystem: 'Go', name: 'Go', lockfiles: { 'go.sum': 'go' }, manifests: { 'go.mod': 'go' }, step: 'govulncheck -format json ./... > govulncheck.json' },
  { ecosystem: 'RubyGems', name: 'Ruby', lockfiles: { 'Gemfile.lock': 'bundler' }, manifests: { Gemfile: 'bundler' }, step: 'bundle-audit check --update --format json --output bundle-audit.json || true' },
  { ecosystem: 'Packagist', name: 'PHP', lockfiles: { 'composer.lock': 'composer' }, manifests: { 'composer.json': 'composer' }, step: 'composer audit --format=json > composer-audit.json || true' },
  { ecosystem: 'crates.io', name: 'Rust', lockfiles: { 'Cargo.lock': 'cargo' }, manifests: { 'Cargo.toml': 'cargo' }, step: 'osv-scanner scan source -r --format json . > osv.json || true' },
];

export function kindOf(ecosystem: string): Kind | undefined {
  return KINDS.find((k) => k.ecosystem === ecosystem);
}

/** Vendored, generated and sample code: nobody installs it as this repository's project. */
const NOT_A_PROJECT = /(?:^|\/)(?:node_modules|vendor|\.venv|venv|site-packages|third_party|testdata|fixtures?|__fixtures__|examples?|samples?|docs?)\//;

/** The projects of every non-npm ecosystem of the scan, one per ecosystem and directory. */
export function otherProjects(ctx: Pick<CheckContext, 'files' | 'isIgnored'>): OtherProject[] {
  const byKey = new Map<string, OtherProject>();
  for (const entry of ctx.files) {
    if (entry.kind !== 'file' || NOT_A_PROJECT.test(entry.path) || ctx.isIgnored(entry.path)) continue;
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    for (const kind of KINDS) {
      const locked = kind.lockfiles[base];
      const declared = kind.manifests[base] ?? (kind.ecosystem === 'PyPI' && /^requirements[\w.-]*\.txt$/.test(base) ? 'pip' : undefined);
      if (!locked && !declared) continue;
      const dir = dirOf(entry.path);
      const key = `${kind.ecosystem}\0${dir}`;
      const project = byKey.get(key) ?? { ecosystem: kind.ecosystem, dir, manager: (locked ?? declared) as string };
      if (locked) {
        project.lockfile = entry.path;
        project.manager = locked;
      } else project.manifest ??= entry.path;
      byKey.set(key, project);
    }
  }
  const found = [...byKey.values()];
  // A module named setup.py inside a Python project's package is not a project of its own.
  const inside = (p: OtherProject) => found.some((q) => q !== p && q.ecosystem === p.ecosystem && (q.dir === '' || p.dir.startsWith(`${q.dir}/`)));
  return found
    .filter((p) => !(p.ecosystem === 'PyPI' && !p.lockfile && p.manifest?.endsWith('setup.py') && inside(p)))
    .sort((a, b) => (a.ecosystem === b.ecosystem ? (a.dir < b.dir ? -1 : 1) : a.ecosystem < b.ecosystem ? -1 : 1));
}

/** The file that stands for a project in messages: its lockfile, else its manifest. */
export function fileOf(project: OtherProject): string {
  return project.lockfile ?? project.manifest ?? project.dir;
}
