import type { FileTask } from '../../../core/check.js';
import type { SourceFile } from '../../../sources/source-file.js';
import { TimeoutCounter } from '../../../core/pattern-budget.js';
import { headerContext } from '../context.js';
import { buildDetector, type DetectorConfig } from '../detector-config.js';
import type { Span } from '../hits.js';
import type { Confidence, PatternOutcome } from '../types.js';

/** One secret in one file: its rule by id (rules hold functions, which stay in their own thread). */
export interface TreeMatch {
  rule: string;
  secret: string;
  span: Span;
  confidence: Confidence;
}

/**
 * The most matches of one file handed back whole. A dump of a million tokens would otherwise be held
 * (and cloned from a worker) whole until the report; past this, matches are counted by rule and reported
 * with the file's overflow finding. Well above any per-file listing limit.
 */
export const KEPT_PER_FILE = 1000;

/** A file's matches cut to KEPT_PER_FILE, and the rest counted by rule id (undefined when none were cut). */
export function keepMatches<M extends { rule: { id: string } }>(matches: readonly M[]): { kept: readonly M[]; more?: Record<string, number> } {
  if (matches.length <= KEPT_PER_FILE) return { kept: matches };
  const more: Record<string, number> = {};
  for (const m of matches.slice(KEPT_PER_FILE)) more[m.rule.id] = (more[m.rule.id] ?? 0) + 1;
  return { kept: matches.slice(0, KEPT_PER_FILE), more };
}

export interface TreeResult {
  matches: TreeMatch[];
  /** Matches past KEPT_PER_FILE, counted by rule id. */
  more?: Record<string, number>;
  /** What each of the policy's patterns with keyword hits in the file did (absent when none had any). */
  outcomes?: PatternOutcome[];
  /** What the file's header says it is: a generator's output, test code (only looked at when it holds matches). */
  declared?: 'generated' | 'test';
}

/**
 * The tree scope: one file of the head, as the engine reads it, in whichever thread reads it. Lockfiles
 * and minified bundles are scanned like any file: the detector's context rules (integrity hashes, SRI,
 * placeholders) keep them quiet without hiding a real token (a registry URL with credentials in a
 * lockfile is a real leak). A policy pattern stops after too many files over budget in this thread; the
 * check decides, in path order, what that means for the report.
 */
export const treeTask: FileTask<DetectorConfig, TreeResult> = {
  prepare(config) {
    const detector = buildDetector(config);
    const counter = new TimeoutCounter();
    return (file: SourceFile) => {
      const outcomes: PatternOutcome[] = [];
      const matches = detector.scan(file.text, file.path, { skip: counter.exhausted, outcomes });
      for (const o of outcomes) if (o.status === 'over-budget') counter.timedOut(o.rule);
      const { kept, more } = keepMatches(matches);
      const found = kept.map((m) => ({ rule: m.rule.id, secret: m.secret, span: file.span(m.start, m.end), confidence: m.confidence }));
      const result: TreeResult = { matches: found };
      if (more) result.more = more;
      if (outcomes.length) result.outcomes = outcomes;
      const declared = found.length ? headerContext(file.text) : undefined;
      if (declared) result.declared = declared;
      return result;
    };
  },
};
