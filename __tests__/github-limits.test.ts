import { describe, expect, it } from 'vitest';
import { LIMITS, byteLength, clampBytes, fitMarkdown } from '../src/github/limits.js';
import { checkRequest } from './helpers/github-contract.js';

/** One character of each UTF-8 width: 1, 2, 3 and 4 bytes. */
const WIDE = ['a', 'é', '漢', '🔑'];

describe('GitHub limits, in bytes, at each boundary', () => {
  it('clampBytes keeps text of exactly the limit, and cuts one byte more at a character boundary', () => {
    for (const ch of WIDE) {
      const w = byteLength(ch);
      const n = Math.floor(1000 / w);
      const exact = ch.repeat(n);
      const limit = byteLength(exact);
      expect(clampBytes(exact, limit)).toBe(exact);
      const over = exact + ch;
      const cut = clampBytes(over, limit);
      expect(byteLength(cut), ch).toBeLessThanOrEqual(limit);
      expect(cut.endsWith('…')).toBe(true);
      // Never half a character: decoding the cut as UTF-8 gives it back unchanged.
      expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
      expect(cut.replace(/…$/, '')).toBe(ch.repeat([...cut].length - 1));
    }
  });

  it('fitMarkdown holds the summary limit for every character width, closing what it opened', () => {
    for (const ch of WIDE) {
      const md = `## Report\n\n<details><summary>x</summary>\n\n${`- ${ch.repeat(40)}\n`.repeat(5000)}</details>\n`;
      const cut = fitMarkdown(md, LIMITS.summaryBytes, 'Cut: see the job summary.');
      expect(byteLength(cut), ch).toBeLessThanOrEqual(LIMITS.summaryBytes);
      expect(byteLength(cut)).toBeGreaterThan(LIMITS.summaryBytes - 400);
      expect(cut.endsWith('> ✂️ Cut: see the job summary.\n')).toBe(true);
      expect(cut.split('<details>').length).toBe(cut.split('</details>').length);
    }
    const small = '## ok\n';
    expect(fitMarkdown(small, byteLength(small), 'x')).toBe(small);
  });

  it('the emulated GitHub refuses a summary one byte over 65,535 and accepts it at 65,535, however wide the characters', () => {
    const update = (summary: string) => checkRequest({ method: 'PATCH', path: '/repos/o/r/check-runs/1', query: {}, body: { output: { title: 't', summary } } }).errors;
    // 65,535 characters of `é` are 131,070 bytes: what the action used to send.
    expect(update('é'.repeat(65_535))).toEqual(['body/output/summary: must pass "maxBytes" keyword validation']);
    expect(update(`${'é'.repeat(32_767)}a`)).toEqual([]);
    expect(byteLength(`${'é'.repeat(32_767)}a`)).toBe(65_535);
    expect(update(`${'é'.repeat(32_767)}ab`)).toHaveLength(1);
    const comment = (body: string) => checkRequest({ method: 'POST', path: '/repos/o/r/issues/1/comments', query: {}, body: { body } }).errors;
    expect(comment('🔑'.repeat(16_384))).toEqual([]);
    expect(comment(`${'🔑'.repeat(16_384)}a`)).toHaveLength(1);
  });
});
