// The detector: one keyword scan per text, each rule's pattern only in bounded windows around its keywords'
// hits, then format checks and false-positive filters, then one match per span. It knows nothing of
// providers: everything it needs is in the rules.
import picomatch from 'picomatch';
import { compileGlobs, type PathMatcher } from '../../util/globs.js';
import { sharedExecutor, type ExecMatch } from '../../util/regex-executor.js';
import { matchConfidence, ruleConfidence, saysRevoked, textAround } from './confidence.js';
import { isCapturedPage } from './context.js';
import { shannonEntropy } from './entropy.js';
import type { Candidate } from './false-positives.js';
import { rejectReason } from './filters.js';
import { boundToLocalService } from './local-service.js';
import { buildKeywordIndex, scanKeywords } from './prefilter.js';
import { DEFAULT_TIME_BUDGET_MS } from './settings.js';
import type { Detector, DetectorOptions, DetectorStats, PatternBudget, SecretMatch, SecretRule } from './types.js';
import { VALIDATORS } from './validators.js';

/** Window around a keyword hit for single-line rules, clipped to the hit's line. */
const BEFORE = 256;
const AFTER = 4096;
/** Multiline rules (key blocks, manifests) look further, whole lines at a time. */
const MULTI_BEFORE = 32 * 1024;
const MULTI_AFTER = 64 * 1024;
/** How much of a long line the filters see around a secret. */
const CONTEXT = 512;
/** Lines before and after a value that say it is a public client configuration (`publicWhen`). */
const PUBLIC_LINES = 8;

/** Where a match's groups are: a RegExpExecArray's `indices`, or the same from the executor. */
type Indices = ArrayLike<readonly [number, number] | undefined> & { groups?: Record<string, readonly [number, number] | undefined> | undefined };

interface CompiledRule {
  rule: SecretRule;
  index: number;
  pattern: RegExp;
  each: RegExp | undefined;
  group: number | string;
  validator: ((secret: string) => boolean) | undefined;
  paths: PathMatcher | undefined;
  priority: number;
}

export function ruleProblems(rule: SecretRule): string[] {
  const problems: string[] = [];
  if (!/^secrets\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.id)) problems.push('id must be secrets/<kebab-case>');
  if (rule.keywords.length === 0) problems.push('needs at least one keyword');
  for (const k of rule.keywords) if (k !== k.toLowerCase() || k.length < 2) problems.push(`keyword "${k}" must be lower-case, 2+ characters`);
  if (/[^im]/.test(rule.pattern.flags)) problems.push(`pattern flags "${rule.pattern.flags}": only i and m are allowed`);
  if (rule.each && /[^im]/.test(rule.each.flags)) problems.push(`each flags "${rule.each.flags}": only i and m are allowed`);
  if (rule.checksum && !VALIDATORS[rule.checksum]) problems.push(`unknown checksum "${rule.checksum}"`);
  if (rule.before !== undefined && !(rule.before >= 0 && rule.before <= BEFORE)) problems.push(`before must be 0 to ${BEFORE}`);
  if (rule.maxLength !== undefined && !(rule.maxLength > 0)) problems.push('maxLength must be positive');
  return problems;
}

function compile(rule: SecretRule, index: number): CompiledRule {
  const problems = ruleProblems(rule);
  if (problems.length) throw new Error(`secret rule ${rule.id}: ${problems.join('; ')}`);
  const groups = new RegExp(`${rule.pattern.source}|`).exec('')?.length ?? 1;
  return {
    rule,
    index,
    pattern: new RegExp(rule.pattern.source, `${rule.pattern.flags}gd`),
    each: rule.each && new RegExp(rule.each.source, `${rule.each.flags}gd`),
    group: rule.secretGroup ?? (rule.pattern.source.includes('(?<secret>') ? 'secret' : groups > 1 ? 1 : 0),
    validator: rule.checksum ? VALIDATORS[rule.checksum] : undefined,
    paths: rule.paths ? compilePaths(rule.paths) : undefined,
    priority: rule.priority ?? (rule.generic ? -10 : 0),
  };
}

/**
 * Where a group matched. A pattern whose alternatives capture the secret in different groups names them
 * `secret`, `secret2`, …: the first that took part is the secret.
 */
function span(indices: Indices | undefined, group: number | string): readonly [number, number] | undefined {
  if (!indices) return undefined;
  if (typeof group === 'number') return indices[group];
  for (let n = 1; n < 10; n++) {
    const at = indices.groups?.[n === 1 ? group : `${group}${n}`];
    if (at) return at;
  }
  return undefined;
}

