import type { Finding } from '../core/finding.js';
import type { SourceFile } from '../sources/source-file.js';
import { ruleMatches } from './rule-pattern.js';

export const DIRECTIVE = 'security-gate-ignore';

/** `security-gate-ignore: <rule>[, <rule>] -- <reason>` in any comment syntax. */
export interface Directive {
  /** The line the comment is on. */
  line: number;
  column: number;
  /** The line whose findings it suppresses: its own line, or the next one when the comment stands alone. */
  target: number;
  rules: string[];
  reason?: string;
}

const DIRECTIVE_RE = /security-gate-ignore(?::|\s)\s*([A-Za-z0-9_*][\w*./-]*(?:\s*,\s*[A-Za-z0-9_*][\w*./-]*)*)?(?:\s+--\s*(.*?))?\s*(?:\*\/|-->|#\}|%>|\}\}|$)/;
/** Text before the directive that leaves the line a comment and nothing else. */
const COMMENT_ONLY = /^\s*(?:\/\/+|#+|--|;+|\/\*+|\*|<!--|%|'|rem\b|\{#|\{\{!?--?)?\s*$/i;

/** Reads the directives of a file. Cheap when there are none: one indexOf. */
export function parseDirectives(file: SourceFile): Directive[] {
  const text = file.text;
  let at = text.indexOf(DIRECTIVE);
  if (at === -1) return [];
  const directives: Directive[] = [];
  while (at !== -1) {
    const { line, column } = file.position(at);
    const lineText = file.lineText(line);
    const before = lineText.slice(0, column - 1);
    const match = DIRECTIVE_RE.exec(lineText.slice(column - 1));
    if (match) {
      const rules = (match[1] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
      const reason = match[2]?.trim() || undefined;
      directives.push({ line, column, target: COMMENT_ONLY.test(before) ? line + 1 : line, rules, reason });
    }
    at = line < file.lineCount ? text.indexOf(DIRECTIVE, file.lineStart(line + 1)) : -1;
  }
  return directives;
}

/** The directive that suppresses a finding: on its first line, or alone on the line above. */
export function findDirective(directives: readonly Directive[], finding: Finding): Directive | undefined {
  const line = finding.location?.line;
  if (line === undefined || finding.commit) return undefined;
  return directives.find(
    (d) => (d.target === line || d.line === line) && (d.rules.length === 0 || d.rules.some((r) => ruleMatches(r, finding.ruleId))),
  );
}
