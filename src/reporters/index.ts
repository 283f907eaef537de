import { consoleReporter } from './console.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import type { Reporter } from './types.js';

/** Every output format. A new format is one module plus one line here. */
export const REPORTERS: readonly Reporter[] = [consoleReporter, jsonReporter, sarifReporter, markdownReporter];

export function reporterFor(id: string): Reporter | undefined {
  return REPORTERS.find((r) => r.id === id);
}
