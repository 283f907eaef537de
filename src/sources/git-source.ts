import { BlobReader, type BlobResult } from './blobs.js';
import type { Git } from './git.js';
import type { FileEntry, Listing } from './list.js';
import { decodeText, hasBinaryExtension, type ReadLimits, type ReadResult } from './read.js';
import { SourceFile } from './source-file.js';

/**
 * Where a scan takes its files from when they are not the working tree: the listing, what changed, and
 * the reads. The engine asks for each file through the run's FileStore, as it would on disk.
 */
export interface ScanSource {
  list(): Promise<Listing>;
  /** The files the change touches; undefined when every file is to be read. */
  changed(): Promise<ReadonlySet<string> | undefined>;
  read(path: string, limits: ReadLimits): Promise<ReadResult>;
  /** Ends the git process that reads the objects. */
  close(): void;
}

/** A source whose files are git objects, which the policy loader can read as well (no other process). */
export interface GitSource extends ScanSource {
  /** A listed path's object, its mode and (up to `max` bytes) its content; undefined when not listed. */
  object(path: string, max: number): Promise<{ mode: string; blob: BlobResult } | undefined>;
}

interface Listed {
  entries: FileEntry[];
  objects: Map<string, { mode: string; object: string }>;
}

/** Object ids are the only way to a file's content: nothing here reads the working tree. */
function gitSource(git: Git, listArgs: string[], parse: (line: string) => { path: string; mode: string; object: string } | undefined, changed: () => Promise<ReadonlySet<string> | undefined>): GitSource {
  const reader = new BlobReader(git);
  let listed: Promise<Listed> | undefined;
  const list = (): Promise<Listed> =>
    (listed ??= git.text(listArgs).then((out) => {
      const entries: FileEntry[] = [];
      const objects = new Map<string, { mode: string; object: string }>();
      for (const line of out.split('\0')) {
        const item = line ? parse(line) : undefined;
        if (!item || objects.has(item.path)) continue; // a conflicted path is listed once per stage
        objects.set(item.path, { mode: item.mode, object: item.object });
        entries.push(entryFor(item.path, item.mode));
      }
      entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { entries, objects };
    }));
  return {
    // A staged or pushed scan reads git objects: a submodule is its pinned commit, nothing to read.
    list: async () => {
      const { entries, objects } = await list();
      const notScanned = [...objects].filter(([, o]) => o.mode === '160000').map(([p]) => p);
      return { entries, source: 'git', unreadableDirs: 0, submodules: { scanned: [], notScanned } };
    },
    changed,
    async object(path, max) {
      const found = (await list()).objects.get(path);
      return found && { mode: found.mode, blob: await reader.read(found.object, max) };
    },
    async read(path, limits) {
      const found = (await list()).objects.get(path);
      // Not in the index (or the commit): not part of what is scanned, whatever the disk holds.
      if (!found) return { skipped: 'missing' };
      if (hasBinaryExtension(path)) return { skipped: 'binary' };
      const blob = await reader.read(found.object, limits.maxFileSize);
      if (blob.kind === 'missing') return { skipped: 'unreadable' };
      if (blob.kind === 'not-a-blob') return { skipped: 'other' };
      if (!blob.data) return { skipped: 'too-large' };
      const decoded = decodeText(blob.data);
      if (!decoded) return { skipped: 'binary' };
      return { file: new SourceFile(path, decoded.text, blob.size, decoded.encoding) };
    },
    close: () => reader.close(),
  };
}

/** Modes as git records them: a symlink (120000), a submodule (160000), or a file. */
function entryFor(path: string, mode: string): FileEntry {
  if (mode === '120000') return { path, kind: 'symlink', size: 0, tracked: true };
  if (mode === '160000') return { path, kind: 'other', size: 0, tracked: true };
  return { path, kind: 'file', size: 0, tracked: true, unsized: true };
}

function nameSet(out: string): Set<string> {
  return new Set(out.split('\0').filter(Boolean));
}

/**
 * The index: what `git commit` would record (`scan --staged`). Files are listed and read from the index,
 * never from the disk, so an unstaged edit is not judged and a file deleted from the index is not read;
 * what changed is the difference between HEAD and the index (every staged file before the first commit).
 * Paths are relative to the directory git runs in, the scan root.
 */
export function indexSource(git: Git): GitSource {
  return gitSource(
    git,
    ['ls-files', '--stage', '-z'],
    (line) => {
      // "<mode> <object> <stage>\t<path>"
      const tab = line.indexOf('\t');
      const [mode, object] = line.slice(0, tab).split(' ');
      return tab > 0 && mode && object ? { path: line.slice(tab + 1), mode, object } : undefined;
    },
    async () => nameSet(await git.text(['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--relative'])),
  );
}

/**
 * One commit's tree (`scan --pre-push`: the commit being pushed). What changed is the difference from the
 * merge base with `base`; without a base, or when the merge base is unknown, every file is read.
 */
export function commitSource(git: Git, commit: string, base: string | undefined): GitSource {
  return gitSource(
    git,
    ['ls-tree', '-r', '-z', commit],
    (line) => {
      // "<mode> <type> <object>\t<path>"
      const tab = line.indexOf('\t');
      const [mode, , object] = line.slice(0, tab).split(' ');
      return tab > 0 && mode && object ? { path: line.slice(tab + 1), mode, object } : undefined;
    },
    async () => {
      if (!base) return undefined;
      const mergeBase = (await git.text(['merge-base', base, commit], { okCodes: [1] }).catch(() => '')).trim();
      if (!mergeBase) return undefined;
      return nameSet(await git.text(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--relative', mergeBase, commit, '--']));
    },
  );
}
