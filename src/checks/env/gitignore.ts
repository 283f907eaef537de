import ignore, { type Ignore } from 'ignore';
import { dirName } from './env-files.js';

interface RuleFile {
  /** Directory the file applies to ('' for the root). */
  dir: string;
  /** Repository path of the .gitignore. */
  path: string;
  ig: Ignore;
  lines: string[];
}

export interface IgnoreDecision {
  ignored: boolean;
  /** The rule that decided, when one did: the .gitignore, its line and the pattern. */
  rule?: { path: string; line: number; pattern: string; negative: boolean };
}

/**
 * The repository's committed `.gitignore` rules, evaluated as git does: rules of deeper files override
 * shallower ones, the last matching rule of a file wins, and nothing inside an ignored directory can be
 * re-included. Local-only sources (`.git/info/exclude`, `core.excludesFile`) are left out on purpose:
 * they do not protect anyone else's clone.
 */
export class GitignoreRules {
  private readonly files = new Map<string, RuleFile>();
  private readonly memo = new Map<string, IgnoreDecision>();

  /** Adds one `.gitignore` file's text; `path` is its repository path. */
  add(path: string, text: string): void {
    const dir = dirName(path);
    this.files.set(dir, { dir, path, ig: ignore().add(text), lines: text.split(/\r?\n/) });
    this.memo.clear();
  }

  get size(): number {
    return this.files.size;
  }

  has(dir: string): boolean {
    return this.files.has(dir);
  }

  fileFor(dir: string): { path: string; lines: string[] } | undefined {
    return this.files.get(dir);
  }

  /** Whether a repository path (a file, or a directory when `isDir`) would be ignored, and by which rule. */
  decide(path: string, isDir = false): IgnoreDecision {
    const key = `${path}${isDir ? '/' : ''}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const decision = this.compute(path, isDir);
    this.memo.set(key, decision);
    return decision;
  }

  private compute(path: string, isDir: boolean): IgnoreDecision {
    const segments = path.split('/');
    // A file inside an ignored directory is ignored, whatever deeper rules say.
    for (let i = 1; i < segments.length; i++) {
      const parent = this.decide(segments.slice(0, i).join('/'), true);
      if (parent.ignored) return parent;
    }
    const dirs = [''];
    for (let i = 1; i < segments.length; i++) dirs.push(segments.slice(0, i).join('/'));
    for (const dir of dirs.reverse()) {
      const file = this.files.get(dir);
      if (!file) continue;
      const rel = (dir ? path.slice(dir.length + 1) : path) + (isDir ? '/' : '');
      const result = file.ig.test(rel);
      if (result.ignored) return { ignored: true, rule: this.locate(file, result.rule?.pattern ?? '', false) };
      if (result.unignored) return { ignored: false, rule: this.locate(file, this.negativeFor(file, rel), true) };
    }
    return { ignored: false };
  }

  /** The last negative pattern of a file that matches (the one `git check-ignore -v` would name). */
  private negativeFor(file: RuleFile, rel: string): string {
    for (let i = file.lines.length - 1; i >= 0; i--) {
      const line = (file.lines[i] as string).trim();
      if (!line.startsWith('!')) continue;
      if (ignore().add(line.slice(1)).test(rel).ignored) return line;
    }
    return '';
  }

  private locate(file: RuleFile, pattern: string, negative: boolean): IgnoreDecision['rule'] {
    let line = 0;
    for (let i = file.lines.length - 1; i >= 0; i--) {
      if ((file.lines[i] as string).trim() === pattern.trim()) {
        line = i + 1;
        break;
      }
    }
    return { path: file.path, line: Math.max(line, 1), pattern, negative };
  }
}
