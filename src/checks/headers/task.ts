import type { FileTask } from '../../core/check.js';
import { HEADERS_FILE, HTML, JS_SOURCE, NETLIFY_TOML, PLATFORM_JSON, SERVER_CONFIG } from './files.js';
import { isServerFile, serverFileBears } from './servers.js';
import { NEXT_CONFIG } from './sources/next-config.js';
import { NUXT_CONFIG } from './sources/nuxt.js';
import { SVELTE_CONFIG } from './sources/sveltekit.js';

const CSP = /content-security-policy/i;

export interface SortConfig {
  tracked: string[];
}

/**
 * Whether a file may bear on headers: package manifests and hosting or server configs always; code and
 * JSON when they mention a header, helmet, or are a Next config; HTML when it holds a CSP.
 */
export const sortTask: FileTask<SortConfig, boolean> = {
  prepare(config) {
    const mention = headerMention(config.tracked);
    return (file) => {
      const path = file.path;
      if (path === 'package.json' || path.endsWith('/package.json')) return true;
      if (PLATFORM_JSON.test(path) || NETLIFY_TOML.test(path) || HEADERS_FILE.test(path)) return true;
      if (HTML.test(path)) return CSP.test(file.text);
      if (isServerFile(path)) return serverFileBears(path, file.text, mention);
      if (SERVER_CONFIG.test(path) && !JS_SOURCE.test(path)) return true;
      return mentionsHeaders(file.text, path, mention);
    };
  },
};

/** A header name as a literal in a regular expression (JavaScript's or git grep's extended syntax). */
export const escapeName = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One case-insensitive search for any tracked header name (no lower-cased copy of every file). */
export function headerMention(tracked: Iterable<string>): RegExp {
  return new RegExp([...tracked].map(escapeName).join('|'), 'i');
}

/** The cheap test before lexing: a file that names no tracked header, no helmet and is no Next config sets none. */
export function mentionsHeaders(text: string, path: string, mention: RegExp): boolean {
  if (NEXT_CONFIG.test(path) || NUXT_CONFIG.test(path) || SVELTE_CONFIG.test(path)) return true;
  if (JS_SOURCE.test(path) && /helmet/i.test(text)) return true;
  return mention.test(text);
}
