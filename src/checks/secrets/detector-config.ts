import { SECRET_RULES, createDetector } from './catalogue.js';
import { DEFAULT_TIME_BUDGET_MS, compilePatterns, type CustomPattern } from './settings.js';
import type { Detector } from './types.js';

/** What a detector is built from: plain data, so that a worker thread builds the same one. */
export interface DetectorConfig {
  /** Rules turned off in the policy (not run at all). */
  off: string[];
  patterns: CustomPattern[];
  /** Milliseconds a custom pattern may run on one text (`time-budget`). */
  budgetMs?: number;
}

export function buildDetector(config: DetectorConfig): Detector {
  const budgetMs = config.budgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const custom = compilePatterns(config.patterns, SECRET_RULES, budgetMs);
  const off = new Set(config.off);
  return createDetector([...SECRET_RULES, ...custom].filter((r) => !off.has(r.id)), { budgetMs });
}
