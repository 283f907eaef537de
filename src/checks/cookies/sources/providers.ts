import { posix } from 'node:path';
import { resolve } from '../../../lang/js/evaluate.js';
import { propOf, returnsOf, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { CookieConfig, OptionsProvider, UnreadableCookie } from '../model.js';
import { flagsOf } from './js.js';

const FLAG_KEYS = ['secure', 'httpOnly', 'sameSite'];

/**
 * Exported functions and objects of a module that give cookie options: `export const getCookieOptions = () =>
 * ({ httpOnly: true, sameSite: 'lax', secure: useHttps() })`, `export const sessionCookie = { … }`.
 */
export function readProviders(file: SourceFile, scope: Scope): OptionsProvider[] {
  const out: OptionsProvider[] = [];
  for (const m of file.text.matchAll(/\bexport\s+(?:const|let|function)\s+(\w+)/g)) {
    const name = m[1] as string;
    let value = resolve(scope.get(name), scope);
    if (value?.kind === 'function') value = resolve(returnsOf(value)[0], scope);
    if (value?.kind !== 'object' || !FLAG_KEYS.some((k) => propOf(value, k))) continue;
    out.push({ name, path: file.path, flags: flagsOf(file, value, scope, { secure: ['secure'], httpOnly: ['httpOnly'], sameSite: ['sameSite'] }, {}) });
  }
  return out;
}

/** Whether a module specifier (`@/src/server/utils/cookies`, `../lib/cookies`) names a provider's file. */
function names(spec: string, from: string, path: string): boolean {
  const bare = path.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  if (spec.startsWith('.')) return posix.join(posix.dirname(from), spec).replace(/\/index$/, '') === bare;
  // An alias (`@/`, `~/`, `$lib/`): the rest of the specifier must end the provider's path.
  const rest = spec.replace(/^(?:@|~|\$\w+|#\w*)\//, '');
  return rest !== spec && (bare === rest || bare.endsWith(`/${rest}`));
}

/** Cookie configurations whose options an imported provider gives, in place of "cannot be read". */
export function resolveProviders(unreadable: readonly UnreadableCookie[], providers: readonly OptionsProvider[]): { configs: CookieConfig[]; left: UnreadableCookie[] } {
  const configs: CookieConfig[] = [];
  const left: UnreadableCookie[] = [];
  for (const u of unreadable) {
    const via = u.via;
    const matches = via ? providers.filter((p) => p.name === via.name && names(via.from, via.file, p.path)) : [];
    if (via && matches.length === 1) configs.push({ ...via.cookie, ...(matches[0] as OptionsProvider).flags });
    else left.push(u);
  }
  return { configs, left };
}
