import { describe, expect, it } from 'vitest';
import { blankComments, commentSpans } from '../src/lang/comments.js';
import { staticText, UNKNOWN } from '../src/lang/js/evaluate.js';
import { allTokens, lexJs } from '../src/lang/js/lexer.js';
import { collectDeclarations, propOf, readExpression, returnsOf, type JsValue } from '../src/lang/js/values.js';

const idents = (src: string, jsx = true) => [...allTokens(lexJs(src, { jsx }).tokens)].filter((t) => t.kind === 'ident').map((t) => t.text);

describe('JS lexer', () => {
  it('keeps strings, comments, regexes and templates apart from code', () => {
    const src = [
      "const a = 'it.only(' // it.only(",
      '/* fit( */ const re = /it\\.only\\(/g;',
      'const t = `x ${ y.only } z`;',
      'const d = a / b / c;',
    ].join('\n');
    expect(idents(src)).toEqual(['const', 'a', 'const', 're', 'const', 't', 'y', 'only', 'const', 'd', 'a', 'b', 'c']);
    expect(lexJs(src).comments.map((c) => src.slice(c.start, c.end))).toEqual(['// it.only(', '/* fit( */']);
  });

  it('reads JSX text without mistaking apostrophes for strings', () => {
    const src = "render(<p className=\"x\">Don't {it.only} <b>won't</b></p>);\nit.only('real', () => {});";
    expect(idents(src)).toEqual(['render', 'it', 'only', 'it', 'only']);
    // Plain .ts: `<T>x` is a cast, never JSX.
    expect(idents('const x = <T>y;', false)).toEqual(['const', 'x', 'T', 'y']);
  });

  it('decodes escapes and survives unterminated input', () => {
    const tokens = lexJs("'a\\'b\\u0041' `unterminated ${x").tokens;
    expect(tokens[0]?.text).toBe("a'bA");
    expect(tokens[1]?.kind).toBe('template');
    expect(() => lexJs('`${`${`${'.repeat(500))).not.toThrow();
  });
});

describe('static values', () => {
  const read = (src: string): JsValue => readExpression(lexJs(src).tokens, 0)[0];

  it('object literals with methods, spreads, shorthand and computed keys', () => {
    const v = read("{ a: 1, 'b-c': 'x', d, ...rest, [k]: 2, async headers() { return [{ source: '/(.*)' }] }, e: () => 3 }");
    expect(v.kind).toBe('object');
    if (v.kind !== 'object') return;
    expect(v.props.map((p) => p.key)).toEqual(['a', 'b-c', 'd', undefined, undefined, 'headers', 'e']);
    const headers = propOf(v, 'headers')?.value as JsValue;
    const returned = returnsOf(headers)[0];
    expect(returned?.kind).toBe('array');
    expect(returnsOf(propOf(v, 'e')?.value as JsValue)[0]).toMatchObject({ kind: 'number', value: 3 });
  });

  it('folds constant arithmetic and leaves other operators dynamic', () => {
    expect(read('30 * 24 * 60 * 60')).toMatchObject({ kind: 'number', value: 2592000 });
    expect(read('1 + 2 * 3')).toMatchObject({ kind: 'number', value: 7 });
    expect(read("isProd ? 'a' : 'b'").kind).toBe('dynamic');
    expect(read("'DENY' as const")).toMatchObject({ kind: 'string', value: 'DENY' });
  });

  it('evaluates strings through declarations, templates and tidy-up methods', () => {
    const src = [
      "const self = \"'self'\";",
      'const csp = `',
      '  default-src ${self};',
      "  script-src ${self} 'unsafe-eval';",
      '`;',
      "const joined = ['a', 'b'].join('; ');",
      'const v = csp.replace(/\\s{2,}/g, " ").trim();',
      'const partial = `nonce-${nonce}`;',
    ].join('\n');
    const tokens = lexJs(src).tokens;
    const scope = collectDeclarations(tokens);
    expect(staticText(scope.get('v'), scope)).toMatchObject({ text: "default-src 'self'; script-src 'self' 'unsafe-eval';", complete: true });
    expect(staticText(scope.get('joined'), scope)).toMatchObject({ text: 'a; b', complete: true });
    expect(staticText(scope.get('partial'), scope)).toMatchObject({ text: `nonce-${UNKNOWN}`, complete: false });
  });
});

describe('comments by language', () => {
  it('blanks comments and keeps positions', () => {
    const js = "const u = 'http://x'; // note\nwithRateLimit(h) /* off */";
    expect(blankComments('a.ts', js)).toBe("const u = 'http://x';        \nwithRateLimit(h)          ");
    expect(blankComments('a.py', 's = "# not"  # yes\n')).toBe('s = "# not"       \n');
    expect(blankComments('a.yml', 'url: a#b # c\n')).toBe('url: a#b    \n');
    expect(commentSpans('x.unknown', '# hi')).toEqual([]);
  });
});
