/**
 * Splits a shell script (a workflow `run:` block, a package.json script, a Makefile recipe) into simple
 * commands and their words. Quotes are removed, `${{ … }}` expressions stay one word, comments are dropped.
 * It does not expand anything: it only needs to see which programs a script calls.
 */
export function shellCommands(script: string): string[][] {
  const text = script.replace(/\\\r?\n/g, ' ');
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '$' && text[i + 1] === '{' && text[i + 2] === '{') {
      const close = text.indexOf('}}', i + 3);
      const end = close === -1 ? text.length : close + 2;
      word += text.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          word += text[j + 1];
          j += 2;
          continue;
        }
        word += text[j];
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')' || ch === '`') {
      endCommand();
      i++;
      continue;
    }
    if (ch === '$' && text[i + 1] === '(') {
      endCommand();
      i += 2;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
      continue;
    }
    word += ch;
    inWord = true;
    i++;
  }
  endCommand();
  return commands;
}

/** A program name without its directory or Windows suffix: `./node_modules/.bin/jest.cmd` → `jest`. */
export function programName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return base.replace(/\.(cmd|exe|bat|ps1)$/i, '');
}

/** Commands that only print or exit: a script made of these runs no tests. */
const NO_OP = new Set(['echo', 'exit', 'true', 'false', ':', 'printf']);

/** True when a script does nothing but print or exit (npm's placeholder, `exit 0`, `true`, ""). */
export function isPlaceholderScript(script: string): boolean {
  const commands = shellCommands(script);
  return commands.every((words) => NO_OP.has(programName(words[0] as string)));
}