export function createDetector(rules: readonly SecretRule[], options: DetectorOptions = {}): Detector {
  const compiled = rules.map(compile);
  const keywords = buildKeywordIndex(rules.map((r) => r.keywords));
  const allow = options.allowValues ?? [];
  const priority = new Map(compiled.map((c) => [c.rule, c.priority]));
  const stats: DetectorStats = options.stats ?? { prefilterChars: 0, keywordHits: 0, patternRuns: 0, windowChars: 0, candidates: 0 };
  const budgetMs = options.budgetMs ?? DEFAULT_TIME_BUDGET_MS;

  function scan(text: string, path: string, budget?: PatternBudget): SecretMatch[] {
    stats.prefilterChars += text.length;
    flatten(text);
    const windows = collectWindows(text, path);
    const found: SecretMatch[] = [];
    const vetoed: Array<[number, number]> = [];
    for (const list of windows) {
      const c = compiled[list[0] as number] as CompiledRule;
      if (c.rule.fromPolicy) {
        runBudgeted(c, text, path, list, found, vetoed, budget);
        continue;
      }
      for (let i = 1; i < list.length; i += 4) {
        runWindow(c, text, path, list[i] as number, list[i + 1] as number, list[i + 2] === 1, list[i + 3] === 1, found, vetoed);
      }
    }
    // A value that a specific rule recognised and then judged not a credential (a failed checksum, a
    // placeholder, a local host): the generic rules defer to it.
    const kept = vetoed.length ? found.filter((m) => !m.rule.generic || !vetoed.some(([s, e]) => m.start < e && s < m.end)) : found;
    return dedupe(kept);
  }

  /**
   * For each rule with keyword hits: [rule index, then for each merged window start, end, clippedStart,
   * clippedEnd], in the order the rules were first hit.
   */
  function collectWindows(text: string, path: string): number[][] {
    const byRule: (number[] | undefined)[] = new Array(compiled.length);
    const windows: number[][] = [];
    /** 0: not yet known, 1: the rule applies to this path, 2: it does not. */
    const pathOk = new Uint8Array(compiled.length);
    let lineStart = 0;
    let lineEnd = -1;
    // Bounds of the wider windows, computed once per line that needs them.
    let multiStart = -1;
    let multiEnd = -1;
    let nextLineEnd = -1;
    stats.keywordHits += scanKeywords(keywords, text, (p, ruleIndexes) => {
      if (p > lineEnd) {
        lineStart = text.lastIndexOf('\n', p) + 1;
        lineEnd = text.indexOf('\n', p);
        if (lineEnd === -1) lineEnd = text.length;
        multiStart = multiEnd = nextLineEnd = -1;
      }
      for (const r of ruleIndexes) {
        const c = compiled[r] as CompiledRule;
        if (c.paths) {
          if (pathOk[r] === 0) pathOk[r] = c.paths(path) ? 1 : 2;
          if (pathOk[r] === 2) continue;
        }
        let start: number;
        let end: number;
        let clippedStart = false;
        let clippedEnd = false;
        if (c.rule.multiline) {
          if (multiStart === -1) {
            multiStart = lineStartAtOrAfter(text, Math.max(0, lineStart - MULTI_BEFORE), lineStart);
            multiEnd = lineEndAtOrBefore(text, Math.min(text.length, lineEnd + MULTI_AFTER), lineEnd);
          }
          start = multiStart;
          end = multiEnd;
        } else {
          start = Math.max(lineStart, p - (c.rule.before ?? BEFORE) - 1);
          let limit = lineEnd;
          if (c.rule.nextLine && lineEnd < text.length) {
            if (nextLineEnd === -1) {
              const nl = text.indexOf('\n', lineEnd + 1);
              nextLineEnd = nl === -1 ? text.length : nl;
            }
            limit = nextLineEnd;
          }
          end = Math.min(limit, p + (c.rule.maxLength ?? AFTER));
          clippedStart = start > lineStart;
          clippedEnd = end < limit;
        }
        let list = byRule[r];
        if (!list) windows.push((byRule[r] = list = [r]));
        const last = list.length - 4;
        if (last >= 1 && start < (list[last + 1] as number)) {
          // Overlaps the previous window of this rule: extend it.
          if (start < (list[last] as number)) {
            list[last] = start;
            list[last + 2] = clippedStart ? 1 : 0;
          }
          if (end > (list[last + 1] as number)) {
            list[last + 1] = end;
            list[last + 3] = clippedEnd ? 1 : 0;
          }
        } else {
          list.push(start, end, clippedStart ? 1 : 0, clippedEnd ? 1 : 0);
        }
      }
    });
    return windows;
  }

  function runWindow(c: CompiledRule, text: string, path: string, start: number, end: number, clippedStart: boolean, clippedEnd: boolean, out: SecretMatch[], vetoed: Array<[number, number]>): void {
    const slice = text.slice(start, end);
    if (c.rule.requires !== undefined && !slice.includes(c.rule.requires)) return;
    stats.patternRuns++;
    stats.windowChars += end - start;
    const re = c.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      onMatch(c, text, path, start, end, clippedStart, clippedEnd, slice, m.index, m.index + m[0].length, m.indices, m.groups, out, vetoed);
    }
  }

  /**
   * A policy pattern: every window of the text in one run of the executor, which stops it past the budget.
   * A pattern over budget finds nothing in this text, and says so through `budget`.
   */
  function runBudgeted(c: CompiledRule, text: string, path: string, list: number[], out: SecretMatch[], vetoed: Array<[number, number]>, budget: PatternBudget | undefined): void {
    const id = c.rule.id;
    if (budget?.skip?.(id)) {
      budget.outcomes.push({ rule: id, status: 'skipped' });
      return;
    }
    const windows: number[] = [];
    const slices: string[] = [];
    for (let i = 1; i < list.length; i += 4) {
      const slice = text.slice(list[i] as number, list[i + 1] as number);
      if (c.rule.requires !== undefined && !slice.includes(c.rule.requires)) continue;
      windows.push(i);
      slices.push(slice);
      stats.patternRuns++;
      stats.windowChars += slice.length;
    }
    if (!slices.length) return;
    const result = sharedExecutor().run({ source: c.rule.pattern.source, flags: c.rule.pattern.flags, texts: slices, budgetMs });
    if (result.kind === 'error') throw new Error(`${id}: ${result.message}`);
    if (result.kind === 'timeout') {
      if (!budget) throw new Error(`${id}: the pattern ran longer than ${budgetMs} ms on ${path}`);
      budget.outcomes.push({ rule: id, status: 'over-budget' });
      return;
    }
    let matched = false;
    result.matches.forEach((matches, k) => {
      const i = windows[k] as number;
      const start = list[i] as number;
      const end = list[i + 1] as number;
      const slice = slices[k] as string;
      for (const m of matches) {
        if (m.end === m.index) continue;
        matched = true;
        onMatch(c, text, path, start, end, list[i + 2] === 1, list[i + 3] === 1, slice, m.index, m.end, indicesOf(m), groupTexts(m, slice), out, vetoed);
      }
    });
    budget?.outcomes.push({ rule: id, status: 'ran', matched });
  }

  /** One match of a rule's pattern in the window [start, end) of the text (`slice`). */
  function onMatch(c: CompiledRule, text: string, path: string, start: number, end: number, clippedStart: boolean, clippedEnd: boolean, slice: string, index: number, endIndex: number, indices: Indices | undefined, groups: Record<string, string> | undefined, out: SecretMatch[], vetoed: Array<[number, number]>): void {
    const matchStart = start + index;
    const matchEnd = start + endIndex;
    // A match cut by a clipped window edge may be part of something longer.
    if ((clippedStart && index === 0) || (clippedEnd && matchEnd === end)) return;
    const at = span(indices, c.group);
    if (!at) return;
    if (c.each) {
      eachSecret(c, text, path, start + at[0], slice.slice(at[0], at[1]), matchStart, matchEnd, out, vetoed);
      return;
    }
    if (!consider(c, text, path, start + at[0], start + at[1], matchStart, matchEnd, groups, out) && !c.rule.generic) vetoed.push([start + at[0], start + at[1]]);
  }

  function eachSecret(c: CompiledRule, text: string, path: string, blockStart: number, block: string, matchStart: number, matchEnd: number, out: SecretMatch[], vetoed: Array<[number, number]>): void {
    const re = c.each as RegExp;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(block)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const at = span(m.indices, m.groups && 'secret' in m.groups ? 'secret' : 1);
      if (at && !consider(c, text, path, blockStart + at[0], blockStart + at[1], matchStart, matchEnd, m.groups, out)) vetoed.push([blockStart + at[0], blockStart + at[1]]);
    }
  }

  /** Filters one candidate; true when it is kept (or allowed by the policy). */
  function consider(c: CompiledRule, text: string, path: string, start: number, end: number, matchStart: number, matchEnd: number, groups: Record<string, string> | undefined, out: SecretMatch[]): boolean {
    stats.candidates++;
    const secret = text.slice(start, end);
    if (secret.length === 0) return false;
    if (allow.some((re) => re.test(secret))) return true;
    if (c.validator && !c.validator(secret)) return false;
    if (c.rule.entropy !== undefined && shannonEntropy(secret) < c.rule.entropy) return false;
    let confidence = ruleConfidence(c.rule);
    // Blocks (private keys) are judged by their validators; single values meet the false-positive filters.
    if (!secret.includes('\n') && !c.rule.checksum?.startsWith('private-key')) {
      const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - CONTEXT);
      let lineEnd = text.indexOf('\n', end);
      if (lineEnd === -1 || lineEnd > end + CONTEXT) lineEnd = Math.min(text.length, end + CONTEXT);
      const line = text.slice(lineStart, lineEnd);
      const column = start - lineStart;
      const quote = line[column - 1];
      const quoted = quote !== undefined && `"'\``.includes(quote) && line[column + secret.length] === quote;
      const candidate: Candidate = { secret, line, column, path, key: groups?.key, quoted };
      if (lineStart > 0 && text[lineStart - 1] === '\n') candidate.above = text.slice(Math.max(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1 - CONTEXT), lineStart - 1);
      if (rejectReason(c.rule, candidate, groups)) return false;
      const pub = c.rule.publicWhen;
      if (pub && pub.line.test(line) && pub.near.test(textAround(text, start, end, PUBLIC_LINES))) return false;
      confidence = matchConfidence(c.rule, candidate, groups);
      // A format that names its provider stays as sure; a keyed value of a service this file runs locally does not.
      if (confidence === 'medium' && boundToLocalService(groups?.key, text)) confidence = 'low';
      // The text says this value was revoked (a blog post showing a token it has since revoked); a page saved
      // from a third-party site for a scraper's tests holds what that site sends every visitor.
      if (confidence === 'high' && (saysRevoked(text, start, end) || (c.rule.checksum === undefined && isCapturedPage(path, text)))) confidence = 'medium';
    }
    out.push({ rule: c.rule, secret, start, end, matchStart, matchEnd, confidence });
    return true;
  }

  function dedupe(found: SecretMatch[]): SecretMatch[] {
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: SecretMatch[] = [];
    for (const m of found) {
      const prev = kept[kept.length - 1];
      if (prev && m.start < prev.end) {
        if (better(m, prev)) kept[kept.length - 1] = m;
        continue;
      }
      kept.push(m);
    }
    return kept;
  }

  function better(a: SecretMatch, b: SecretMatch): boolean {
    const pa = priority.get(a.rule) ?? 0;
    const pb = priority.get(b.rule) ?? 0;
    if (pa !== pb) return pa > pb;
    return a.end - a.start > b.end - b.start;
  }

  return { rules, scan };
}

