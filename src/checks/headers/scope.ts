import { resolve, staticText, UNKNOWN } from '../../lang/js/evaluate.js';
import type { Token } from '../../lang/js/lexer.js';
import { propOf, type Scope } from '../../lang/js/values.js';

/**
 * Whether a route pattern matches every path of the app: `/:path*`, `/(.*)`, `/*`, `/**`, `**`, and the
 * "every route but a few" forms `/((?!api/storage).*)`, `/:path((?!api).*)*` (the excluded routes set
 * their own headers). Next.js/Vercel `source`, Netlify `for`, `_headers` paths, Firebase globs and Nuxt
 * route rules all write it one of these ways.
 */
export function coversEveryRoute(pattern: string): boolean {
  const p = pattern.trim().replace(/^\//, '').replace(/\/$/, '');
  return /^(?:\*{1,2}|\(\.\*\)\??|\.\*|:\w+\*|:\w+\(\.\*\)\*?|(?::\w+)?\(\(\?!.*\)\.\*\)\*?)$/.test(p);
}

/** Undefined for every route, else the routes for messages. A computed prefix (a base path) narrows nothing. */
export function narrowed(route: string | undefined): string | undefined {
  if (route === undefined) return undefined;
  const known = route.slice(route.lastIndexOf(UNKNOWN) + 1);
  if (coversEveryRoute(route) || (known !== route && (known === '' || coversEveryRoute(known)))) return undefined;
  return `for \`${route.replaceAll(UNKNOWN, '…')}\``;
}

/**
 * Route-handler files by the conventions of the frameworks that have them: a header set there is sent
 * by that route only. Root `+layout.server` and `hooks.server` of SvelteKit, Nuxt `server/middleware`
 * and Next.js middleware are not among them.
 */
const ROUTE_FILE = [
  /(?:^|\/)app\/(?:.+\/)?route\.[cm]?[jt]sx?$/, // Next.js app router route handlers
  /(?:^|\/)pages\/api\//, // Next.js pages API routes
  /(?:^|\/)src\/routes\/.+\/\+(?:server|page\.server|layout\.server)\.[jt]s$/, // SvelteKit below the root
  /(?:^|\/)src\/routes\/\+(?:server|page\.server)\.[jt]s$/,
  /(?:^|\/)server\/(?:api|routes)\//, // Nuxt / Nitro
  /(?:^|\/)app\/routes\//, // Remix / React Router
  /(?:^|\/)src\/pages\/.+\.[jt]s$/, // Astro endpoints
  /\.controller\.[cm]?[jt]s$/, // NestJS controllers
];

export function isRouteFile(path: string): boolean {
  return ROUTE_FILE.some((re) => re.test(path));
}

/** Route registrations whose first argument is a path: `router.get('/embed', handler)`, `app.use('/api', mw)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'route', 'use', 'on', 'register']);

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/**
 * The routes a statement at token `i` runs for, when an enclosing call registers it for a path that is not
 * every route (`router.get("/embeds/gitlab", (ctx) => { ctx.set(…) })`); undefined when nothing narrows it.
 */
export function enclosingRoute(tokens: readonly Token[], i: number): string | undefined {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === ')' || t.text === ']' || t.text === '}') depth++;
    else if (t.text === '(' || t.text === '[' || t.text === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (t.text !== '(') continue;
      const method = tokens[j - 1];
      const first = tokens[j + 1];
      if (method?.kind !== 'ident' || !ROUTE_METHODS.has(method.text) || !isPunct(tokens[j - 2], '.')) continue;
      if (first?.kind !== 'string' && !(first?.kind === 'template' && !first.exprs?.length)) continue;
      if (!isPunct(tokens[j + 2], ',')) continue;
      const path = first.text;
      if (method.text === 'use' || method.text === 'all' || method.text === 'route') {
        if (path === '' || coversEveryRoute(path) || path === '/') continue;
      }
      if (!path.startsWith('/') && !path.startsWith('*')) continue;
      return path;
    }
  }
  return undefined;
}

const NEXT_MIDDLEWARE = /(?:^|\/)(?:src\/)?(?:middleware|proxy)\.[cm]?[jt]s$/;

/**
 * The routes every header a file sets is limited to: a route handler's own route, or the `matcher` of a
 * Next.js middleware that does not match every route. Undefined when the file does not narrow them.
 */
export function fileRoutes(path: string, scope: Scope): string | undefined {
  if (isRouteFile(path)) return 'a route handler';
  if (!NEXT_MIDDLEWARE.test(path)) return undefined;
  const config = resolve(scope.get('config'), scope);
  const matcher = resolve(propOf(config, 'matcher')?.value, scope);
  if (!matcher) return undefined;
  const patterns = matcher.kind === 'array' ? matcher.items : [matcher];
  const texts = patterns.map((p) => {
    const item = resolve(p, scope);
    return staticText(item?.kind === 'object' ? propOf(item, 'source')?.value : item, scope)?.text;
  });
  if (!texts.length || texts.some((t) => t === undefined || narrowed(t) === undefined)) return undefined;
  return `for the middleware matcher ${texts.map((t) => `\`${t}\``).join(', ')}`;
}
