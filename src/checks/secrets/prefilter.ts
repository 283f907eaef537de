// The keyword prefilter: one case-insensitive scan of the text for every rule's keywords at once.
// bench/secrets-prefilter.ts compares the ways of doing this; one alternation regex over the text won.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface KeywordIndex {
  /** Global, case-insensitive alternation of every keyword, longest first. */
  readonly regex: RegExp;
  /** Lower-cased keyword → indexes of the rules to run when it is found. */
  readonly rules: ReadonlyMap<string, readonly number[]>;
}

/**
 * Indexes the keywords of `ruleKeywords` (one list per rule). At a position, the alternation reports only
 * the longest keyword found there; so each keyword also carries the rules of the keywords it begins with.
 */
export function buildKeywordIndex(ruleKeywords: readonly (readonly string[])[]): KeywordIndex {
  const own = new Map<string, Set<number>>();
  ruleKeywords.forEach((keywords, index) => {
    for (const keyword of keywords) {
      const k = keyword.toLowerCase();
      if (!own.has(k)) own.set(k, new Set());
      own.get(k)?.add(index);
    }
  });
  const words = [...own.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const rules = new Map<string, number[]>();
  for (const word of words) {
    const union = new Set<number>();
    for (const other of words) if (word.startsWith(other)) for (const i of own.get(other) ?? []) union.add(i);
    rules.set(word, [...union].sort((a, b) => a - b));
  }
  const regex = new RegExp(words.length ? words.map(escapeRegExp).join('|') : '(?!)', 'gi');
  return { regex, rules };
}

/**
 * Calls `onHit(position, ruleIndexes)` for every keyword occurrence, in order. Overlapping keywords are all
 * found: the scan resumes one character after each hit.
 */
export function scanKeywords(index: KeywordIndex, text: string, onHit: (position: number, rules: readonly number[]) => void): number {
  const re = index.regex;
  re.lastIndex = 0;
  let hits = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    hits++;
    onHit(m.index, index.rules.get(m[0].toLowerCase()) ?? []);
    re.lastIndex = m.index + 1;
  }
  return hits;
}
