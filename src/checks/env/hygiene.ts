import type { FindingInput } from '../../core/finding.js';
import type { Redactor } from '../../util/redact.js';
import { redactSecret } from '../../util/redact.js';
import { baseName, dirName, isLocalEnvName, joinPath } from './env-files.js';
import type { GitignoreRules } from './gitignore.js';
import { code, listing, type EnvFile } from './model.js';
import { secretStrength } from './names.js';
import type { EntryDetectors } from './secret-values.js';
import { classifyValue } from './values.js';

/** env/real-value-in-example: example values must be placeholders or local development defaults. */
export function realValues(examples: readonly EnvFile[], detectors: EntryDetectors | undefined, redactor: Redactor): FindingInput[] {
  const findings: FindingInput[] = [];
  for (const file of examples) {
    const detect = detectors?.(file);
    for (const entry of file.parsed.entries) {
      const verdict = classifyValue(entry.key, entry.value, detect?.(entry));
      if (verdict.kind !== 'secret' || !verdict.secret) continue;
      redactor.add(verdict.secret, verdict.prefixLength ?? 0);
      if (verdict.secret !== entry.value) redactor.add(entry.value, 0);
      findings.push({
        ruleId: 'env/real-value-in-example',
        message: `The example value of ${code(entry.key)} looks like a real credential (${verdict.why}: ${redactSecret(verdict.secret, verdict.prefixLength ?? 0)}). Example files are public: use a placeholder.`,
        location: { path: file.path, ...file.source.span(entry.valueStart, entry.valueEnd) },
        identity: `${entry.key}|${hashOf(verdict.secret)}`,
        help: `Replace it with a placeholder (\`${entry.key}=\` or \`${entry.key}=your-${entry.key.toLowerCase().replace(/_/g, '-')}\`). If it was ever a working credential, rotate it: it is in the repository's history.`,
        properties: { variable: entry.key },
      });
    }
  }
  return findings;
}

function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

/**
 * env/committed-env-file: a committed env file that holds credentials. `.local` files are local by
 * definition, so any real value counts; in the others (`.env`, `.env.production`), credentials do.
 */
export function committedEnvFiles(files: readonly EnvFile[], detectors: EntryDetectors | undefined, redactor: Redactor): FindingInput[] {
  const findings: FindingInput[] = [];
  for (const file of files) {
    const local = isLocalEnvName(baseName(file.path));
    const detect = detectors?.(file);
    const offending = file.parsed.entries.filter((entry) => {
      const verdict = classifyValue(entry.key, entry.value, detect?.(entry));
      if (verdict.kind === 'secret') {
        if (verdict.secret) redactor.add(verdict.secret, verdict.prefixLength ?? 0);
        return true;
      }
      if (verdict.kind === 'plain' && secretStrength(entry.key) === 'strong') return true;
      return local && (verdict.kind === 'plain' || verdict.kind === 'local');
    });
    if (offending.length === 0) continue;
    const first = offending[0] as (typeof offending)[number];
    const names = [...new Set(offending.map((e) => e.key))];
    findings.push({
      ruleId: 'env/committed-env-file',
      message: local
        ? `${file.path} is committed with values (${listing(names.map(code))}); \`.local\` env files hold one machine's settings and secrets and must stay out of git.`
        : `${file.path} is committed with credentials: ${listing(names.map(code))}.`,
      location: { path: file.path, ...file.source.span(first.keyStart, first.keyEnd) },
      identity: file.path,
      help: `Remove the file from git (\`git rm --cached ${file.path}\`), add it to \`.gitignore\`, move the values to your platform's secret store, and rotate every credential it held: it stays in the history. Commit a \`.env.example\` with placeholders instead.`,
      properties: { variables: names },
    });
  }
  return findings;
}

export interface IgnoreCheckInput {
  rules: GitignoreRules;
  /** Names (or root-relative paths) from `must-ignore`. */
  mustIgnore: readonly string[];
  /** Directories to check names without `/` in: the root and every directory with an example. */
  dirs: readonly string[];
  /** Repository paths in the scan listing, with whether git tracks them. */
  listed: ReadonlyMap<string, { tracked: boolean }>;
}

