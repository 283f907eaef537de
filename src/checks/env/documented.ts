/**
 * What an env file documents beyond the variables it sets: commented-out entries (`# NAME=`,
 * `#NAME=value`, `# NAME=value # optional`) and the names its comments talk about (`$NAME`, `` `NAME` ``,
 * `SOME_NAME`). A deployer reading the example learns about those too, so they count as listed.
 */
const ENTRY = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]/;
/** Names in prose: `$NAME`, `${NAME}`, `` `NAME` ``, or an UPPER_CASE word with an underscore. */
const MENTION = /\$\{?([A-Za-z_][A-Za-z0-9_]*)|`([A-Za-z_][A-Za-z0-9_]*)`|(?<![\w$.-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w-])/g;

export interface Documented {
  /** Names of commented-out entries, as written. */
  commented: Set<string>;
  /** Names mentioned in comments (entries included). */
  mentioned: Set<string>;
}

export function documentedNames(text: string): Documented {
  const commented = new Set<string>();
  const mentioned = new Set<string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trimStart();
    if (!line.startsWith('#')) continue;
    const body = line.replace(/^#+\s*/, '');
    const entry = ENTRY.exec(body);
    // `# Note: …` is prose; an entry's separator is `=`, or `:` followed by a value (`# PORT: 3000`) in UPPER_CASE.
    if (entry && (body[entry[0].length - 1] === '=' || /^[A-Z][A-Z0-9_]*$/.test(entry[1] as string))) commented.add(entry[1] as string);
    for (const m of body.matchAll(MENTION)) mentioned.add((m[1] ?? m[2] ?? m[3]) as string);
  }
  for (const name of commented) mentioned.add(name);
  return { commented, mentioned };
}
