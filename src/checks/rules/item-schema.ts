import type { JsonSchema } from '../../core/check.js';
import { SEVERITIES } from '../../core/severity.js';

/** Rule ids: lower-case words joined by `-`; reported as `rules/<id>`. */
export const RULE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

/**
 * One entry of the policy's top-level `rules:` list. Patterns use `format: regex`, so a pattern that does
 * not compile or may backtrack catastrophically is refused when the policy loads, with its line and column.
 */
export const RULE_ITEM_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'message', 'files'],
  anyOf: [{ required: ['require'] }, { required: ['forbid'] }],
  errorMessage: 'a rule needs `require` (a pattern every matching file must contain) or `forbid` (a pattern no file may contain)',
  properties: {
    id: { type: 'string', pattern: RULE_ID_PATTERN, description: 'Lower-case words and dashes; findings are reported as `rules/<id>`.' },
    severity: { enum: [...SEVERITIES], description: 'Severity of the findings (default: error).' },
    message: { type: 'string', minLength: 1, description: 'What the finding says; write what is wrong and what to do.' },
    help: { type: 'string', description: 'How to fix it (Markdown), shown with the finding.' },
    files: {
      type: ['string', 'array'],
      format: 'glob',
      items: { type: 'string', format: 'glob' },
      minItems: 1,
      description: 'The files the rule applies to: a glob or a list of globs (`!` excludes).',
    },
    require: { type: 'string', minLength: 1, format: 'regex', description: 'A regular expression each matching file must contain at least once (see `require-in`).' },
    forbid: { type: 'string', minLength: 1, format: 'regex', description: 'A regular expression no matching file may contain; each match is a finding on its line.' },
    'require-in': {
      enum: ['each', 'any'],
      description: '`each` (default): every matching file must contain `require`; `any`: at least one of them must.',
    },
    'strip-comments': { type: 'boolean', description: 'Match against the text with comments blanked out (default: false).' },
    'ignore-case': { type: 'boolean', description: 'Match letters regardless of case (default: false).' },
  },
};
