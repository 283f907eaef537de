import * as core from '@actions/core';
import { MAX_THREADS, parseThreads } from '../core/pass.js';
import { isSeverity, type FailOn } from '../core/severity.js';
import { LIMITS } from '../github/limits.js';
import type { PolicySource } from '../policy/pull-request.js';

export interface ActionInputs {
  policy: string;
  /** Which policy judges a pull request; undefined: the base's on pull requests, else the checkout's. */
  policySource: PolicySource | undefined;
  failOn?: FailOn;
  sarifFile: string;
  workingDirectory: string;
  token: string;
  checkName: string;
  reviewComments: boolean;
  stickyComment: boolean;
  /** Write the report here for a later workflow_run job (the fork pattern). */
  saveReport: string;
  /** Publish this saved report instead of scanning (in the workflow_run job). */
  publishReport: string;
  /** Worker threads for the pass; undefined: decided by the scan's size. */
  threads: number | undefined;
  /** Annotations on the check run at most; the rest are counted in its summary. */
  maxAnnotations: number;
}

/** A boolean input: true/false in any case, the default when empty; anything else is an error. */
function booleanInput(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`input ${name} must be true or false, not "${core.getInput(name)}"`);
}

export function readInputs(): ActionInputs {
  const failOn = core.getInput('fail-on');
  if (failOn && failOn !== 'none' && !isSeverity(failOn)) {
    throw new Error(`input fail-on must be error, warning, notice or none, not "${failOn}"`);
  }
  const checkName = core.getInput('check-name') || 'Security Gate';
  const threads = parseThreads(core.getInput('threads'));
  if (threads === 'invalid') throw new Error(`input threads must be auto or a whole number from 1 to ${MAX_THREADS}, not "${core.getInput('threads')}"`);
  const maxAnnotations = core.getInput('max-annotations').trim();
  if (maxAnnotations && !/^\d{1,6}$/.test(maxAnnotations)) throw new Error(`input max-annotations must be a whole number (0 for none), not "${core.getInput('max-annotations')}"`);
  const policySource = core.getInput('policy-source').trim();
  if (policySource && policySource !== 'base' && policySource !== 'head') throw new Error(`input policy-source must be base or head, not "${policySource}"`);
  return {
    policy: core.getInput('policy'),
    policySource: (policySource || undefined) as PolicySource | undefined,
    failOn: (failOn || undefined) as FailOn | undefined,
    sarifFile: core.getInput('sarif-file'),
    workingDirectory: core.getInput('working-directory') || '.',
    token: core.getInput('token'),
    checkName,
    reviewComments: booleanInput('review-comments', true),
    stickyComment: booleanInput('sticky-comment', false),
    saveReport: core.getInput('save-report'),
    publishReport: core.getInput('publish-report'),
    threads,
    maxAnnotations: maxAnnotations ? Number(maxAnnotations) : LIMITS.annotationsDefault,
  };
}
