import picomatch from 'picomatch';

/**
 * Why a path glob from the policy is unusable, or undefined when it is fine. Globs are relative to the
 * repository root and use `/`; they may not climb out of it.
 */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty';
  if (pattern.includes('\\') && !/\\[[\]{}()*?!]/.test(pattern)) return 'uses "\\": write paths with "/"';
  if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern)) return 'is absolute: globs are relative to the repository root';
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body.split('/').includes('..')) return 'climbs out of the repository with ".."';
  if (globBody(body) === '') return 'names only the repository root: write "**" for every file';
  try {
    picomatch.makeRe(body, { strictBrackets: true, dot: true });
  } catch (error) {
    return `is not a valid glob: ${(error as Error).message}`;
  }
  return undefined;
}

/** Same checks for a plain path that must stay inside the repository. */
export function pathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) {
    return 'is absolute: paths are relative to the repository root';
  }
  if (path.split(/[\\/]/).includes('..')) return 'climbs out of the repository with ".."';
  return undefined;
}

export type PathMatcher = (path: string) => boolean;

/** What a glob matches against: without a leading `./` and a trailing `/` (a directory matches as itself). */
function globBody(pattern: string): string {
  let body = pattern.startsWith('./') ? pattern.slice(2) : pattern;
  if (body.endsWith('/')) body = body.slice(0, -1);
  return body;
}

/**
 * Compiles gitignore-like globs: a pattern without `/` matches a file or directory name at any depth, a
 * pattern ending in `/` matches a directory, and a path matches when it or one of its parent directories
 * does. Patterns beginning with `!` re-include what an earlier pattern excluded.
 */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false;
  const compiled = patterns.map((raw) => {
    const negated = raw.startsWith('!');
    const pattern = globBody(negated ? raw.slice(1) : raw);
    const basename = !pattern.includes('/');
    return { negated, test: selfOrParent(picomatch(pattern, { dot: true, basename })) };
  });
  return (path) => {
    let ignored = false;
    for (const { negated, test } of compiled) {
      if (negated !== ignored) continue;
      if (test(path)) ignored = !negated;
    }
    return ignored;
  };
}

/**
 * A path matches when it or one of its directories does. Directories are shared by many files, so
 * whether a directory (or one above it) matches is remembered: a big tree costs one test per file plus
 * one per directory, not one per path prefix.
 */
function selfOrParent(test: (p: string) => boolean): (path: string) => boolean {
  const dirs = new Map<string, boolean>();
  const dirMatches = (dir: string): boolean => {
    // Up to the first directory already known (iteratively: trees can be 10,000 directories deep), then
    // down again, remembering each.
    const unknown: string[] = [];
    let above = false;
    for (let d = dir; d !== ''; d = d.slice(0, Math.max(0, d.lastIndexOf('/')))) {
      const known = dirs.get(d);
      if (known !== undefined) {
        above = known;
        break;
      }
      unknown.push(d);
    }
    for (let i = unknown.length - 1; i >= 0; i--) {
      const d = unknown[i] as string;
      above = above || test(d);
      dirs.set(d, above);
    }
    return above;
  };
  return (path) => {
    if (test(path)) return true;
    const slash = path.lastIndexOf('/');
    return slash !== -1 && dirMatches(path.slice(0, slash));
  };
}

/** A single glob, matched against the whole path (for rule `files:` and exception `path:` fields). */
export function globMatcher(pattern: string | readonly string[]): PathMatcher {
  const list = typeof pattern === 'string' ? [pattern] : [...pattern];
  return compileGlobs(list);
}
