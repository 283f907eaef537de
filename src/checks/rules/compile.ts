import type { PolicyPath } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { compileGlobs, type PathMatcher } from '../../util/globs.js';
import { sharedExecutor } from '../../util/regex-executor.js';

/** A policy rule, ready to run. */
export interface CompiledRule {
  id: string;
  ruleId: string;
  severity: Severity;
  message: string;
  help?: string;
  files: string[];
  matches: PathMatcher;
  require?: string;
  forbid?: string;
  requireIn: 'each' | 'any';
  stripComments: boolean;
  flags: string;
  /** Where the rule is written, for findings without a file (annotated on that policy line). */
  policyPath: PolicyPath;
}

interface Origin {
  file: string;
  index: number;
}

/**
 * Turns the policy's validated `rules:` entries into runnable rules. Throws (the check then reports that
 * it could not run) on what the schema cannot see: duplicate ids, and `require` patterns that match the
 * empty string, which every file satisfies. That one run is under the time budget too: `(|)(|)…(|)x`
 * backtracks on nothing at all.
 */
export function compileRules(entries: readonly Record<string, unknown>[], budgetMs: number): CompiledRule[] {
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const [mergedIndex, entry] of entries.entries()) {
    const id = String(entry.id);
    if (seen.has(id)) throw new Error(`two rules have the id "${id}"; rule ids must be unique`);
    seen.add(id);
    const files = typeof entry.files === 'string' ? [entry.files] : ((entry.files as string[] | undefined) ?? []);
    const flags = `gm${entry['ignore-case'] === true ? 'i' : ''}`;
    const require = typeof entry.require === 'string' ? entry.require : undefined;
    const forbid = typeof entry.forbid === 'string' ? entry.forbid : undefined;
    if (require !== undefined) {
      const empty = sharedExecutor().run({ source: require, flags: flags.replace('g', ''), texts: [''], budgetMs, limit: 1 });
      if (empty.kind === 'timeout') throw new Error(`rule "${id}": the require pattern /${require}/ ran longer than ${budgetMs} ms on the empty string (catastrophic backtracking); rewrite it`);
      if (empty.kind === 'error') throw new Error(`rule "${id}": the require pattern /${require}/ ${empty.message}`);
      if (empty.matches[0]?.length) throw new Error(`rule "${id}": the require pattern /${require}/ matches the empty string, so every file satisfies it`);
    }
    const origin = entry.origin as Origin | undefined;
    // Rules from presets cannot be annotated in the policy file; their `extends` line stands for them.
    const policyPath: PolicyPath = origin?.file.startsWith('preset:') ? ['extends'] : ['rules', origin?.index ?? mergedIndex];
    rules.push({
      id,
      ruleId: `rules/${id}`,
      severity: (entry.severity as Severity | undefined) ?? 'error',
      message: String(entry.message),
      help: typeof entry.help === 'string' ? entry.help : undefined,
      files,
      matches: compileGlobs(files),
      require,
      forbid,
      requireIn: entry['require-in'] === 'any' ? 'any' : 'each',
      stripComments: entry['strip-comments'] === true,
      flags,
      policyPath,
    });
  }
  return rules;
}
