import { quoteValue } from '../checks/secrets/recognise.js';

/** One thing wrong with a policy, at a place in a file. Lines and columns are 1-based. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  /** The key path at fault, e.g. `checks.env.required[2]`. */
  key?: string;
  message: string;
}

export class PolicyError extends Error {
  constructor(readonly problems: PolicyProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PolicyError';
  }
}

export function formatProblem(problem: PolicyProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** `checks.env.required[2]` from ['checks', 'env', 'required', 2]. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part) && quoteValue(part, 64) === JSON.stringify(part)) out += out ? `.${part}` : part;
    else out += `[${quoteValue(part, 64)}]`;
  }
  return out || '(root)';
}