/** env/not-ignored: env files that `.gitignore` must ignore but does not. */
export function notIgnored(input: IgnoreCheckInput): FindingInput[] {
  const findings: FindingInput[] = [];
  const paths = new Set<string>();
  for (const name of input.mustIgnore) {
    const clean = name.replace(/^\.\//, '');
    if (clean.includes('/')) paths.add(clean);
    else for (const dir of input.dirs) paths.add(joinPath(dir, clean));
  }
  for (const path of [...paths].sort()) {
    const decision = input.rules.decide(path);
    if (decision.ignored) continue;
    const present = input.listed.get(path);
    const state = present ? (present.tracked ? ' It is already committed.' : ` ${path} exists and \`git add -A\` would commit it.`) : '';
    const dir = dirName(path);
    const target = input.rules.fileFor(dir) ?? input.rules.fileFor('');
    let location: FindingInput['location'];
    const anchored = dir ? anchoredRule(input.rules, path) : undefined;
    if (decision.rule) location = { path: decision.rule.path, line: decision.rule.line };
    else if (anchored) location = { path: anchored.path, line: anchored.line };
    else if (target) location = { path: target.path, line: envSectionLine(target.lines) };
    const why = decision.rule
      ? `\`${decision.rule.pattern}\` on line ${decision.rule.line} re-includes it`
      : anchored
        ? `\`${anchored.pattern}\` (${anchored.path}:${anchored.line}) only ignores ${anchored.covers}`
        : `no rule in ${target?.path ?? 'a .gitignore'} ignores it`;
    findings.push({
      ruleId: 'env/not-ignored',
      message: `${path} would not be ignored by git: ${why}.${state}`,
      ...(location ? { location } : { policyPath: ['checks', 'env', 'must-ignore'] }),
      identity: path,
      help: `Add \`${baseName(path)}\` (or \`.env*\` with \`!.env.example\` after it) to \`${target?.path ?? '.gitignore'}\`, so that local secrets cannot be committed by accident.`,
      properties: { file: path },
    });
  }
  return findings;
}

/** A rule anchored with a leading `/` in a parent directory's .gitignore, which misses this file. */
function anchoredRule(rules: GitignoreRules, path: string): { path: string; line: number; pattern: string; covers: string } | undefined {
  const name = baseName(path);
  let dir = dirName(path);
  while (dir !== '') {
    dir = dirName(dir);
    const file = rules.fileFor(dir);
    const index = file ? file.lines.findIndex((l) => l.trim() === `/${name}`) : -1;
    if (file && index !== -1) return { path: file.path, line: index + 1, pattern: `/${name}`, covers: joinPath(dir, name) };
  }
  return undefined;
}

/** The line of the last rule that mentions env files (where a new one belongs), else 1. */
function envSectionLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (/\.env/.test(lines[i] as string)) return i + 1;
  return 1;
}

/** env/example-ignored: an example file matched by a too-broad rule such as `.env*`. */
export function exampleIgnored(rules: GitignoreRules, examples: readonly { path: string; tracked: boolean; onDisk: boolean }[]): FindingInput[] {
  const findings: FindingInput[] = [];
  for (const example of examples) {
    const decision = rules.decide(example.path);
    if (!decision.ignored || !decision.rule) continue;
    const state = example.tracked
      ? 'It is committed only because it was added before the rule or with `git add -f`: new examples in other directories, and a re-created one, would be left out.'
      : example.onDisk
        ? 'It exists but is not committed, so nobody else gets it.'
        : 'The policy names it as the example, but git would not commit it.';
    findings.push({
      ruleId: 'env/example-ignored',
      severity: example.tracked ? 'warning' : 'error',
      message: `${code(decision.rule.pattern)} also ignores the example file ${example.path}. ${state}`,
      location: { path: decision.rule.path, line: decision.rule.line },
      identity: example.path,
      help: `Add \`!${baseName(example.path)}\` after \`${decision.rule.pattern}\` in ${decision.rule.path}, then commit the example.`,
      properties: { file: example.path },
    });
  }
  return findings;
}
