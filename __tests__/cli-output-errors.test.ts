import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAction } from './helpers/action.js';
import { makeRepo } from './helpers/repo.js';

// The shipped CLI bundle, with its real stdout: a file that is full, a pipe whose reader has gone.
let cli = '';
beforeAll(() => {
  cli = join(dirname(buildAction()), 'cli.js');
});

const POLICY = 'version: 1\nlimits:\n  max-findings-per-file: 100000\nchecks:\n  env: {}\n';
/** Thousands of findings: a report far larger than a pipe's buffer. */
const noisy = () => makeRepo({ 'security-policy.yml': POLICY, '.env.example': 'A=\n'.repeat(3000) });
const clean = () => makeRepo({ 'security-policy.yml': POLICY, 'src/a.ts': 'export const a = 1;\n' });

/** Runs a shell pipeline and returns the exit code of its first command, as bash's PIPESTATUS has it. */
function pipeline(command: string, args: string[]) {
  const run = spawnSync('bash', ['-c', `${command}; echo "status=\${PIPESTATUS[0]}"`, 'sh', ...args], { encoding: 'utf8' });
  const status = Number(/status=(\d+)/.exec(run.stdout)?.[1]);
  return { status, stdout: run.stdout, stderr: run.stderr };
}

function expectOneLine(stderr: string, code: string) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^security-gate: cannot write the output: .*\\(${code}\\)$`));
  expect(stderr).not.toMatch(/\n\s+at |node:events|Unhandled/);
}

describe.runIf(process.platform !== 'win32')('a report that cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('> /dev/full: exit 2 and one line, for a failing and for a passing gate', () => {
    for (const [root, format] of [[noisy(), 'json'], [noisy(), 'console'], [clean(), 'sarif']] as const) {
      const run = pipeline('node "$1" scan "$2" --format "$3" > /dev/full', [cli, root, format]);
      expect(run.status, `${format}: ${run.stderr}`).toBe(2);
      expectOneLine(run.stderr, 'ENOSPC');
    }
  });

  it('| head: the reader closes the pipe early, exit 2 and one line', () => {
    const json = pipeline('node "$1" scan "$2" --format json | head -c 100 > /dev/null', [cli, noisy()]);
    expect(json.status, json.stderr).toBe(2);
    expectOneLine(json.stderr, 'EPIPE');
    const text = pipeline('node "$1" scan "$2" | head -1', [cli, noisy()]);
    expect(text.status, text.stderr).toBe(2);
    expect(text.stdout).toMatch(/^Security Gate /);
    expectOneLine(text.stderr, 'EPIPE');
  });

  it('a reader that takes everything still gets the verdict as the exit code', () => {
    const run = pipeline('node "$1" scan "$2" --format json | cat > /dev/null', [cli, noisy()]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toBe('');
  });

  it.runIf(existsSync('/dev/full'))('--output /dev/full is an I/O error too (exit 2, one line)', () => {
    const run = pipeline('node "$1" scan "$2" --format json --output /dev/full', [cli, noisy()]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^security-gate: .*ENOSPC/)]);
  });
});
