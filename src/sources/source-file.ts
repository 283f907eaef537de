export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

/** A decoded text file with cheap offset → line/column lookups. */
export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    /** Repository-relative, `/`-separated. */
    readonly path: string,
    /** The decoded text, without a byte-order mark. Line ends are kept as they are (CRLF stays CRLF). */
    readonly text: string,
    readonly size: number,
    readonly encoding: TextEncoding = 'utf8',
  ) {}

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const text = this.text;
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** 1-based line and column of a 0-based offset into `text`. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** 0-based offset where a 1-based line starts. */
  lineStart(line: number): number {
    const starts = this.starts();
    return starts[Math.min(Math.max(line, 1), starts.length) - 1] as number;
  }

  /** The text of a 1-based line, without its line end. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 1 || line > starts.length) return '';
    const start = starts[line - 1] as number;
    let end = line < starts.length ? (starts[line] as number) - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  /** The location of a [start, end) span of `text`, ready for a finding. */
  span(start: number, end: number): { line: number; column: number; endLine: number; endColumn: number } {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
