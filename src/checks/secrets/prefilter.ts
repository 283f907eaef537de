// The keyword prefilter: one pass over the text finds every rule keyword at once, case-insensitively.
// An Aho-Corasick automaton over a compact alphabet (the characters keywords use, upper case folded to
// lower, everything else one class): one table lookup per character. bench/secrets-detector.ts compares it
// with one alternation regex (/a|b|…/gi), which is about half as fast on real source.

export interface KeywordIndex {
  /** Character code → alphabet class (0: a character no keyword uses). */
  readonly classOf: Uint8Array;
  readonly alphabet: number;
  /**
   * Transitions: `delta[stateBase + class]` is the next state's base (state × alphabet), negated minus one
   * when some keyword ends there.
   */
  readonly delta: Int32Array;
  /** For states where keywords end: the indexes of their rules, and the longest such keyword's length. */
  readonly rulesAt: ReadonlyMap<number, readonly number[]>;
  readonly lengthAt: ReadonlyMap<number, number>;
}

/** Builds the automaton for `ruleKeywords` (one list per rule). */
export function buildKeywordIndex(ruleKeywords: readonly (readonly string[])[]): KeywordIndex {
  const classOf = new Uint8Array(65536);
  let alphabet = 1;
  for (const keywords of ruleKeywords) {
    for (const keyword of keywords) {
      for (const ch of keyword.toLowerCase()) {
        const c = ch.charCodeAt(0);
        if (classOf[c]) continue;
        classOf[c] = alphabet;
        const upper = ch.toUpperCase().charCodeAt(0);
        if (upper !== c && upper < 65536 && ch.toUpperCase().length === 1) classOf[upper] = alphabet;
        alphabet++;
      }
    }
  }
  if (alphabet > 255) throw new Error('secret rule keywords use more than 254 distinct characters');

  // The trie.
  const next: Int32Array[] = [new Int32Array(alphabet).fill(-1)];
  const ends: Set<number>[] = [new Set()];
  const depth: number[] = [0];
  ruleKeywords.forEach((keywords, rule) => {
    for (const keyword of keywords) {
      let s = 0;
      for (const ch of keyword.toLowerCase()) {
        const c = classOf[ch.charCodeAt(0)] as number;
        const row = next[s] as Int32Array;
        if (row[c] === -1) {
          row[c] = next.length;
          next.push(new Int32Array(alphabet).fill(-1));
          ends.push(new Set());
          depth.push((depth[s] as number) + 1);
        }
        s = row[c] as number;
      }
      (ends[s] as Set<number>).add(rule);
    }
  });

  // Failure links, breadth first; each state inherits the keywords that end at its failure state.
  const fail = new Int32Array(next.length);
  const longest = depth.map((d, s) => ((ends[s] as Set<number>).size ? d : 0));
  const queue: number[] = [];
  const root = next[0] as Int32Array;
  for (let c = 0; c < alphabet; c++) {
    if (root[c] === -1) root[c] = 0;
    else queue.push(root[c] as number);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as number;
    const f = fail[s] as number;
    for (const rule of ends[f] as Set<number>) (ends[s] as Set<number>).add(rule);
    longest[s] = Math.max(longest[s] as number, longest[f] as number);
    const row = next[s] as Int32Array;
    for (let c = 0; c < alphabet; c++) {
      const t = row[c] as number;
      if (t === -1) row[c] = (next[f] as Int32Array)[c] as number;
      else {
        fail[t] = (next[f] as Int32Array)[c] as number;
        queue.push(t);
      }
    }
  }

  const delta = new Int32Array(next.length * alphabet);
  const rulesAt = new Map<number, number[]>();
  const lengthAt = new Map<number, number>();
  next.forEach((row, s) => {
    for (let c = 0; c < alphabet; c++) {
      const t = row[c] as number;
      delta[s * alphabet + c] = (ends[t] as Set<number>).size ? -(t * alphabet) - 1 : t * alphabet;
    }
    if ((ends[s] as Set<number>).size) {
      rulesAt.set(s * alphabet, [...(ends[s] as Set<number>)].sort((a, b) => a - b));
      lengthAt.set(s * alphabet, longest[s] as number);
    }
  });
  return { classOf, alphabet, delta, rulesAt, lengthAt };
}

/**
 * Calls `onHit(start, ruleIndexes)` for every position where keywords end, in order; `start` is where the
 * longest of them begins. Returns the number of hits.
 */
export function scanKeywords(index: KeywordIndex, text: string, onHit: (start: number, rules: readonly number[]) => void): number {
  const { classOf, delta, rulesAt, lengthAt } = index;
  let hits = 0;
  let s = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    s = delta[s + (classOf[text.charCodeAt(i)] as number)] as number;
    if (s < 0) {
      s = -s - 1;
      hits++;
      onHit(i + 1 - (lengthAt.get(s) as number), rulesAt.get(s) as readonly number[]);
    }
  }
  return hits;
}
