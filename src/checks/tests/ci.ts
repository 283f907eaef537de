import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { scriptRunsTests, type CommandEnv } from './commands.js';

export interface CiStep {
  path: string;
  line: number;
  /** What runs the tests, e.g. `npm test` or `npm run ci (vitest)`. */
  command: string;
}

export interface CiResult {
  /** A step that runs the tests on pushes or pull requests, with failures failing the run. */
  runs?: CiStep;
  /** Steps that run the tests but whose failures are ignored (`continue-on-error: true`). */
  ignored: CiStep[];
  /** Steps that run the tests in workflows that never run on pushes or pull requests. */
  elsewhere: (CiStep & { triggers: string[] })[];
  /** Steps that run the tests on pushes but never for a pull request (no pull_request trigger, or a job that skips it). */
  pushOnly: (CiStep & { why: string })[];
  /** GitHub workflow files read. */
  workflows: number;
  /** Workflow files that are not valid YAML. */
  broken: { path: string; message: string }[];
  /** Another CI system's configuration file whose commands run the tests. */
  otherCi?: CiStep;
  /** Jobs that call a reusable workflow of another repository, which may run the tests out of sight. */
  remote: CiStep[];
}

export const WORKFLOW_GLOB = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** CI systems besides GitHub Actions: their files are read as text, every command-like string counts. */
export const OTHER_CI_FILES = [
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  '.travis.yml',
  '.drone.yml',
  '.woodpecker.yml',
  '.buildkite/pipeline.yml',
  'appveyor.yml',
  'Jenkinsfile',
];

/**
 * Triggers under which a workflow checks the code that is pushed or proposed: directly, as a reusable
 * workflow, or after a preview deployment or another workflow of the change (Vercel previews report
 * `deployment_status`; end-to-end suites often follow the build through `workflow_run`).
 */
const CODE_TRIGGERS = new Set([
  'push', 'pull_request', 'pull_request_target', 'merge_group', 'workflow_call',
  'deployment_status', 'deployment', 'workflow_run', 'check_suite', 'check_run', 'status',
]);
/** Triggers that run for a pull request's changes before it is merged. */
const PR_TRIGGERS = new Set(['pull_request', 'pull_request_target', 'merge_group']);
/**
 * Triggers through which another workflow or a deployment decides when this one runs: whether that is for
 * pull requests cannot be told from this file, so they count (a preview deployment runs for each PR).
 */
const INDIRECT_TRIGGERS = new Set(['workflow_call', 'deployment_status', 'deployment', 'workflow_run', 'check_suite', 'check_run', 'status']);
/** The activity types of pull_request that run on a PR's new commits (the default: opened, synchronize, reopened). */
const RUNS_ON_COMMITS = new Set(['opened', 'synchronize', 'reopened']);

/** Whether a workflow's `on:` runs it for a pull request's changes; when not, why, in words. */
function pullRequestTrigger(on: unknown, triggers: readonly string[]): string | undefined {
  if (triggers.some((t) => INDIRECT_TRIGGERS.has(t))) return undefined;
  const pr = triggers.filter((t) => PR_TRIGGERS.has(t));
  if (!pr.length) return `its workflow is triggered by ${triggers.join(', ')}, never by pull_request`;
  const config = on && typeof on === 'object' && !Array.isArray(on) ? (on as Record<string, unknown>) : {};
  for (const t of pr) {
    const types = (config[t] as Record<string, unknown> | null | undefined)?.types;
    const list = typeof types === 'string' ? [types] : Array.isArray(types) ? types.filter((x): x is string => typeof x === 'string') : undefined;
    if (t === 'merge_group' || !list || list.some((x) => RUNS_ON_COMMITS.has(x))) return undefined;
  }
  return `its workflow is triggered by ${pr.join(', ')} only for ${pr.map((t) => String((config[t] as Record<string, unknown>).types)).join(', ')}, never for a pull request's new commits`;
}

/**
 * A job condition that only holds outside pull requests: `github.event_name == 'push'`, or a ref of a
 * branch (a pull request's ref is refs/pull/N/merge). Conditions with `||` are not judged.
 */
