import { describe, expect, it } from 'vitest';
import { severityRank } from '../../src/core/severity.js';
import { contextOf, headerContext } from '../../src/checks/secrets/context.js';
import { createDetector } from '../../src/checks/secrets/detector.js';
import { reportPolicy } from '../../src/checks/secrets/report-policy.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import type { SecretMatch } from '../../src/checks/secrets/types.js';
import { expand, loadCorpus, type CorpusFile, type Outcome } from './corpus.js';

const corpus = loadCorpus();
const detector = createDetector(SECRET_RULES);
const table = reportPolicy(undefined);

/** What the check does with a match under the default report table, as the check decides it. */
function outcomeOf(file: CorpusFile, m: SecretMatch): Outcome {
  const context = headerContext(file.text) ?? contextOf(file.path);
  const action = table.action(context, m.confidence, m.rule.keyMaterial === true);
  if (action === 'off') return 'quiet';
  return action !== 'error' && severityRank(action) < severityRank(m.rule.severity ?? 'error') ? action : 'reported';
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

describe('labelled secrets corpus', () => {
  it('expands labels into generated credentials and records their lines and outcomes', () => {
    const file = expand('config/app.env', 'A=1\nTOKEN=⟦github→github-pat⟧\nKEY=⟦rsa→private-key!warning⟧\nPW=⟦alnum→generic-secret-config?⟧\nB=x⟦fp:placeholder⟧\n');
    expect(file.expected.map((e) => [e.line, e.rule, e.outcome])).toEqual([
      [2, 'secrets/github-pat', 'reported'],
      [3, 'secrets/private-key', 'warning'],
      [3 + (file.expected[1]?.secret.split('\n').length ?? 0), 'secrets/generic-secret-config', 'quiet'],
    ]);
    expect(file.falseCases).toEqual([{ line: 4 + (file.expected[1]?.secret.split('\n').length ?? 0), why: 'placeholder' }]);
    expect(file.text).not.toContain('⟦');
    expect(() => expand('x.env', 'A=⟦nope→github-pat⟧\n')).toThrow(/x.env:1: bad label/);
    expect(() => expand('x.env', 'A=⟦github→github-pat!loud⟧\n')).toThrow(/x.env:1: bad label/);
  });

  it('has at least 150 true and 150 false cases across file types and every context', () => {
    const trueCases = corpus.reduce((n, f) => n + f.expected.length, 0);
    const falseCases = corpus.reduce((n, f) => n + f.falseCases.length, 0);
    expect(trueCases).toBeGreaterThanOrEqual(150);
    expect(falseCases).toBeGreaterThanOrEqual(150);
    const kinds = new Set(corpus.map((f) => (/\.([^./]+)$/.exec(f.path)?.[1] ?? f.path.split('/').pop()) as string));
    for (const kind of ['ts', 'js', 'py', 'go', 'yaml', 'json', 'toml', 'env', 'properties', 'xml', 'Dockerfile', 'md', 'lock']) expect(kinds, kind).toContain(kind);
    const contexts = new Set(corpus.map((f) => contextOf(f.path)));
    for (const context of ['source', 'test', 'docs', 'ci', 'dev', 'example', 'generated']) expect(contexts, context).toContain(context);
    const outcomes = new Set(corpus.flatMap((f) => f.expected.map((e) => e.outcome)));
    for (const outcome of ['reported', 'warning', 'quiet']) expect(outcomes, outcome).toContain(outcome);
  });

  it('finds the true cases, treats each as the default report table says, and nothing else: precision and recall at least 0.98', () => {
    let tp = 0;
    let reportedTp = 0;
    let reported = 0;
    const falsePositives: string[] = [];
    const misses: string[] = [];
    for (const file of corpus) {
      const want = new Map(file.expected.map((e) => [`${e.line} ${e.rule} ${e.outcome} ${e.secret}`, e]));
      const got = new Set<string>();
      for (const m of detector.scan(file.text, file.path)) {
        const outcome = outcomeOf(file, m);
        const key = `${lineOf(file.text, m.start)} ${m.rule.id} ${outcome} ${m.secret}`;
        got.add(key);
        if (outcome !== 'quiet') reported++;
        if (want.has(key)) {
          tp++;
          if (outcome !== 'quiet') reportedTp++;
        } else falsePositives.push(`${file.path}:${key.split(' ').slice(0, 3).join(' ')} (${m.confidence}) ${JSON.stringify(m.secret.slice(0, 40))}`);
      }
      for (const [key, e] of want) if (!got.has(key)) misses.push(`${file.path}:${e.line} ${e.rule} ${e.outcome}`);
    }
    const trueCases = corpus.reduce((n, f) => n + f.expected.length, 0);
    const reportedCases = corpus.reduce((n, f) => n + f.expected.filter((e) => e.outcome !== 'quiet').length, 0);
    const falseCases = corpus.reduce((n, f) => n + f.falseCases.length, 0);
    const precision = tp / (tp + falsePositives.length);
    const recall = tp / trueCases;
    const reportedPrecision = reportedTp / reported;
    const reportedRecall = reportedTp / reportedCases;
    console.log(
      `secrets corpus: ${corpus.length} files, ${trueCases} true cases (${reportedCases} reported, ${trueCases - reportedCases} quiet candidates), ${falseCases} labelled false cases: ` +
        `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (TP ${tp}, FP ${falsePositives.length}, FN ${misses.length}); ` +
        `reported: precision ${reportedPrecision.toFixed(4)}, recall ${reportedRecall.toFixed(4)}`,
    );
    if (falsePositives.length) console.log(`false positives:\n  ${falsePositives.join('\n  ')}`);
    if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    expect(reportedPrecision).toBeGreaterThanOrEqual(0.98);
    expect(reportedRecall).toBeGreaterThanOrEqual(0.98);
  });
});
