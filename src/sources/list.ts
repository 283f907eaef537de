import { lstatSync, type Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Git } from './git.js';

export type FileKind = 'file' | 'symlink' | 'missing' | 'other';

export interface FileEntry {
  /** Repository-relative, `/`-separated. */
  path: string;
  kind: FileKind;
  /** Bytes on disk (0 for symlinks and missing files; 0 until read when `unsized`). */
  size: number;
  /**
   * Listed from git's index without looking at the disk (pull requests, which read few files): the kind
   * comes from the index mode, the size is unknown until the file is read.
   */
  unsized?: true;
  /** Known to git (false for untracked files and outside a work tree). */
  tracked: boolean;
}

export interface Listing {
  entries: FileEntry[];
  /** `git` when the list comes from `git ls-files`, `walk` when the directory was walked. */
  source: 'git' | 'walk';
  /** Directories the walk could not open (too deep for the OS, no permission); their files are not listed. */
  unreadableDirs: number;
  /** Git submodules: those whose files are listed (initialised, full scans) and those that are not. */
  submodules: { scanned: string[]; notScanned: string[] };
}

/**
 * The files of the scan: inside a work tree, what `git ls-files` lists (tracked files, plus untracked
 * files that are not ignored, so a developer sees new files before committing them); elsewhere a walk that
 * honours `.gitignore` files and skips `.git` and `node_modules`. Symlinks are listed, never followed.
 */
export async function listFiles(root: string, git: Git | undefined, options: { stat?: boolean } = {}): Promise<Listing> {
  if (git) {
    const stat = options.stat ?? true;
    // Full scans list the files of initialised submodules too (their code ships with the repository);
    // git cannot recurse in --stage mode, so pull requests see each submodule as one entry.
    const [tracked, untracked] = await Promise.all([
      // A submodule git refuses to read (e.g. owned by another user) leaves it unscanned, not the scan failed.
      stat ? git.listFiles(['--cached', '--recurse-submodules']).catch(() => git.listFiles(['--cached'])) : git.listFiles(['--cached', '--stage']),
      git.listFiles(['--others', '--exclude-standard']),
    ]);
    const gitlinks = stat ? (tracked.includes('.gitmodules') ? await submodulePaths(git) : []) : tracked.filter((l) => l.startsWith('160000 ')).map((l) => l.slice(l.indexOf('\t') + 1));
    const seen = new Set<string>();
    const entries: FileEntry[] = [];
    for (const line of tracked) {
      // --stage: "<mode> <object> <stage>\t<path>" (a conflicted path appears once per stage).
      const tab = stat ? -1 : line.indexOf('\t');
      const path = stat ? line : line.slice(tab + 1);
      if (seen.has(path)) continue;
      seen.add(path);
      entries.push(stat ? statEntry(root, path, true) : indexEntry(path, line.slice(0, 6)));
    }
    for (const path of untracked) if (!seen.has(path)) entries.push(statEntry(root, path, false));
    const scanned = gitlinks.filter((p) => entries.some((e) => e.path.startsWith(`${p}/`)));
    return { entries: sortEntries(entries), source: 'git', unreadableDirs: 0, submodules: { scanned, notScanned: gitlinks.filter((p) => !scanned.includes(p)) } };
  }
  const walked = await walk(root);
  return { entries: sortEntries(walked.entries), source: 'walk', unreadableDirs: walked.unreadableDirs, submodules: { scanned: [], notScanned: [] } };
}

/** The paths of the repository's submodules (gitlinks, mode 160000), relative to the scan root. */
async function submodulePaths(git: Git): Promise<string[]> {
  const staged = await git.listFiles(['--cached', '--stage']);
  return staged.filter((l) => l.startsWith('160000 ')).map((l) => l.slice(l.indexOf('\t') + 1));
}

/** A tracked file as the index records it: a symlink (120000), a submodule (160000) or a file. */
function indexEntry(path: string, mode: string): FileEntry {
  if (mode === '120000') return { path, kind: 'symlink', size: 0, tracked: true };
  if (mode === '160000') return { path, kind: 'other', size: 0, tracked: true };
  return { path, kind: 'file', size: 0, tracked: true, unsized: true };
}

/** The size of a listed file, looked up on disk when the listing did not (0 when it cannot be). */
export function sizeOf(root: string, entry: FileEntry): number {
  if (!entry.unsized) return entry.size;
  try {
    return lstatSync(join(root, entry.path)).size;
  } catch {
    return 0;
  }
}

/** Synchronous: one lstat per file from the inode cache costs less than a thread-pool round trip. */
function statEntry(root: string, path: string, tracked: boolean): FileEntry {
  try {
    const stats = lstatSync(join(root, path));
    if (stats.isSymbolicLink()) return { path, kind: 'symlink', size: 0, tracked };
    if (stats.isFile()) return { path, kind: 'file', size: stats.size, tracked };
    // Submodules (gitlinks) and other special entries.
    return { path, kind: 'other', size: 0, tracked };
  } catch {
    return { path, kind: 'missing', size: 0, tracked };
  }
}

function sortEntries(entries: FileEntry[]): FileEntry[] {
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** An iterative walk, so that very deep trees cannot overflow the stack. */
async function walk(root: string): Promise<{ entries: FileEntry[]; unreadableDirs: number }> {
  const entries: FileEntry[] = [];
  let unreadableDirs = 0;
  const stack: { dir: string; rules: { base: string; ig: Ignore }[] }[] = [{ dir: root, rules: [] }];
  while (stack.length > 0) {
    const { dir, rules: inherited } = stack.pop() as (typeof stack)[number];
    let names: Dirent[];
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      unreadableDirs++;
      continue;
    }
    const rel = toPosix(relative(root, dir));
    const rules = [...inherited];
    if (names.some((d) => d.name === '.gitignore' && d.isFile())) {
      try {
        const text = await readFile(join(dir, '.gitignore'), 'utf8');
        rules.push({ base: rel, ig: ignore().add(text) });
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    for (const dirent of names) {
      const path = rel ? `${rel}/${dirent.name}` : dirent.name;
      const isDir = dirent.isDirectory();
      if (isDir && ALWAYS_SKIPPED_DIRS.has(dirent.name)) continue;
      if (isIgnoredBy(rules, path, isDir)) continue;
      if (isDir) stack.push({ dir: join(dir, dirent.name), rules });
      else if (dirent.isSymbolicLink()) entries.push({ path, kind: 'symlink', size: 0, tracked: false });
      else if (dirent.isFile()) {
        try {
          entries.push({ path, kind: 'file', size: lstatSync(join(dir, dirent.name)).size, tracked: false });
        } catch {
          entries.push({ path, kind: 'missing', size: 0, tracked: false });
        }
      } else entries.push({ path, kind: 'other', size: 0, tracked: false });
    }
  }
  return { entries, unreadableDirs };
}

function isIgnoredBy(rules: { base: string; ig: Ignore }[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { base, ig } of rules) {
    const local = base ? path.slice(base.length + 1) : path;
    const result = ig.test(isDir ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
