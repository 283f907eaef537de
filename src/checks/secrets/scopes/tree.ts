import type { SourceFile } from '../../../sources/source-file.js';
import type { Hit } from '../hits.js';
import type { Detector } from '../types.js';

/**
 * The tree scope: one file of the head, as the engine reads it. Lockfiles and minified bundles are scanned
 * like any file: the detector's context rules (integrity hashes, SRI, placeholders) keep them quiet
 * without hiding a real token (a registry URL with credentials in a lockfile is a real leak).
 */
export function scanFile(detector: Detector, file: SourceFile, sink: (hit: Hit) => void): void {
  for (const match of detector.scan(file.text, file.path)) {
    sink({ rule: match.rule, secret: match.secret, path: file.path, span: file.span(match.start, match.end), scope: 'tree' });
  }
}
