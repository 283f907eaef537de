/**
 * Markdown lines under a budget of UTF-8 bytes (what GitHub counts). A `<details>` block, once opened, is
 * always closed: room for its closing tag is held back while it is open. Lines that do not fit are
 * counted, so the caller can say what was left out.
 */
export class MarkdownBudget {
  readonly lines: string[] = [];
  /** Lines that did not fit. */
  omitted = 0;
  private used = 0;
  private reserved = 0;
  private open = 0;

  constructor(private readonly max: number) {}

  get left(): number {
    return this.max - this.used - this.reserved;
  }

  /** Adds a line when it fits; false when it does not. */
  push(line: string): boolean {
    const cost = Buffer.byteLength(line, 'utf8') + 1;
    if (cost > this.left) {
      this.omitted++;
      return false;
    }
    this.lines.push(line);
    this.used += cost;
    return true;
  }

  /** Adds lines only if all of them fit. */
  pushAll(lines: readonly string[]): boolean {
    const cost = lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0);
    if (cost > this.left) {
      this.omitted += lines.length;
      return false;
    }
    for (const line of lines) this.push(line);
    return true;
  }

  /** Opens a folded block; false (and nothing written) when even its frame does not fit. */
  openDetails(summary: string): boolean {
    const close = '\n</details>\n'.length + 1;
    const head = `<details><summary>${summary}</summary>`;
    if (Buffer.byteLength(head, 'utf8') + 3 + close > this.left) {
      this.omitted++;
      return false;
    }
    // A blank line first: right after a list item, the tag would otherwise be read as part of it.
    if (this.lines.length && this.lines[this.lines.length - 1] !== '') this.push('');
    this.push(head);
    this.push('');
    this.reserved += close;
    this.open++;
    return true;
  }

  closeDetails(): void {
    if (!this.open) return;
    this.open--;
    this.reserved -= '\n</details>\n'.length + 1;
    this.push('');
    this.push('</details>');
    this.push('');
  }
}
