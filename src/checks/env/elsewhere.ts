import { documentedNames } from './documented.js';
import { baseName } from './env-files.js';
import { parseDotenv } from './dotenv-parse.js';

/**
 * Where else a repository documents or sets its variables, besides the example that covers the code:
 * its documentation (README, docs/), env-format templates under other names (`app.conf.example`), the
 * `environment:` of its compose files and the `ENV` of its Dockerfiles. A variable named there is known
 * to whoever deploys the project, so its absence from the nearest example is not a gate failure.
 */
export function isDocumentation(path: string): boolean {
  const base = baseName(path);
  return /\.(?:md|mdx|markdown|rst|adoc|asciidoc)$/i.test(base) && !/^(?:CHANGELOG|CHANGES|HISTORY|RELEASES?|RELEASE[-_]NOTES|NEWS)\b/i.test(base);
}

/** `paperless.conf.example`, `settings.env.sample`: a template under a name the example finder does not know. */
export function isTemplateName(path: string): boolean {
  const base = baseName(path).toLowerCase();
  return /\.(?:example|sample|template|tmpl|tpl|dist|defaults?)$/.test(base) && !/\.(?:js|ts|py|rb|go|php|java|json|ya?ml|toml|xml|html?|md|sh)\.[a-z]+$/.test(base);
}

export function isDockerfile(path: string): boolean {
  return /^(?:Dockerfile|Containerfile)(?:[.-][\w.-]+)?$|\.Dockerfile$/i.test(baseName(path));
}

/** Mostly `KEY=value` lines, set or commented out: an env-format file. */
export function looksLikeDotenv(text: string): boolean {
  let entries = 0;
  let other = 0;
  for (const raw of text.split('\n').slice(0, 400)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^#*\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=/.test(line)) entries++;
    else if (!line.startsWith('#')) other++;
  }
  return entries >= 2 && entries >= other * 2;
}

/** Names a documentation page mentions: `UPPER_CASE_WITH_UNDERSCORES`, `` `NAME` ``, `$NAME`, `NAME=`. */
export function docNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)|`([A-Za-z_][A-Za-z0-9_]*)(?:=[^`]*)?`|(?<![\w$.-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w-])|^\s*([A-Z][A-Z0-9_]*)=/gm)) {
    names.add((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  }
  return names;
}

/** An env-format template: what it sets and what its comments document. */
export function templateNames(text: string): Set<string> {
  const names = new Set<string>(parseDotenv(text).byKey.keys());
  for (const name of documentedNames(text).mentioned) names.add(name);
  return names;
}

/** Variables a compose file sets for its services (`environment:` as a list or a map). */
export function composeEnvironment(text: string): Set<string> {
  const names = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)environment\s*:\s*$/.exec(lines[i] as string);
    if (!head) continue;
    const indent = (head[1] as string).length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      if (line.length - line.trimStart().length <= indent) break;
      const entry = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:[=:]|$)/.exec(line);
      if (entry) names.add(entry[1] as string);
    }
  }
  return names;
}

/** Variables a Dockerfile sets with `ENV` (runtime values of the image). */
export function dockerfileEnv(text: string): Set<string> {
  const names = new Set<string>();
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(/^\s*ENV\s+(.+)$/gim)) {
    const body = m[1] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*\s+[^=\s]/.test(body) && !body.includes('=')) names.add(body.split(/\s+/)[0] as string);
    for (const kv of body.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) names.add(kv[1] as string);
  }
  return names;
}
