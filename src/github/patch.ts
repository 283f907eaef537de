/**
 * Unified diff parsing for review comments: which lines of the new file a pull request added. Review
 * comments are placed only on those lines, so a comment can never land outside the diff.
 */

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * The new-file line numbers added by one file's patch (the `patch` field of the pull request files API,
 * or one file's section of `git diff`). Context lines are commentable too, but a finding there was not
 * introduced by the pull request, so they are not returned.
 */
export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let line = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const hunk = HUNK.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const first = text[0];
    if (first === '+') added.add(line++);
    else if (first === ' ') line++;
    else if (first === '-' || first === '\\') continue;
    // An empty line inside a hunk is a context line whose leading space was stripped (some tools do so).
    else if (text === '') line++;
    else inHunk = false;
  }
  return added;
}

/** Undoes git's C-style quoting of unusual paths (`"dir/t\303\244st.txt"`). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const body = text.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Splits the output of `git diff --src-prefix=a/ --dst-prefix=b/` into the added lines of every file,
 * keyed by the new path. Deleted files are left out; binary files have no lines.
 */
export function addedLinesByFile(diff: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let path: string | undefined;
  let chunk: string[] = [];
  const flush = () => {
    if (path !== undefined) files.set(path, addedLines(chunk.join('\n')));
    path = undefined;
    chunk = [];
  };
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      continue;
    }
    if (line.startsWith('+++ ') && chunk.length === 0) {
      const target = unquoteGitPath(line.slice(4).replace(/\t$/, ''));
      path = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
      continue;
    }
    if (path !== undefined) chunk.push(line);
  }
  flush();
  return files;
}
