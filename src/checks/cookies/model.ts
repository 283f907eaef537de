import type { Location } from '../../core/finding.js';

/** How a cookie flag is configured: set, turned off, not written (and off by default), or computed. */
export type FlagState = 'on' | 'off' | 'missing' | 'dynamic';

export interface Flag {
  state: FlagState;
  /** Where it is written, when it is. */
  at?: Location;
  /** SameSite's value as written (`lax`, `strict`, `none`, `false`). */
  value?: string;
  /** Why an `on` flag holds without being written: the library's default. */
  byDefault?: boolean;
}

/** One session cookie configuration found in the code. */
export interface CookieConfig {
  /** What configures it, for messages: `express-session`, `NextAuth cookies.sessionToken`, `cookies().set("session")`. */
  source: string;
  /** The cookie's name when known. */
  name?: string;
  /** The call or object that configures it: where a missing flag is reported. */
  at: Location;
  secure: Flag;
  httpOnly: Flag;
  sameSite: Flag;
  /** Lifetime in seconds when written (or the library default), and where. */
  maxAge?: { seconds: number; at: Location; byDefault?: boolean };
  /** CSRF tokens are read by the page's script: they need not be HttpOnly. */
  csrf?: boolean;
  /** Set by a generic setter (`res.cookie`, `set_cookie`): a session cookie only if its name says so. */
  byName?: boolean;
  /** What to write to fix a flag, in the library's words. */
  keys: { secure: string; httpOnly: string; sameSite: string; maxAge: string };
}

/** Configuration that sets session cookies but cannot be read without running it. */
export interface UnreadableCookie {
  source: string;
  at: Location;
  /** For a generic setter: the cookie's name, by which it is a session cookie or not. */
  name?: string;
  /**
   * When the options are an imported function's result or an imported object (`options: getCookieOptions()`):
   * the name and module, and the cookie it configures, so that a provider read in that module can stand in.
   */
  via?: { name: string; from: string; file: string; cookie: Omit<CookieConfig, 'secure' | 'httpOnly' | 'sameSite'> };
}

/** An exported function or object of a module that gives cookie options (`export const getCookieOptions = () => ({…})`). */
export interface OptionsProvider {
  name: string;
  path: string;
  flags: Pick<CookieConfig, 'secure' | 'httpOnly' | 'sameSite'>;
}
