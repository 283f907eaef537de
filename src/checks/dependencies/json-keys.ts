/**
 * Offsets of object keys in a JSON text, down to a depth, keyed by their path joined with NUL
 * (`dependencies\0qs`). JSON.parse gives values, not places; findings need the line of a key.
 * Assumes the text already passed JSON.parse.
 */
export function jsonKeyOffsets(text: string, maxDepth = 2): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    let hasEscape = false;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') {
        hasEscape = true;
        i += 2;
        continue;
      }
      i++;
      if (c === '"') break;
    }
    const raw = text.slice(start, i);
    return hasEscape ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const value = (path: string[]): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        const at = i;
        const key = readString();
        const keyPath = [...path, key];
        if (keyPath.length <= maxDepth) out.set(keyPath.join('\0'), at);
        ws();
        i++; // colon
        if (keyPath.length < maxDepth) value(keyPath);
        else skip();
      }
    } else if (c === '[') {
      i++;
      for (;;) {
        ws();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        skip();
      }
    } else skip();
  };
  /** Skips one value of any kind. */
  const skip = (): void => {
    ws();
    const c = text[i];
    if (c === '"') {
      readString();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          readString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      return;
    }
    while (i < text.length && !',}]'.includes(text[i] as string)) i++;
  };
  value([]);
  return out;
}
