import { findDirective, parseDirectives } from '../../../filters/inline.js';
import type { Finding } from '../../../core/finding.js';
import { SourceFile } from '../../../sources/source-file.js';
import type { BudgetLedger } from '../../../core/pattern-budget.js';
import type { Hit } from '../hits.js';
import type { ScopeName } from '../settings.js';
import type { Detector, PatternOutcome } from '../types.js';
import type { AddedBlock } from './patch.js';

/**
 * Scans the new side of a hunk as one text, so that multi-line secrets (private key blocks) are seen
 * whole, keeps the secrets that touch an added line (one that only sits in context was there before),
 * and maps the detector's offsets back to lines of the new file.
 */
export function scanBlock(detector: Detector, block: AddedBlock, scope: ScopeName, sink: (hit: Hit) => void, ledger?: BudgetLedger): void {
  const text = block.lines.join('\n');
  const outcomes: PatternOutcome[] = [];
  const matches = detector.scan(text, block.path, ledger && { skip: ledger.exhausted, outcomes });
  for (const outcome of outcomes) {
    const line = block.startLine + Math.max(0, block.added.indexOf(true));
    ledger?.note(outcome, { location: { path: block.path, line }, ...(block.commit !== undefined ? { commit: block.commit } : {}), kind: 'hunk' });
  }
  if (matches.length === 0) return;
  const local = new SourceFile(block.path, text, text.length);
  const shift = block.startLine - 1;
  // In history the engine cannot see the comments of a file as it was; read them from the block itself.
  const directives = block.commit !== undefined ? parseDirectives(local) : [];
  for (const match of matches) {
    const span = local.span(match.start, match.end);
    if (!touchesAdded(block.added, span.line, span.endLine)) continue;
    const hit: Hit = {
      rule: match.rule,
      secret: match.secret,
      confidence: match.confidence,
      path: block.path,
      span: { line: span.line + shift, column: span.column, endLine: span.endLine + shift, endColumn: span.endColumn },
      scope,
      ...(block.commit !== undefined ? { commit: block.commit } : {}),
    };
    if (directives.length) {
      const probe = { ruleId: match.rule.id, location: { path: block.path, line: span.line } } as Finding;
      const directive = findDirective(directives, probe);
      if (directive) hit.inline = { reason: directive.reason, line: directive.line + shift, column: directive.column };
    }
    sink(hit);
  }
}

function touchesAdded(added: readonly boolean[], line: number, endLine: number): boolean {
  for (let l = line; l <= endLine; l++) if (added[l - 1]) return true;
  return false;
}
