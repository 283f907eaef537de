/**
 * The new side of one hunk: lines a change adds, with the unchanged lines around them, so that a secret
 * that spans lines (a private key block whose armour lines did not change) is seen whole.
 */
export interface AddedBlock {
  /** Path in the new version, relative to the scan root. */
  path: string;
  /** The commit that adds the lines (commits scope); undefined for a range diff. */
  commit?: string;
  /** 1-based line number of the first line in the new version of the file. */
  startLine: number;
  /** The lines, without their prefix and without line ends (a CR of a CRLF line is kept). */
  lines: string[];
  /** Which of the lines are added (the others are context). */
  added: boolean[];
}

/**
 * Marks a commit in `git log -p` output: `--format=%x01%H` prints it on a line of its own. Outside a hunk no
 * diff line begins with U+0001, and inside a hunk lines are counted, so it cannot be confused with content.
 */
export const COMMIT_MARKER = '\x01';

/** The diff options shared by the diff and commits scopes: plain unified output, nothing run from the repository. */
export const PATCH_ARGS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  // Context lines complete multi-line secrets; only secrets that touch an added line are reported.
  '--unified=3',
  '--find-renames',
  '--relative',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--submodule=short',
] as const;

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads unified diff output one line at a time (as `Git.lines` streams it) and hands out the new side of
 * each hunk that adds lines. Hunk lines are counted from the hunk header, so an added line that reads
 * `++ x` (shown as `+++ x`) is content, not a file header.
 */
export class PatchParser {
  private commit: string | undefined;
  private path: string | undefined;
  /** Lines of the current hunk still to come, old side and new side. */
  private oldLeft = 0;
  private newLeft = 0;
  private nextLine = 0;
  private block: AddedBlock | undefined;

  constructor(private readonly onBlock: (block: AddedBlock) => void) {}

  push(line: string): void {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      this.hunkLine(line);
      return;
    }
    this.flush();
    if (line.startsWith(COMMIT_MARKER)) {
      this.commit = line.slice(COMMIT_MARKER.length).trim() || undefined;
      this.path = undefined;
    } else if (line.startsWith('diff --git ') || line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      this.path = undefined;
    } else if (line.startsWith('+++ ')) {
      this.path = parseHeaderPath(line.slice(4));
    } else if (line.startsWith('@@ ')) {
      const m = HUNK.exec(line);
      if (!m) return;
      this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
      this.nextLine = Number(m[2]);
      // `+0,0`: nothing added; a pure deletion hunk points before its position.
      if (this.newLeft === 0) this.nextLine = 0;
    }
  }

  /** Hands out the last block; call once the output has ended. */
  end(): void {
    this.flush();
  }

  private hunkLine(line: string): void {
    const kind = line.charCodeAt(0);
    if (kind === 0x5c /* \ No newline at end of file */) return;
    if (kind === 0x2d /* - */) {
      this.oldLeft--;
    } else {
      const added = kind === 0x2b; /* + */
      if (added) this.newLeft--;
      else {
        this.oldLeft--;
        this.newLeft--;
      }
      if (this.path !== undefined) {
        this.block ??= { path: this.path, commit: this.commit, startLine: this.nextLine, lines: [], added: [] };
        this.block.lines.push(line.slice(1));
        this.block.added.push(added);
      }
      this.nextLine++;
    }
    if (this.newLeft <= 0 && this.oldLeft <= 0) this.flush();
  }

  private flush(): void {
    if (this.block?.added.includes(true)) this.onBlock(this.block);
    this.block = undefined;
  }
}

/**
 * The path of a `+++ ` header: `b/path`, `"b/p\303\244th"` (C-quoted), or `/dev/null`. Git appends a tab
 * to names that contain spaces.
 */
export function parseHeaderPath(raw: string): string | undefined {
  let text = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (text === '/dev/null') return undefined;
  if (text.startsWith('"')) text = unquoteC(text);
  return text.startsWith('b/') ? text.slice(2) : text;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of a path; octal escapes are UTF-8 bytes. */
export function unquoteC(quoted: string): string {
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next] as number);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
