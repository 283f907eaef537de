import type * as Sarif from 'sarif';
import type { Report } from '../core/report.js';
import { checklistItems } from './markdown-checklist.js';

/**
 * The run's status as SARIF tool execution notifications: a check that could not run (error), what was
 * not evaluated (warning: it is never a pass) and what the policy turned off (note), by check, by rule
 * when the check itself ran, and by checklist item. `properties.status` says which.
 */
export function executionNotifications(report: Report): Sarif.Notification[] {
  const out: Sarif.Notification[] = [];
  for (const c of report.checks) {
    if (c.status === 'error') {
      out.push({ level: 'error', message: { text: `The ${c.id} check could not run: ${c.error ?? 'unknown error'}` }, properties: { check: c.id, status: 'error' } });
      continue;
    }
    if (c.status === 'disabled') {
      out.push({ level: 'note', message: { text: `The ${c.id} check is off (disabled by the policy).` }, properties: { check: c.id, status: 'off' } });
      continue;
    }
    if (c.status === 'not-evaluated') {
      out.push({ level: 'warning', message: { text: `The ${c.id} check was not evaluated: ${(c.notEvaluated ?? []).join('; ')}.` }, properties: { check: c.id, status: 'not-evaluated' } });
      continue;
    }
    for (const r of c.rules) {
      if (r.status === 'not-evaluated') out.push({ level: 'warning', message: { text: `Rule ${r.id} was not evaluated: ${r.reason ?? 'no reason given'}.` }, properties: { check: c.id, rule: r.id, status: 'not-evaluated' } });
      else if (r.status === 'disabled') out.push({ level: 'note', message: { text: `Rule ${r.id} is off (disabled by the policy).` }, properties: { check: c.id, rule: r.id, status: 'off' } });
    }
  }
  for (const item of checklistItems(report)) {
    if (item.status === 'not-evaluated') {
      out.push({ level: 'warning', message: { text: `Checklist item not evaluated: ${item.text} (${(item.reasons ?? []).join('; ')})` }, properties: { checklistItem: item.text, status: 'not-evaluated' } });
    } else if (item.status === 'disabled') {
      out.push({ level: 'note', message: { text: `Checklist item off (disabled by the policy): ${item.text}` }, properties: { checklistItem: item.text, status: 'off' } });
    }
  }
  return out;
}
