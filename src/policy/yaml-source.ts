import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { redactTokens } from '../checks/secrets/recognise.js';
import { PolicyError, type PolicyProblem } from './errors.js';

/** Policies larger than this are refused: no real policy comes close. */
export const MAX_POLICY_BYTES = 512 * 1024;
/** Alias expansions allowed when turning YAML into data; a "billion laughs" document exceeds it. */
const MAX_ALIAS_COUNT = 200;

/** A parsed YAML file that remembers where every value is written. */
/** The YAML library's message, in the policy's terms where it speaks of its own API. */
function yamlMessage(error: { code?: string; message: string }): string {
  if (error.code === 'MULTIPLE_DOCS' || /multiple documents/i.test(error.message)) {
    return 'the policy must be one YAML document: remove this `---` line and merge what follows it into the first document';
  }
  return redactTokens(firstLine(error.message));
}

export class YamlSource {
  private constructor(
    /** As shown to users: repository-relative for files, `preset:<name>` for presets. */
    readonly file: string,
    readonly text: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses YAML; syntax errors, duplicate keys and alias bombs become a PolicyError with positions. */
  static parse(file: string, text: string): { source: YamlSource; data: unknown } {
    if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
      throw new PolicyError([
        { file, line: 1, column: 1, message: `the policy is larger than ${MAX_POLICY_BYTES / 1024} KiB; refusing to read it` },
      ]);
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const source = new YamlSource(file, text, doc, lines);
    const problems: PolicyProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
      const pos = lines.linePos(error.pos[0]);
      return { file, line: pos.line, column: pos.col, message: `invalid YAML: ${yamlMessage(error)}` };
    });
    if (problems.length > 0) throw new PolicyError(problems);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const at = source.firstAlias() ?? { line: 1, column: 1 };
      throw new PolicyError([
        { file, ...at, message: `invalid YAML: ${redactTokens(firstLine((error as Error).message))}${/excessive alias/i.test((error as Error).message) ? ' (aliases expand to too much data)' : ''}` },
      ]);
    }
    return { source, data };
  }

  position(offset: number): { line: number; column: number } {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /**
   * Where a value is written. With `key: true`, the position of its key instead (for unknown keys and
   * for values that are missing). Walks up to the nearest existing parent when the path does not exist.
   */
  locate(path: readonly (string | number)[], options: { key?: boolean } = {}): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let pos = this.rangeStart(node) ?? { line: 1, column: 1 };
    let keyPos: { line: number; column: number } | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
        if (!pair) return pos;
        keyPos = this.rangeStart(pair.key);
        node = pair.value;
        pos = this.rangeStart(node) ?? keyPos ?? pos;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
        keyPos = undefined;
        node = node.items[part];
        pos = this.rangeStart(node) ?? pos;
      } else {
        return pos;
      }
    }
    return options.key && keyPos ? keyPos : pos;
  }

  /** True when the document itself writes a value at this path (rather than inheriting it from a preset). */
  has(path: readonly (string | number)[]): boolean {
    return this.doc.hasIn(path);
  }

  private rangeStart(node: unknown): { line: number; column: number } | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.position(range[0]) : undefined;
  }

  private firstAlias(): { line: number; column: number } | undefined {
    const match = /\*[A-Za-z0-9_-]+/.exec(this.text);
    return match ? this.position(match.index) : undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
