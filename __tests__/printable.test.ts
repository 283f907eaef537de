import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, mdCode, mdInline } from '../src/util/markdown-cell.js';
import { inertJson, inertLines, printable } from '../src/util/printable.js';

describe('printable and inert lines', () => {
  it('writes control characters as visible escapes', () => {
    expect(printable('a\nb\rc\td\u001b[2Je\u0007f\bg\u009bh\u202ei\u2028j')).toBe('a\\nb\\rc\\td\\x1b[2Je\\x07f\\x08g\\x9bh\\u202ei\\u2028j');
    expect(printable('ordinary text — ünïcödé ✅')).toBe('ordinary text — ünïcödé ✅');
    expect(printable('two\nlines', { keepNewlines: true })).toBe('two\nlines');
  });

  it('no line passes for a workflow command: `::` after any white space, `##[` anywhere', () => {
    expect(inertLines('::error::x')).toBe('\\x3a:error::x');
    expect(inertLines('  \u00a0\u3000::stop-commands::t')).toBe('  \u00a0\u3000\\x3a:stop-commands::t');
    expect(inertLines('ok\n\t::warning::y\npath ##[error]z')).toBe('ok\n\t\\x3a:warning::y\npath #\\x23[error]z');
    expect(inertLines('a::b :: c')).toBe('a::b :: c');
  });

  it('JSON keeps its meaning', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const json = inertJson(JSON.stringify({ s: `##[${s}` }, null, 2));
        expect(JSON.parse(json)).toEqual({ s: `##[${s}` });
        expect(json).not.toMatch(/##\[|[\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      }),
    );
  });
});

describe('Markdown from repository text', () => {
  it('cannot open a block at its start', () => {
    expect(mdInline('## ✅ PASS')).toBe('\\## ✅ PASS');
    expect(mdInline('> quoted')).toBe('\\> quoted');
    expect(mdInline('- item')).toBe('\\- item');
    expect(mdInline('1. first')).toBe('1\\. first');
    expect(mdInline('```js')).toBe('&#96;&#96;&#96;js');
    expect(mdInline('~~~')).toBe('\\~~~');
    expect(mdInline('***')).toBe('\\***');
    expect(mdInline('    indented code')).toBe('indented code');
    expect(mdInline('[x] done')).toBe('\\[x] done');
    expect(mdInline('1.2.8 is fixed')).toBe('1.2.8 is fixed');
  });

  it('never holds a line break, HTML, a link or an image; code spans keep their text', () => {
    expect(mdInline('a\n## ✅ PASS\r\nb\rc')).toBe('a<br>## ✅ PASS<br>b<br>c');
    expect(mdInline('see <img src=x onerror=alert(1)> and <!-- security-gate:summary key=1 -->')).toBe('see &lt;img src=x onerror=alert(1)> and &lt;!-- security-gate:summary key=1 -->');
    expect(mdInline('![PASS](https://example.com/pass.svg) [x](javascript:alert(1))')).toBe('!\\[PASS](https://example.com/pass.svg) \\[x](javascript:alert(1))');
    expect(mdInline('run `git rm --cached <file>` now')).toBe('run `git rm --cached <file>` now');
    // A backslash cannot escape a backtick away from the span we saw: it is escaped itself.
    expect(mdInline('\\`<img src=x>`')).toBe('\\\\`<img src=x>`');
    expect(mdInline('an `unclosed <b>')).toBe('an `unclosed &lt;b>');
    expect(mdInline('code `a\nb` and \u001b')).toBe('code `a\\nb` and \\x1b');
  });

  it('table cells keep their borders; code spans name a path exactly', () => {
    expect(cell('a | b\nc <x>')).toBe('a \\| b<br>c &lt;x>');
    expect(cell('`a|b`')).toBe('`a\\|b`');
    expect(mdCode('notes/c\n## PASS`.sh', { table: true })).toBe("`notes/c\\n## PASS'.sh`");
    expect(mdCode('a|b', { table: true })).toBe('`a\\|b`');
  });

  it('pairs backtick runs as CommonMark does: equal lengths, unpaired runs are text', () => {
    expect(mdInline('``a`<b>``')).toBe('``a`<b>``');
    expect(mdInline('`a`` <b>')).toBe('`a`` &lt;b>');
    expect(mdInline('` <x> `` <y> `')).toBe('` <x> `` <y> `');
    expect(mdInline('`a` <b> ``c``')).toBe('`a` &lt;b> ``c``');
  });
});
