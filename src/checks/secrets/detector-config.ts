import { SECRET_RULES, createDetector } from './catalogue.js';
import { compilePatterns, type CustomPattern } from './settings.js';
import type { Detector } from './types.js';

/** What a detector is built from: plain data, so that a worker thread builds the same one. */
export interface DetectorConfig {
  /** Rules turned off in the policy (not run at all). */
  off: string[];
  patterns: CustomPattern[];
}

export function buildDetector(config: DetectorConfig): Detector {
  const custom = compilePatterns(config.patterns, SECRET_RULES);
  const off = new Set(config.off);
  return createDetector([...SECRET_RULES, ...custom].filter((r) => !off.has(r.id)));
}