function indicesOf(m: ExecMatch): Indices {
  return Object.assign(m.indices, { groups: m.groups });
}

function groupTexts(m: ExecMatch, slice: string): Record<string, string> | undefined {
  if (!m.groups) return undefined;
  const texts: Record<string, string> = {};
  for (const [name, at] of Object.entries(m.groups)) if (at) texts[name] = slice.slice(at[0], at[1]);
  return texts;
}

/**
 * Texts built by concatenation (diff hunks, generated files) are ropes in V8, and reading one character at a
 * time from a rope is several times slower. Converting to a number flattens the string once, in place.
 */
function flatten(text: string): void {
  if (text.length > 1024) Number(text);
}

/** Rule path globs. Globs without `/` (the usual case) match the file name: one regex test per file. */
function compilePaths(globs: readonly string[]): PathMatcher {
  if (globs.some((g) => g.includes('/') || g.startsWith('!'))) return compileGlobs(globs);
  const names = globs.map((g) => picomatch.makeRe(g, { dot: true }));
  return (path) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return names.some((re) => re.test(name));
  };
}

/** The first line start in [from, limit] (limit itself is a line start). */
function lineStartAtOrAfter(text: string, from: number, limit: number): number {
  if (from === 0) return 0;
  const nl = text.indexOf('\n', from - 1);
  return nl === -1 || nl + 1 > limit ? limit : nl + 1;
}

/** The last line end in [limit, to] (limit itself is a line end). */
function lineEndAtOrBefore(text: string, to: number, limit: number): number {
  if (to >= text.length) return text.length;
  const nl = text.lastIndexOf('\n', to);
  return nl === -1 || nl < limit ? limit : nl;
}
