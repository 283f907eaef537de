import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli/main.js';
import { helpText } from '../src/cli/help.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: process.cwd(), env: {} };
  return { code: await main(args, io), stdout, stderr };
}

/** The long options the CLI's parser accepts, read from its source so that a new option cannot go undocumented. */
function parserOptions(): string[] {
  const source = readFileSync('src/cli/main.ts', 'utf8');
  const block = /parseArgs\(\{[\s\S]*?options: \{([\s\S]*?)\n {6}\},/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s+'?([a-z][a-z-]*)'?: \{ type:/gm)].map((m) => m[1] as string);
}

describe('per-command help', () => {
  it('scan --help, init --help and baseline --help each print their own options and an example', async () => {
    for (const command of ['scan', 'init', 'baseline']) {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(helpText(command));
      expect(run.stdout).toMatch(new RegExp(`^Usage: security-gate ${command} \\[dir\\]`));
      expect(run.stdout).toMatch(/\nExamples:\n {2}security-gate /);
      expect((await cli(['help', command])).stdout).toBe(run.stdout);
      expect((await cli([command, '-h'])).stdout).toBe(run.stdout);
    }
    expect((await cli(['scan', '--help'])).stdout).toContain('--staged');
    expect((await cli(['init', '--help'])).stdout).toContain('--hook NAME');
    expect((await cli(['baseline', '--help'])).stdout).not.toContain('--staged');
    expect((await cli(['--help'])).stdout).toBe(helpText());
    expect((await cli(['help', 'constructor'])).stdout).toBe(helpText());
  });

  it('every option the parser accepts is documented in a command help', () => {
    const options = parserOptions();
    expect(options).toEqual(expect.arrayContaining(['policy', 'format', 'staged', 'pre-push', 'hook', 'version']));
    const all = ['scan', 'init', 'baseline'].map((c) => helpText(c)).join('\n') + helpText();
    // --color is the implicit opposite of --no-color.
    const undocumented = options.filter((o) => o !== 'color' && !all.includes(`--${o}`));
    expect(undocumented).toEqual([]);
  });
});
