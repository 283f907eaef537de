import type { FileTask } from '../../core/check.js';
import { HEADERS_FILE, HTML, JS_SOURCE, NETLIFY_TOML, PLATFORM_JSON, SERVER_CONFIG } from './files.js';
import { NEXT_CONFIG } from './sources/next-config.js';

const CSP = 'content-security-policy';

export interface SortConfig {
  tracked: string[];
}

/**
 * Whether a file may bear on headers: package manifests and hosting or server configs always; code and
 * JSON when they mention a header, helmet, or are a Next config; HTML when it holds a CSP.
 */
export const sortTask: FileTask<SortConfig, boolean> = {
  prepare(config) {
    const tracked = new Set(config.tracked);
    return (file) => {
      const path = file.path;
      if (path === 'package.json' || path.endsWith('/package.json')) return true;
      if (PLATFORM_JSON.test(path) || NETLIFY_TOML.test(path) || HEADERS_FILE.test(path)) return true;
      if (HTML.test(path)) return file.text.toLowerCase().includes(CSP);
      if (SERVER_CONFIG.test(path) && !JS_SOURCE.test(path)) return true;
      return mentionsHeaders(file.text, path, tracked);
    };
  },
};

/** The cheap test before lexing: a file that names no tracked header, no helmet and is no Next config sets none. */
export function mentionsHeaders(text: string, path: string, tracked: ReadonlySet<string>): boolean {
  if (NEXT_CONFIG.test(path)) return true;
  const lower = text.toLowerCase();
  if (JS_SOURCE.test(path) && lower.includes('helmet')) return true;
  for (const key of tracked) if (lower.includes(key)) return true;
  return false;
}

