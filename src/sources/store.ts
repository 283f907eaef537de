import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { pathProblem } from '../util/globs.js';
import type { ScanSource } from './git-source.js';
import type { FileEntry } from './list.js';
import { readSource, type ReadLimits, type ReadOutcome, type ReadResult } from './read.js';
import type { SourceFile } from './source-file.js';

/** Files up to this size stay cached after their first read, within the total budget. */
const CACHE_FILE_LIMIT = 1024 * 1024;
const CACHE_BUDGET = 16 * 1024 * 1024;

/**
 * Every read of the run goes through here, so a file read by the pass and again by a check costs one
 * read. Small files are cached within a budget; large ones are read, handed out, and dropped.
 */
/** How many unreadable files a report names. */
const MAX_NAMED = 10;

export class FileStore {
  private readonly cache = new Map<string, Promise<ReadResult>>();
  private cached = 0;
  private readonly counted = new Set<string>();
  private readonly entries: Map<string, FileEntry>;
  private rootReal: Promise<string> | undefined;
  readonly counters = { reads: 0, bytes: 0, binary: 0, tooLarge: 0, unreadable: 0, nonUtf8: 0, symlink: 0, other: 0 };
  /** The first files that could not be read, so that reports can name them. */
  readonly unreadablePaths: string[] = [];

  constructor(
    readonly root: string,
    entries: readonly FileEntry[],
    private readonly limits: ReadLimits,
    /** Reads from elsewhere than the disk (git's index, a commit); every path then goes through it. */
    private readonly source?: Pick<ScanSource, 'read'>,
  ) {
    this.entries = new Map(entries.map((e) => [e.path, e]));
  }

  entry(path: string): FileEntry | undefined {
    return this.entries.get(path);
  }

  read(path: string): Promise<ReadResult> {
    const hit = this.cache.get(path);
    if (hit) return hit;
    const promise = this.load(path);
    const entry = this.entries.get(path);
    if (entry?.unsized) {
      // The size is known once read: cached then, within the budget.
      if (this.cached >= CACHE_BUDGET) return promise;
      this.cache.set(path, promise);
      void promise.then((r) => {
        const size = r.file?.size ?? 0;
        if (size > CACHE_FILE_LIMIT) this.cache.delete(path);
        else this.cached += size;
      });
      return promise;
    }
    const size = entry?.size ?? 0;
    if (size <= CACHE_FILE_LIMIT && this.cached + size <= CACHE_BUDGET) {
      this.cache.set(path, promise);
      this.cached += size;
    }
    return promise;
  }

  async readText(path: string): Promise<SourceFile | undefined> {
    return (await this.read(path)).file;
  }

  private async load(path: string): Promise<ReadResult> {
    const entry = this.entries.get(path);
    if (entry) {
      if (entry.kind === 'symlink') return { skipped: 'symlink' };
      if (entry.kind === 'missing') return { skipped: 'missing' };
      if (entry.kind === 'other') return { skipped: 'other' };
    }
    if (this.source) {
      const result = await this.source.read(path, this.limits);
      if (entry) this.count(path, result);
      return result;
    }
    if (!entry && (pathProblem(path) || !(await this.insideRoot(path)))) {
      // Paths that are not in the listing (e.g. an audit report written by an earlier step) must resolve
      // inside the repository without passing through a symlink that leads out of it.
      return { skipped: 'unreadable' };
    }
    const result = await readSource(this.root, path, this.limits, entry?.kind === 'file' && !entry.unsized ? entry.size : undefined);
    this.count(path, result);
    return result;
  }

  /** Counts a file that a worker thread read. */
  record(path: string, outcome: ReadOutcome): void {
    this.count(path, outcome);
  }

  /** Each file counts once, however often it is read again after leaving the cache. */
  private count(path: string, result: ReadResult | ReadOutcome): void {
    if (this.counted.has(path)) return;
    this.counted.add(path);
    this.counters.reads++;
    if (result.skipped === undefined) {
      const file = 'file' in result ? result.file : result;
      this.counters.bytes += file.size;
      if (file.encoding === 'latin1') this.counters.nonUtf8++;
      return;
    }
    if (result.skipped === 'binary') this.counters.binary++;
    else if (result.skipped === 'too-large') this.counters.tooLarge++;
    else if (result.skipped === 'symlink') this.counters.symlink++;
    else if (result.skipped === 'unreadable') {
      this.counters.unreadable++;
      if (this.unreadablePaths.length < MAX_NAMED) this.unreadablePaths.push(path);
    } else this.counters.other++; // missing (deleted since listed) or not a regular file
  }

  private async insideRoot(path: string): Promise<boolean> {
    this.rootReal ??= realpath(this.root);
    try {
      const [root, target] = await Promise.all([this.rootReal, realpath(join(this.root, path))]);
      return target === root || target.startsWith(root + sep);
    } catch {
      return true; // missing: readSource reports it as missing
    }
  }
}
