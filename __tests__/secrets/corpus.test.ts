import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/checks/secrets/detector.js';
import { SECRET_RULES } from '../../src/checks/secrets/rules/index.js';
import { expand, loadCorpus } from './corpus.js';

const corpus = loadCorpus();
const detector = createDetector(SECRET_RULES);

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

describe('labelled secrets corpus', () => {
  it('expands labels into generated credentials and records their lines', () => {
    const file = expand('config/app.env', 'A=1\nTOKEN=⟦github→github-pat⟧\nKEY=⟦rsa→private-key⟧\nB=x⟦fp:placeholder⟧\n');
    expect(file.expected.map((e) => [e.line, e.rule])).toEqual([
      [2, 'secrets/github-pat'],
      [3, 'secrets/private-key'],
    ]);
    expect(file.falseCases).toEqual([{ line: 3 + (file.expected[1]?.secret.split('\n').length ?? 0), why: 'placeholder' }]);
    expect(file.text).not.toContain('⟦');
    expect(() => expand('x.env', 'A=⟦nope→github-pat⟧\n')).toThrow(/x.env:1: bad label/);
  });

  it('has at least 150 true and 150 false cases across file types', () => {
    const trueCases = corpus.reduce((n, f) => n + f.expected.length, 0);
    const falseCases = corpus.reduce((n, f) => n + f.falseCases.length, 0);
    expect(trueCases).toBeGreaterThanOrEqual(150);
    expect(falseCases).toBeGreaterThanOrEqual(150);
    const kinds = new Set(corpus.map((f) => (/\.([^./]+)$/.exec(f.path)?.[1] ?? f.path.split('/').pop()) as string));
    for (const kind of ['ts', 'js', 'py', 'go', 'yaml', 'json', 'toml', 'env', 'properties', 'xml', 'Dockerfile', 'md', 'lock']) expect(kinds, kind).toContain(kind);
  });

  it('finds the true cases and nothing else: precision and recall at least 0.97', () => {
    let tp = 0;
    const falsePositives: string[] = [];
    const misses: string[] = [];
    for (const file of corpus) {
      const want = new Map(file.expected.map((e) => [`${e.line} ${e.rule} ${e.secret}`, e]));
      const got = new Set<string>();
      for (const m of detector.scan(file.text, file.path)) {
        const key = `${lineOf(file.text, m.start)} ${m.rule.id} ${m.secret}`;
        got.add(key);
        if (want.has(key)) tp++;
        else falsePositives.push(`${file.path}:${key.split(' ').slice(0, 2).join(' ')} ${JSON.stringify(m.secret.slice(0, 40))}`);
      }
      for (const [key, e] of want) if (!got.has(key)) misses.push(`${file.path}:${e.line} ${e.rule}`);
    }
    const trueCases = corpus.reduce((n, f) => n + f.expected.length, 0);
    const falseCases = corpus.reduce((n, f) => n + f.falseCases.length, 0);
    const precision = tp / (tp + falsePositives.length);
    const recall = tp / trueCases;
    console.log(
      `secrets corpus: ${corpus.length} files, ${trueCases} true cases, ${falseCases} labelled false cases: ` +
        `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (TP ${tp}, FP ${falsePositives.length}, FN ${misses.length})`,
    );
    if (falsePositives.length) console.log(`false positives:\n  ${falsePositives.join('\n  ')}`);
    if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });
});
