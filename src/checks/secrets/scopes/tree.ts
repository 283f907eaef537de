import type { FileTask } from '../../../core/check.js';
import type { SourceFile } from '../../../sources/source-file.js';
import { buildDetector, type DetectorConfig } from '../detector-config.js';
import type { Span } from '../hits.js';

/** One secret in one file: its rule by id (rules hold functions, which stay in their own thread). */
export interface TreeMatch {
  rule: string;
  secret: string;
  span: Span;
}

/**
 * The tree scope: one file of the head, as the engine reads it, in whichever thread reads it. Lockfiles
 * and minified bundles are scanned like any file: the detector's context rules (integrity hashes, SRI,
 * placeholders) keep them quiet without hiding a real token (a registry URL with credentials in a
 * lockfile is a real leak).
 */
export const treeTask: FileTask<DetectorConfig, TreeMatch[]> = {
  prepare(config) {
    const detector = buildDetector(config);
    return (file: SourceFile) => detector.scan(file.text, file.path).map((m) => ({ rule: m.rule.id, secret: m.secret, span: file.span(m.start, m.end) }));
  },
};
