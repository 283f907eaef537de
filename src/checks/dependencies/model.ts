/** The advisory severities of the npm ecosystem, least severe first. */
export const ADVISORY_SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type AdvisorySeverity = (typeof ADVISORY_SEVERITIES)[number];

export function severityIndex(severity: AdvisorySeverity): number {
  return ADVISORY_SEVERITIES.indexOf(severity);
}

export function isAdvisorySeverity(value: unknown): value is AdvisorySeverity {
  return typeof value === 'string' && (ADVISORY_SEVERITIES as readonly string[]).includes(value);
}

/** The package manager a lockfile belongs to. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry' | 'bun';

/** Every audit format this check reads, detected from the content of a report. */
export type ReportFormat = 'npm7' | 'npm6' | 'pnpm' | 'yarn-classic' | 'yarn-berry' | 'osv-scanner' | 'pip-audit' | 'govulncheck' | 'bundler-audit' | 'composer-audit';

export const FORMAT_NAMES: Record<ReportFormat, string> = {
  npm7: 'npm 7+ (auditReportVersion 2)',
  npm6: 'npm 6',
  pnpm: 'pnpm',
  'yarn-classic': 'Yarn 1',
  'yarn-berry': 'Yarn Berry',
  'osv-scanner': 'osv-scanner',
  'pip-audit': 'pip-audit',
  govulncheck: 'govulncheck',
  'bundler-audit': 'bundler-audit',
  'composer-audit': 'composer audit',
};

/** The ecosystem (OSV's names) each single-ecosystem format audits; npm formats audit `npm`. */
export const FORMAT_ECOSYSTEM: Partial<Record<ReportFormat, string>> = {
  'pip-audit': 'PyPI',
  govulncheck: 'Go',
  'bundler-audit': 'RubyGems',
  'composer-audit': 'Packagist',
};

export interface Advisory {
  /** What identifies the advisory across formats and runs: the GHSA id when known, else the source id. */
  key: string;
  ghsa?: string;
  cves: string[];
  /** The id in the source database (npm's numeric advisory id, an OSV id). */
  sourceId?: string;
  title: string;
  url?: string;
  severity: AdvisorySeverity;
  /** True when the report gave no severity and one was assumed. */
  severityAssumed?: boolean;
  cvss?: { score?: number; vector?: string };
  cwes: string[];
  vulnerableRange?: string;
  patchedRange?: string;
}

export interface Fix {
  available: boolean;
  /** The package to change (for npm 7, often a direct dependency above the vulnerable one). */
  name?: string;
  version?: string;
  semverMajor?: boolean;
  /** True when the fix comes from the report itself; false when inferred from the patched range. */
  fromReport?: boolean;
}

/** One advisory affecting one package, with everything the gate and the messages need. */
export interface Vulnerability {
  advisory: Advisory;
  package: string;
  /** Installed versions of the package that the advisory covers (may be empty when the report omits them). */
  versions: string[];
  /**
   * Dependency paths, each from a direct dependency down to the package, written as npm writes them:
   * `axios>follow-redirects` (package names cannot contain `>`). Empty when neither the report nor a
   * lockfile tells. Strings rather than lists: a large monorepo's report rebuilds hundreds of thousands.
   */
  paths: string[];
  /** True when more paths exist than were kept (large trees): the paths above are the shortest ones. */
  pathsTruncated?: boolean;
  /**
   * Workspace directory (relative to the project) of each path, when the report says which workspace
   * a path starts in; same length as paths, '' for the root.
   */
  pathWorkspaces?: string[];
  /** Undefined when unknown. */
  direct?: boolean;
  /** Per path: whether it is a dev-only path. Undefined entries are unknown. */
  devPaths?: (boolean | undefined)[];
  /** Only reached through devDependencies. Undefined when unknown (treated as production). */
  dev?: boolean;
  fix?: Fix;
  /** Parents the report names instead of paths (Yarn 4 `Dependents`): `name@version` or a workspace. */
  dependents?: string[];
  /** npm 7+: where the package is installed (`node_modules/a/node_modules/b`, `packages/web/node_modules/b`). */
  nodes?: string[];
  /** osv-scanner: the ecosystem (`npm`, `PyPI`, …) and the manifest or lockfile the report names. */
  ecosystem?: string;
  source?: string;
  /**
   * govulncheck: false when the code never calls (or imports) the vulnerable symbols, as the tool's own
   * verdict says; such an advisory is listed, not failing. Undefined when the report does not tell.
   */
  reachable?: boolean;
  /**
   * What the report says beyond the advisory, in words: how far the code reaches it (`govulncheck: called
   * from main.go:14`), or that the tool's own configuration ignores it (Composer).
   */
  note?: string;
}

export interface ParsedReport {
  format: ReportFormat;
  vulnerabilities: Vulnerability[];
  /** Yarn 4 deprecation notices, which are not advisories. */
  deprecations: number;
  /** Packages in the audited tree, when the report says. */
  dependencyCount?: number;
  /** The names of the packages audited, when the report lists them (pip-audit): to tell it audited this project. */
  packages?: string[];
  /** True when the format gives no trustworthy dependency paths (Yarn 2/3 list bare names). */
  pathsUnreliable?: boolean;
}

/** The direct dependency a path starts from. */
export function pathRoot(path: string): string {
  const cut = path.indexOf('>');
  return cut === -1 ? path : path.slice(0, cut);
}

/** How many packages a path goes through (1 for a direct dependency). */
export function pathDepth(path: string): number {
  let n = 1;
  for (let i = path.indexOf('>'); i !== -1; i = path.indexOf('>', i + 1)) n++;
  return n;
}

/** The three outcomes of reading one audit: never two. */
export type AuditOutcome =
  | { kind: 'report'; report: ParsedReport }
  | { kind: 'unavailable'; reason: string; format?: ReportFormat };