function skipsPullRequests(condition: unknown): string | undefined {
  if (typeof condition !== 'string' || condition.includes('||')) return undefined;
  const event = /github\.event_name\s*==\s*['"](\w+)['"]/.exec(condition)?.[1];
  if (event && !PR_TRIGGERS.has(event)) return `its job runs only if \`${condition.trim()}\``;
  if (/github\.event_name\s*!=\s*['"]pull_request['"]/.test(condition)) return `its job runs only if \`${condition.trim()}\``;
  if (/github\.ref\s*==\s*['"]refs\/(?:heads|tags)\//.test(condition)) return `its job runs only if \`${condition.trim()}\``;
  return undefined;
}

/** Inputs of actions that take a command line (retry wrappers, emulator runners, xvfb actions). */
const COMMAND_INPUTS = new Set(['run', 'command', 'commands', 'script', 'test-command', 'cmd', 'run-command']);
/** Actions that run a test suite by themselves. */
const TEST_ACTIONS = [/^cypress-io\/github-action@/, /^(?:mattes|microsoft)\/playwright-github-action@/];

function triggersOf(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((t): t is string => typeof t === 'string');
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

/** `if: false`, `if: ${{ false }}`: a step or job that never runs. */
function disabled(condition: unknown): boolean {
  if (condition === false) return true;
  return typeof condition === 'string' && /^\s*(?:\$\{\{\s*)?false\s*(?:\}\}\s*)?$/.test(condition);
}

/** A run script for each combination of the matrix values it uses (`npm run ${{ matrix.task }}`). */
function expandMatrix(script: string, matrix: unknown): string[] {
  const used = [...script.matchAll(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g)].map((m) => m[1] as string);
  if (!used.length || !matrix || typeof matrix !== 'object') return [script];
  const m = matrix as Record<string, unknown>;
  const valuesOf = (key: string): string[] => {
    const out = new Set<string>();
    const list = m[key];
    if (Array.isArray(list)) for (const v of list) if (typeof v !== 'object') out.add(String(v));
    if (Array.isArray(m.include)) for (const inc of m.include) if (inc && typeof inc === 'object' && key in inc) out.add(String((inc as Record<string, unknown>)[key]));
    return [...out];
  };
  let variants = [script];
  for (const key of new Set(used)) {
    const values = valuesOf(key);
    if (!values.length) continue;
    const re = new RegExp(`\\$\\{\\{\\s*matrix\\.${key.replace(/[-]/g, '\\-')}\\s*\\}\\}`, 'g');
    variants = variants.flatMap((v) => values.map((value) => v.replace(re, () => value))).slice(0, 64);
  }
  return variants;
}

function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

export interface WorkflowFile {
  path: string;
  text: string;
}

/** Reads every workflow and finds the steps that run the tests. */
export async function findTestRuns(workflows: readonly WorkflowFile[], other: readonly WorkflowFile[], env: CommandEnv): Promise<CiResult> {
  const result: CiResult = { ignored: [], elsewhere: [], pushOnly: [], workflows: workflows.length, broken: [], remote: [] };
  for (const file of workflows) {
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
    if (doc.errors.length) {
      result.broken.push({ path: file.path, message: doc.errors[0]?.message.split('\n')[0] ?? 'invalid YAML' });
      continue;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 200 });
    } catch (error) {
      result.broken.push({ path: file.path, message: (error as Error).message });
      continue;
    }
    if (!data || typeof data !== 'object') continue;
    const workflow = data as Record<string, unknown>;
    const on = workflow.on ?? (workflow as Record<string, unknown>)['true'];
    const triggers = triggersOf(on);
    const onCode = triggers.some((t) => CODE_TRIGGERS.has(t));
    const notForPr = onCode ? pullRequestTrigger(on, triggers) : undefined;
    const jobs = workflow.jobs && typeof workflow.jobs === 'object' ? (workflow.jobs as Record<string, unknown>) : {};
    for (const [jobName, jobValue] of Object.entries(jobs)) {
      if (!jobValue || typeof jobValue !== 'object') continue;
      const job = jobValue as Record<string, unknown>;
      if (disabled(job.if)) continue;
      if (typeof job.uses === 'string' && !job.uses.startsWith('./') && onCode) {
        result.remote.push({ path: file.path, line: lineOf(doc, lines, ['jobs', jobName, 'uses']), command: job.uses });
      }
      const jobIgnoresFailure = job['continue-on-error'] === true;
      const jobNotForPr = notForPr ?? skipsPullRequests(job.if);
      const matrix = (job.strategy as Record<string, unknown> | undefined)?.matrix;
      const steps = Array.isArray(job.steps) ? job.steps : [];
      for (const [index, stepValue] of steps.entries()) {
        if (!stepValue || typeof stepValue !== 'object') continue;
        const step = stepValue as Record<string, unknown>;
        if (disabled(step.if)) continue;
        const command = await stepRunsTests(step, matrix, env);
        if (!command) continue;
        const key = typeof step.run === 'string' ? 'run' : typeof step.uses === 'string' ? 'uses' : undefined;
        const hit: CiStep = { path: file.path, line: lineOf(doc, lines, ['jobs', jobName, 'steps', index, ...(key ? [key] : [])]), command };
        if (!onCode) result.elsewhere.push({ ...hit, triggers });
        else if (jobIgnoresFailure || step['continue-on-error'] === true) result.ignored.push(hit);
        else if (jobNotForPr ?? skipsPullRequests(step.if)) result.pushOnly.push({ ...hit, why: (jobNotForPr ?? skipsPullRequests(step.if)) as string });
        else result.runs ??= hit;
      }
    }
  }
  for (const file of other) {
    const hit = await otherCiRunsTests(file, env);
    if (hit) {
      result.otherCi = hit;
      break;
    }
  }
  return result;
}

async function stepRunsTests(step: Record<string, unknown>, matrix: unknown, env: CommandEnv): Promise<string | undefined> {
  if (typeof step.run === 'string') {
    for (const variant of expandMatrix(step.run, matrix)) {
      const hit = await scriptRunsTests(variant, env);
      if (hit) return hit;
    }
  }
  if (typeof step.uses === 'string') {
    const uses = step.uses;
    if (TEST_ACTIONS.some((re) => re.test(uses))) return uses;
    if (uses.startsWith('./')) {
      const dir = uses.slice(2).replace(/\/$/, '');
      const text = (await env.readText(`${dir}/action.yml`)) ?? (await env.readText(`${dir}/action.yaml`));
      const hit = text ? await compositeRunsTests(text, env) : undefined;
      if (hit) return `${uses} (${hit})`;
    }
  }
  const inputs = step.with;
  if (inputs && typeof inputs === 'object') {
    for (const [key, value] of Object.entries(inputs as Record<string, unknown>)) {
      if (!COMMAND_INPUTS.has(key) || typeof value !== 'string') continue;
      for (const variant of expandMatrix(value, matrix)) {
        const hit = await scriptRunsTests(variant, env);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** A local composite action (`uses: ./.github/actions/test`): its `runs.steps`. */
async function compositeRunsTests(text: string, env: CommandEnv): Promise<string | undefined> {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) return undefined;
  const steps = doc.getIn(['runs', 'steps']);
  if (!isSeq(steps)) return undefined;
  for (const item of steps.items) {
    if (!isMap(item)) continue;
    const step = item.toJSON() as Record<string, unknown>;
    if (disabled(step.if)) continue;
    const hit = await stepRunsTests(step, undefined, env);
    if (hit) return hit;
  }
  return undefined;
}

/** Other CI systems: every string value of the YAML (or every `sh '…'` of a Jenkinsfile) is a possible command. */
async function otherCiRunsTests(file: WorkflowFile, env: CommandEnv): Promise<CiStep | undefined> {
  if (file.path.endsWith('Jenkinsfile')) {
    for (const m of file.text.matchAll(/\b(?:sh|bat|powershell)\s*\(?\s*(?:script\s*:\s*)?(?:'''([\s\S]*?)'''|"""([\s\S]*?)"""|'([^'\n]*)'|"([^"\n]*)")/g)) {
      const script = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
      const hit = await scriptRunsTests(script, env);
      if (hit) return { path: file.path, line: file.text.slice(0, m.index).split('\n').length, command: hit };
    }
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) return undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isScalar(node)) {
      if (typeof node.value === 'string') {
        const hit = await scriptRunsTests(node.value, env);
        if (hit) return { path: file.path, line: node.range ? lines.linePos(node.range[0]).line : 1, command: hit };
      }
    } else if (isMap(node)) {
      for (const pair of node.items) stack.push(pair.value);
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return undefined;
}
