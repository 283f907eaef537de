import { defineCheck, type Check } from '../../src/core/check.js';

/** A check that reports every line containing "TODO-SECURITY", to exercise the pipeline with content. */
export const marker = defineCheck({
  meta: {
    id: 'marker',
    title: 'Marker',
    description: 'Reports TODO-SECURITY lines.',
    covers: ['No open security TODOs'],
    rules: [
      { id: 'marker/todo', title: 'Security TODO', description: 'An open security TODO.', severity: 'error' },
      { id: 'marker/note', title: 'Security note', description: 'A note.', severity: 'notice' },
    ],
    settings: {},
  },
  create(ctx) {
    return {
      wants: (path) => !path.endsWith('.yml'),
      visit(file) {
        let at = file.text.indexOf('TODO-SECURITY');
        while (at !== -1) {
          const span = file.span(at, at + 13);
          ctx.report({ ruleId: 'marker/todo', message: 'Open security TODO', location: { path: file.path, ...span }, identity: file.lineText(span.line).trim() });
          at = file.text.indexOf('TODO-SECURITY', at + 1);
        }
      },
    };
  },
}) as Check<never>;

