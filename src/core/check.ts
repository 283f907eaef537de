import type { FindingInput, PolicyPath } from './finding.js';
import type { Severity } from './severity.js';
import type { Git } from '../sources/git.js';
import type { FileEntry } from '../sources/list.js';
import type { SourceFile } from '../sources/source-file.js';
import type { Redactor } from '../util/redact.js';
import type { Logger } from '../util/logger.js';
import type { Policy } from '../policy/types.js';
import type { Report } from './report.js';

/** JSON Schema (draft 2020-12 subset that ajv understands) for a check's own policy settings. */
export type JsonSchema = Record<string, unknown>;

export interface RuleMeta {
  /** Begins with the check's id and a slash. */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** 0.0–10.0, shown by GitHub code scanning as low/medium/high/critical. */
  securitySeverity?: number;
  helpUri?: string;
  tags?: string[];
  /** How often the rule's findings are right (SARIF `precision`, read by code scanning); default `high`. */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
}

export interface CheckMeta {
  id: string;
  title: string;
  description: string;
  /** The checklist items (in the words of the seed checklists) this check enforces. */
  covers: string[];
  /**
   * How some of `covers` are judged, by item: by default an item passes when the whole check does. Several
   * checks may cover one item; the checklist shows it once.
   */
  coverage?: Readonly<Record<string, Coverage>>;
  rules: RuleMeta[];
  /**
   * Schema of the check's own settings: the `properties` of its section under `checks:`. The common keys
   * (`enabled`, `ignore`, `severity`, `baseline`) are added by the policy loader.
   */
  settings: Record<string, JsonSchema>;
  /** Top-level keys of the policy the check reads besides its section (the rules check: `rules:`), with their schema. */
  policyKeys?: Record<string, JsonSchema>;
}

/** How a checklist item is judged within one check. */
export interface Coverage {
  /** The rules whose findings decide the item (default: every rule of the check). */
  rules?: readonly string[];
  /**
   * The item is about one value the check's `expect` setting asks for (`DEBUG` in `expect: {.env.production:
   * {DEBUG: "false"}}`): without such an entry it is not evaluated, and only findings about that value fail it.
   */
  expects?: string;
  /** The item is judged only when this setting of the check's section is set (`require-pinned`). */
  when?: string;
}

/**
 * What a scan is looking at. A PR scan knows its base and head commits; a staged scan judges git's index
 * (what is about to be committed), and reads what the index changes.
 */
export interface ScanScope {
  kind: 'full' | 'pr' | 'staged';
  /** The event that started the run, when run by the action (`pull_request`, `push`, …). */
  event?: string;
  base?: string;
  head?: string;
}

/**
 * What the operator (CLI options, action inputs) gives the secrets check's verification at run time: never
 * where a secret goes, only what it must not send and where it may keep its verdicts.
 */
export interface VerificationOptions {
  /** Credentials of the run itself (the workflow token): never sent to any provider. */
  withhold?: readonly string[];
  /** A verdict cache file, outside the repository (the CLI's `--verify-cache`). */
  cacheFile?: string;
  /**
   * Why what is scanned may not be sent to anyone (a pull request from a fork): verification then sends
   * nothing, and says so. Decided by the operator's side from the run's event, never by the policy.
   */
  untrusted?: string;
}

export interface CheckContext {
  /** Absolute path of the scanned directory. */
  readonly root: string;
  /** Every file of the scan after the policy's ignores, in path order. */
  readonly files: readonly FileEntry[];
  readonly policy: Policy;
  readonly scope: ScanScope;
  /**
   * On pull requests, the files the pull request changes (and untracked ones): checks whose findings sit
   * in the files they read look only at these. Undefined on full scans or when the merge base is unknown.
   */
  readonly changed: ReadonlySet<string> | undefined;
  /** Read-only git access to the repository, when the root is inside a work tree. */
  readonly git: Git | undefined;
  readonly log: Logger;
  /** Register raw secret values so that every reporter scrubs them, whatever a message says. */
  readonly redactor: Redactor;
  readonly now: Date;
  readonly verification?: VerificationOptions;
  /** True when a path is excluded by the policy (global or this check's `ignore`). */
  isIgnored(path: string): boolean;
  /**
   * Read a text file of the repository (tracked or not) through the run's cache, so that no file is read
   * twice. Undefined when the file is missing, binary, too large, a symlink, or outside the root.
   */
  readText(path: string): Promise<SourceFile | undefined>;
  report(finding: FindingInput): void;
  /**
   * Says that the check (no `rules`) or some of its rules could not look at what they are about, and why
   * ("no reader for Django settings", "no audit report for pip"): the report shows them as not evaluated,
   * never as passed. Findings the check does report still count.
   */
  notEvaluated(reason: string, rules?: readonly string[]): void;
  /** Something the reader of the report should know about this check's run (shown with the report's notes). */
  note(text: string): void;
  /** The place in the policy file of a setting, for messages ("required by security-policy.yml:12"). */
  describePolicyPath(path: PolicyPath): string;
}

