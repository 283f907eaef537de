import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/checks/secrets/detector.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import { aiMessagingExamples } from './examples/ai-messaging.js';
import { dataExamples } from './examples/data.js';
import { genericExamples } from './examples/generic.js';
import { infraExamples } from './examples/infra.js';
import { recallExamples } from './examples/recall.js';
import type { ExampleTable } from './examples/types.js';
import { vcsCloudExamples } from './examples/vcs-cloud.js';
import { FakeRandom } from './fakes.js';

const r = new FakeRandom(4242);
const EXAMPLES: ExampleTable = { ...vcsCloudExamples(r), ...aiMessagingExamples(r), ...infraExamples(r), ...dataExamples(r), ...genericExamples(r), ...recallExamples(r) };
const detector = createDetector(SECRET_RULES);

describe('every rule has true and false examples', () => {
  it('covers each rule', () => {
    const ids = SECRET_RULES.map((rule) => rule.id.slice('secrets/'.length));
    expect(ids.filter((id) => !EXAMPLES[id]?.yes.length || !EXAMPLES[id]?.no.length)).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((id) => !ids.includes(id))).toEqual([]);
  });
});

describe.each(SECRET_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const examples = EXAMPLES[id.slice('secrets/'.length)] ?? { yes: [], no: [] };

  it('reports its true examples, exactly once, with the exact secret', () => {
    for (const ex of examples.yes) {
      const found = detector.scan(ex.text, ex.path).map((m) => [m.rule.id, m.secret]);
      expect(found, `${ex.path}: ${ex.text}`).toEqual([[id, ex.secret]]);
    }
  });

  it('stays quiet on its false examples', () => {
    for (const ex of examples.no) {
      const found = detector.scan(ex.text, ex.path).map((m) => `${m.rule.id} ${m.secret}`);
      expect(found, `${ex.path}: ${ex.text}`).toEqual([]);
    }
  });

  it('declares `before: 0` only when a keyword begins the match', () => {
    if (rule.before !== 0) return;
    for (const ex of examples.yes) {
      for (const m of detector.scan(ex.text, ex.path)) {
        const start = ex.text.slice(m.matchStart).toLowerCase();
        expect(rule.keywords.some((k) => start.startsWith(k)), `${id}: ${start.slice(0, 40)}`).toBe(true);
      }
    }
  });

  it('has a title, a provider and documentation', () => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.provider.length).toBeGreaterThan(1);
    expect(rule.docs).toMatch(/^https:\/\//);
    if (rule.revoke !== undefined) expect(rule.revoke).toMatch(/^https:\/\//);
  });
});
