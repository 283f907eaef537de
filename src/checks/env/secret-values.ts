import { createDetector } from '../secrets/detector.js';
import { SECRET_RULES } from '../secrets/rules/index.js';
import type { Detector } from '../secrets/types.js';
import type { EnvEntry } from './dotenv-parse.js';
import type { EnvFile } from './model.js';
import type { ValueDetector } from './values.js';

let shared: Detector | undefined;

/** The secrets detector with every built-in rule, built once per process. */
function detector(): Detector {
  shared ??= createDetector(SECRET_RULES);
  return shared;
}

/**
 * Runs the secrets detector over a whole env file (so that its rules see each `KEY=value` line in
 * context) and hands each entry the credentials found inside its value.
 */
export function detectorFor(file: EnvFile): (entry: EnvEntry) => ValueDetector {
  const matches = detector().scan(file.source.text, file.path);
  return (entry) => () => {
    const hit = matches.find((m) => m.start >= entry.valueStart && m.end <= entry.valueEnd);
    return hit && { title: hit.rule.title, secret: hit.secret, prefixLength: hit.rule.prefixLength ?? 0 };
  };
}

/** Per file, per entry: the hook the hygiene rules use (tests can pass their own). */
export type EntryDetectors = (file: EnvFile) => (entry: EnvEntry) => ValueDetector | undefined;
