import type { CheckContext } from '../../core/check.js';
import { FOR_READERS } from './for-readers.js';
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
}

export const KINDS: readonly Kind[] = [
  {
    ecosystem: 'PyPI',
    name: 'Python',
    lockfiles: { 'uv.lock': 'uv', 'poetry.lock': 'poetry', 'Pipfile.lock': 'pipenv', 'pdm.lock': 'pdm' },
    manifests: { 'pyproject.toml': 'pip', 'requirements.txt': 'pip', Pipfile: 'pipenv', 'setup.py': 'pip' },
  },
  { ecosystem: 'Go', name: 'Go', lockfiles: { 'go.sum': 'go' }, manifests: { 'go.mod': 'go' } },
  { ecosystem: 'RubyGems', name: 'Ruby', lockfiles: { 'Gemfile.lock': 'bundler' }, manifests: { Gemfile: 'bundler' } },
  { ecosystem: 'Packagist', name: 'PHP', lockfiles: { 'composer.lock': 'composer' }, manifests: { 'composer.json': 'composer' } },
  { ecosystem: 'crates.io', name: 'Rust', lockfiles: { 'Cargo.lock': 'cargo' }, manifests: { 'Cargo.toml': 'cargo' } },
];

export function kindOf(ecosystem: string): Kind | undefined {
  return KINDS.find((k) => k.ecosystem === ecosystem);
}

/** Vendored and generated code, and documentation: nobody installs it as this repository's project. */
const VENDORED = /(?:^|\/)(?:node_modules|vendor|\.venv|venv|site-packages|third_party|docs?)\//;

/** The projects of every non-npm ecosystem of the scan, one per ecosystem and directory. */
export function otherProjects(ctx: Pick<CheckContext, 'files' | 'isIgnored'>): OtherProject[] {
  return otherProjectsIn(
    ctx.files.filter((f) => f.kind === 'file').map((f) => f.path),
    (path) => ctx.isIgnored(path),
  );
}

/** Which manifest stands for a project: pinned requirements first (pip-audit reads them without installing). */
function manifestRank(base: string): number {
  if (base === 'requirements.txt') return 0;
  if (/^requirements[\w.-]*\.txt$/.test(base)) return /dev|test|lint|doc/i.test(base) ? 2 : 1;
  return 3;
}

/** The same from a list of paths (`init` has no scan context). */
export function otherProjectsIn(paths: readonly string[], isIgnored: (path: string) => boolean = () => false): OtherProject[] {
  const byKey = new Map<string, OtherProject>();
  for (const path of paths) {
    if (VENDORED.test(path) || FOR_READERS.test(dirOf(path)) || isIgnored(path)) continue;
    const entry = { path };
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
      } else if (project.manifest === undefined || manifestRank(base) < manifestRank(project.manifest.slice(project.manifest.lastIndexOf('/') + 1))) project.manifest = entry.path;
      byKey.set(key, project);
    }
  }
  // Cargo writes one Cargo.lock at the workspace root: a Cargo.toml without a lock under it is a member.
  const locks = [...byKey.values()].filter((p) => p.ecosystem === 'crates.io' && p.lockfile);
  for (const [key, p] of byKey) {
    if (p.ecosystem === 'crates.io' && !p.lockfile && locks.some((l) => l.dir === '' || p.dir.startsWith(`${l.dir}/`))) byKey.delete(key);
  }
  const found = [...byKey.values()];
  // A module named setup.py inside a Python project's package is not a project of its own.
  const inside = (p: OtherProject) => found.some((q) => q !== p && q.ecosystem === p.ecosystem && (q.dir === '' || p.dir.startsWith(`${q.dir}/`)));
  return found
    .filter((p) => !(p.ecosystem === 'PyPI' && !p.lockfile && p.manifest?.endsWith('setup.py') && inside(p)))
    .sort((a, b) => (a.ecosystem === b.ecosystem ? (a.dir < b.dir ? -1 : 1) : a.ecosystem < b.ecosystem ? -1 : 1));
}

/** Exports of a Python lockfile as pinned, hashed requirements, which pip-audit reads without installing anything. */
const PYTHON_EXPORT: Record<string, string> = {
  uv: 'uv export --frozen --no-emit-project --format requirements-txt -o requirements.audit.txt',
  poetry: 'poetry export -f requirements.txt -o requirements.audit.txt',
  pipenv: 'pipenv requirements --hash > requirements.audit.txt',
  pdm: 'pdm export -o requirements.audit.txt',
};

/** The report a project's audit is written to, beside its files. */
export function reportOf(project: OtherProject): string {
  // osv-scanner -r scans every lockfile from the root: one report for all.
  if (!['PyPI', 'Go', 'RubyGems', 'Packagist'].includes(project.ecosystem)) return 'osv.json';
  const name = project.ecosystem === 'PyPI' ? 'pip-audit.json' : project.ecosystem === 'Go' ? 'govulncheck.json' : project.ecosystem === 'RubyGems' ? 'bundle-audit.json' : 'composer-audit.json';
  return project.dir ? `${project.dir}/${name}` : name;
}

/**
 * The workflow step that writes a project's audit in a format the check reads. None installs the project
 * or runs its code: Python locks are exported as hashed requirements (`--disable-pip` then resolves
 * nothing), Composer audits its lockfile, govulncheck reads the source.
 */
export function auditStep(project: OtherProject): string {
  const cd = (command: string) => (project.dir ? `(cd ${project.dir} && ${command})` : command);
  switch (project.ecosystem) {
    case 'PyPI': {
      const exported = PYTHON_EXPORT[project.manager];
      if (exported && project.lockfile) return cd(`${exported} && pip-audit -r requirements.audit.txt --disable-pip -f json -o pip-audit.json || true`);
      const requirements = project.manifest?.slice(project.dir ? project.dir.length + 1 : 0);
      if (requirements && /^requirements[\w.-]*\.txt$/.test(requirements)) return cd(`pip-audit -r ${requirements} --disable-pip --no-deps -f json -o pip-audit.json || true`);
      // No lock and no requirements file: pip-audit audits the environment it runs in (see installedFirst).
      return cd('pip-audit -f json -o pip-audit.json || true');
    }
    case 'Go':
      return cd('govulncheck -format json ./... > govulncheck.json || true');
    case 'RubyGems':
      return cd('bundle-audit check --update --format json --output bundle-audit.json || true');
    case 'Packagist':
      return cd('composer audit --locked --format=json > composer-audit.json || true');
    default:
      return 'osv-scanner scan source -r --format json . > osv.json || true';
  }
}

/** True when the step only audits the project once it is installed (a Python project without lock or requirements). */
export function installedFirst(project: OtherProject): boolean {
  return project.ecosystem === 'PyPI' && !(project.lockfile && PYTHON_EXPORT[project.manager]) && !/(?:^|\/)requirements[\w.-]*\.txt$/.test(project.manifest ?? '');
}

/** The step in words, for messages: the command, and when it must run. */
export function auditStepText(project: OtherProject): string {
  return `\`${auditStep(project)}\`${installedFirst(project) ? ' after the step that installs the project' : ''}`;
}

/** The file that stands for a project in messages: its lockfile, else its manifest. */
export function fileOf(project: OtherProject): string {
  return project.lockfile ?? project.manifest ?? project.dir;
}
