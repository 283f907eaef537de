import { regexProblem } from '../../util/regex-safety.js';
import type { JsValue, Scope } from './values.js';

/** Marks a part of a string that is computed at run time and unknown to a static reader. */
export const UNKNOWN = '\uFFFC';

export interface StaticText {
  text: string;
  /** False when parts of the text are computed (they read as UNKNOWN). */
  complete: boolean;
  /** Where the literals the text is made of are written (offsets into the file), to point inside them. */
  spans?: { start: number; end: number }[];
}

const MAX_DEPTH = 12;
const MAX_LENGTH = 64 * 1024;

/** Follows identifiers to their declarations in the scope (a few levels, no cycles). */
export function resolve(value: JsValue | undefined, scope: Scope, depth = 0): JsValue | undefined {
  let current = value;
  let d = depth;
  while (current?.kind === 'ident' && d < MAX_DEPTH) {
    const next = scope.get(current.name);
    if (!next || next === current) return current;
    current = next;
    d++;
  }
  return current;
}

/**
 * The string a value evaluates to, as far as it can be read statically: literals, templates, `+`,
 * identifiers declared in the file, and the string methods config files use to tidy a header value
 * (`trim`, `replace`, `replaceAll`, `join`, `toLowerCase`). Undefined when nothing is known.
 */
export function staticText(value: JsValue | undefined, scope: Scope, depth = 0): StaticText | undefined {
  if (!value || depth > MAX_DEPTH) return undefined;
  switch (value.kind) {
    case 'string':
      return { text: value.value, complete: true, spans: [{ start: value.start, end: value.end }] };
    case 'number':
      return { text: String(value.value), complete: true };
    case 'boolean':
      return { text: String(value.value), complete: true };
    case 'ident': {
      const target = resolve(value, scope, depth);
      return target && target !== value && target.kind !== 'ident' ? staticText(target, scope, depth + 1) : undefined;
    }
    case 'template':
    case 'concat': {
      const parts: JsValue[] = value.kind === 'concat' ? value.parts : [];
      let text = '';
      let complete = true;
      const spans: { start: number; end: number }[] = value.kind === 'template' ? [{ start: value.start, end: value.end }] : [];
      if (value.kind === 'template') {
        for (const [k, quasi] of value.quasis.entries()) {
          text += quasi;
          if (k < value.exprs.length) {
            const part = staticText(value.exprs[k], scope, depth + 1);
            text += part ? part.text : UNKNOWN;
            complete &&= !!part?.complete;
            if (part?.spans) spans.push(...part.spans);
          }
        }
      } else {
        for (const part of parts) {
          const piece = staticText(part, scope, depth + 1);
          text += piece ? piece.text : UNKNOWN;
          complete &&= !!piece?.complete;
          if (piece?.spans) spans.push(...piece.spans);
        }
      }
      return text.length > MAX_LENGTH ? undefined : { text, complete, spans };
    }
    case 'call':
      return stringMethod(value, scope, depth);
    default:
      return undefined;
  }
}

function stringMethod(call: Extract<JsValue, { kind: 'call' }>, scope: Scope, depth: number): StaticText | undefined {
  if (call.callee.kind !== 'member' || call.isNew) return undefined;
  const method = call.callee.property;
  const receiver = call.callee.object;
  if (method === 'join') {
    // `[…].filter(Boolean).join(…)`: the same list without its empty strings.
    const filtered = receiver.kind === 'call' && receiver.callee.kind === 'member' && receiver.callee.property === 'filter' && receiver.args[0]?.kind === 'ident' && receiver.args[0].name === 'Boolean';
    const list = resolve(filtered && receiver.callee.kind === 'member' ? receiver.callee.object : receiver, scope, depth);
    if (list?.kind !== 'array') return undefined;
    const sep = call.args.length ? staticText(call.args[0], scope, depth + 1) : { text: ',', complete: true };
    if (!sep) return undefined;
    const items = list.items.map((item) => staticText(item, scope, depth + 1)).filter((item) => !filtered || item === undefined || item.text !== '' || !item.complete);
    return {
      text: items.map((i) => (i ? i.text : UNKNOWN)).join(sep.text),
      complete: sep.complete && items.every((i) => i?.complete),
      spans: items.flatMap((i) => i?.spans ?? []),
    };
  }
  const base = staticText(receiver, scope, depth + 1);
  if (!base) return undefined;
  switch (method) {
    case 'trim':
      return { text: base.text.trim(), complete: base.complete, spans: base.spans };
    case 'trimStart':
      return { text: base.text.trimStart(), complete: base.complete, spans: base.spans };
    case 'trimEnd':
      return { text: base.text.trimEnd(), complete: base.complete, spans: base.spans };
    case 'toLowerCase':
      return { text: base.text.toLowerCase(), complete: base.complete, spans: base.spans };
    case 'replace':
    case 'replaceAll': {
      const [pattern, replacement] = call.args;
      const by = replacement ? staticText(replacement, scope, depth + 1) : undefined;
      if (!pattern || !by) return { text: base.text, complete: false, spans: base.spans };
      if (pattern.kind === 'regex') {
        const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern.source);
        const flags = (m?.[2] ?? '').replace(/[^gimsu]/g, '');
        // The repository's own pattern runs on the repository's own short string, and only if it is safe.
        if (!m || regexProblem(m[1] as string, flags) || base.text.length > 16 * 1024) return { text: base.text, complete: false, spans: base.spans };
        const re = new RegExp(m[1] as string, flags);
        return { text: base.text.replace(re, () => by.text), complete: base.complete && by.complete, spans: base.spans };
      }
      const find = staticText(pattern, scope, depth + 1);
      if (!find) return { text: base.text, complete: false, spans: base.spans };
      const text = method === 'replaceAll' ? base.text.split(find.text).join(by.text) : base.text.replace(find.text, () => by.text);
      return { text, complete: base.complete && by.complete && find.complete, spans: base.spans };
    }
    default:
      return undefined;
  }
}

/** A boolean or number literal (through identifiers), else undefined. */
export function staticBoolean(value: JsValue | undefined, scope: Scope): boolean | undefined {
  const target = resolve(value, scope);
  return target?.kind === 'boolean' ? target.value : undefined;
}

export function staticNumber(value: JsValue | undefined, scope: Scope): number | undefined {
  const target = resolve(value, scope);
  return target?.kind === 'number' && Number.isFinite(target.value) ? target.value : undefined;
}
