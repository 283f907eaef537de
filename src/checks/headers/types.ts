import type { Location } from '../../core/finding.js';
import type { StaticText } from '../../lang/js/evaluate.js';
import type { SourceFile } from '../../sources/source-file.js';

/** One place where the repository sets a response header. */
export interface HeaderSetting {
  /** The header name as written. */
  name: string;
  /** Lower case, for comparisons. */
  key: string;
  /** The value as far as it can be read statically; undefined when it is computed at run time. */
  value: StaticText | undefined;
  location: Location;
  /** What sets it, for messages: `next.config.ts`, `vercel.json`, `helmet defaults`. */
  origin: string;
  /** How to change this setting, when it is not written out (helmet defaults). */
  hint?: string;
  /** Helmet's `contentSecurityPolicy.reportOnly`: the policy is reported, not enforced. */
  reportOnly?: boolean;
  /** The file the value's literals are written in (value.spans are offsets into it). */
  file?: SourceFile;
  /**
   * The routes it is sent on, when not every route (`/embed/:path*`, `the route handler app/api/x/route.ts`):
   * such a setting is judged for its value but does not meet a requirement for the whole app.
   */
  routes?: string;
}

/** Configuration that sets headers but cannot be read without running it. */
export interface Unreadable {
  location: Location;
  what: string;
  /** Header keys (lower case) it may set; undefined when it may set any. */
  headers?: ReadonlySet<string>;
}

/** A helmet protection turned off in code. */
export interface HelmetOff {
  /** The header, as helmet names it, and in lower case. */
  name: string;
  key: string;
  option: string;
  location: Location;
}

export interface Collected {
  settings: HeaderSetting[];
  unreadable: Unreadable[];
  helmetOff: HelmetOff[];
  /** Where the app's header configuration lives (next.config headers(), a helmet call): where a missing header is annotated. */
  anchors: { location: Location; what: string }[];
  /** Framework configurations read beyond the JavaScript ones (`Django settings`), named in messages. */
  readers: string[];
}

export function emptyCollected(): Collected {
  return { settings: [], unreadable: [], helmetOff: [], anchors: [], readers: [] };
}