/** One execution of a check. The engine feeds it the files it wants, once each, then asks it to finish. */
export interface CheckRun {
  /** Which files of the tree pass this check wants to see. Cheap: called once per file. */
  wants?(path: string): boolean;
  visit?(file: SourceFile): void | Promise<void>;
  /**
   * Instead of `visit`: the check's `fileTask` runs on each wanted file, in a worker thread or here, and
   * each result comes back to `accept` in path order. `config` must survive structured cloning.
   */
  task?: TaskUse;
  /** Called after the pass, concurrently with the other checks' finish. */
  finish?(): void | Promise<void>;
}

export interface TaskUse {
  config: unknown;
  accept(path: string, result: unknown): void;
}

/**
 * The part of a check's pass that depends on one file alone, so that the engine can run it on several
 * cores. `prepare` is pure: from the same config it builds the same function in any thread, so a scan
 * finds the same with one thread or many. Results must survive structured cloning.
 */
export interface FileTask<Config = unknown, Result = unknown> {
  prepare(config: Config): (file: SourceFile) => Result;
}

/**
 * A command-line option (and, with `input`, an action input of the same name) that sets part of the
 * check's policy for one run, over what the policy file says. The entry points read them from the
 * registry, so that neither imports a check.
 */
export interface CheckOption {
  /** The flag without its dashes (`probe-url`); also the action input's name. */
  name: string;
  type: 'string' | 'boolean';
  /** The value's placeholder in `--help` (`URL`). */
  value?: string;
  /** What it does, one line of `--help` (a second line when it needs one). */
  help: string[];
  /** Also an action input (declared in action.yml). */
  input?: boolean;
  /** `false`: an action input only, not a command-line flag (the CLI has flags of its own for it). */
  cli?: boolean;
  /** Applies the value to the loaded policy; nothing when unset. Throws an Error naming what is wrong. */
  apply(policy: Policy, value: string | boolean | undefined): void;
}

/** What `security-gate init` knows about a repository when it writes a starter policy. */
export interface RepoInfo {
  root: string;
  /** Repository-relative paths of the files (tracked, or walked outside git). */
  paths: readonly string[];
  /** package.json of the root, parsed, when there is one. */
  packageJson?: Record<string, unknown>;
}

export interface Check<Settings = Record<string, unknown>> {
  meta: CheckMeta;
  create(ctx: CheckContext, settings: Settings): CheckRun | Promise<CheckRun>;
  /** The per-file work its runs hand out through `CheckRun.task`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each check has its own config and result types
  fileTask?: FileTask<any, any>;
  /**
   * The check's own section of the Markdown report, after the findings (tables, fix commands), built from
   * the report it is given (which may be a filtered or a saved one). Lines of Markdown; text from the
   * repository goes through util/markdown-cell. Empty when there is nothing to add.
   */
  summary?(report: Report): string[];
  /** Command-line options (and action inputs) that set the check's policy for one run. */
  options?: readonly CheckOption[];
  /** The section `security-gate init` writes for this repository; undefined leaves it to the presets. */
  starter?(repo: RepoInfo): Record<string, unknown> | undefined;
}

/** Helps a check module declare its type without repeating the generic. */
export function defineCheck<Settings = Record<string, unknown>>(check: Check<Settings>): Check<Settings> {
  for (const rule of check.meta.rules) {
    if (!rule.id.startsWith(`${check.meta.id}/`)) {
      throw new Error(`rule ${rule.id} must begin with its check id "${check.meta.id}/"`);
    }
  }
  return check;
}
