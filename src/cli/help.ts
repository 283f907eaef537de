import { CHECK_OPTIONS } from '../checks/index.js';
import { REPORTERS } from '../reporters/index.js';
import { VERSION } from '../version.js';

const EXIT_CODES = 'Exit codes: 0 the gate passed, 1 the gate failed, 2 usage or policy error.';

/** The checks' own options, in the column layout of the rest: the flag, then its help. */
function checkOptions(): string {
  return CHECK_OPTIONS.filter((o) => o.cli !== false).flatMap((o) => {
    const flag = `      --${o.name}${o.value ? ` ${o.value}` : ''}`;
    const [first = '', ...rest] = o.help;
    return [`${flag.length < 24 ? flag.padEnd(24) : `${flag}  `}${first}`, ...rest.map((line) => `${' '.repeat(24)}${line}`)];
  }).join('\n');
}

const GLOBAL = () => `security-gate ${VERSION}: a security checklist as a pull-request gate

Usage:
  security-gate scan [dir] [options]       scan a repository (default: the current directory)
  security-gate init [dir] [options]       write a starter security-policy.yml, or install a git hook
  security-gate baseline [dir] [options]   record today's findings so that only new ones fail
  security-gate <command> --help           the options of a command, with examples
  security-gate --help | --version

${EXIT_CODES}
`;

const SCAN = () => `Usage: security-gate scan [dir] [options]

Scans a repository (default: the current directory) against its security-policy.yml and prints the
report. Inside git, the files git lists (tracked, and untracked ones that are not ignored).

What to scan (default: the working tree, every file):
      --base REF        scan as a pull request from REF (e.g. origin/main) to --head: what it changes
      --head REF        the head of that range (default: HEAD)
      --staged          what is about to be committed: git's index, not the working tree (pre-commit)
      --pre-push        the commits a push sends, read from a pre-push hook's standard input (at a
                        terminal: the current branch's commits that its upstream does not have)

Options:
  -p, --policy FILE     policy file (default: security-policy.yml, then .github/security-policy.yml)
      --policy-source S head (default): the working tree's policy; base: the --base commit's policy
                        judges, and how the working tree's policy weakens it is reported
  -f, --format FORMAT   ${REPORTERS.map((r) => r.id).join(' | ')} (default: console)
  -o, --output FILE     write the report to FILE instead of stdout
      --fail-on LEVEL   error | warning | notice | none (overrides the policy)
${checkOptions()}
      --verify-cache FILE  keep secret verification's verdicts between runs in FILE, outside the
                        repository (keyed by an HMAC whose key sits beside it, never the secret)
      --threads N       worker threads for big scans (default: auto, one per core up to 4; 1: none)
      --no-color        never colour the console output (also: NO_COLOR)
  -v, --verbose         explain what is being done, on stderr
  -h, --help            this help

Examples:
  security-gate scan
  security-gate scan --base origin/main            the pull request gate, before pushing
  security-gate scan --staged                      in a pre-commit hook
  security-gate scan --format sarif --output security-gate.sarif
  security-gate scan --verify                      which of the secrets found are live
  security-gate scan --verify                      which of the secrets found are live

${EXIT_CODES}
`;

const INIT = () => `Usage: security-gate init [dir] [options]

Writes a starter security-policy.yml suited to the repository (the presets it fits, its tests, its env
example, one audit report per lockfile or project with the workflow step that writes it), each part with
a comment saying why; or with --hook installs a git hook that runs the gate. Neither replaces an existing
file unless --force is given for the policy; an existing hook is never replaced.

Options:
      --force           overwrite an existing security-policy.yml
      --hook NAME       install .git/hooks/NAME instead of writing a policy: pre-commit (scan --staged)
                        or pre-push (scan --pre-push)
  -h, --help            this help

Examples:
  security-gate init
  security-gate init --hook pre-commit

${EXIT_CODES}
`;

const BASELINE = () => `Usage: security-gate baseline [dir] [options]

Scans the repository and records the fingerprints of today's findings, so that they stop failing the
gate and only new findings do. Regenerating keeps accepted findings that still occur.

Options:
  -o, --output FILE     where to write it (default: the policy's baseline, else
                        .security-gate/baseline.json)
  -p, --policy FILE     policy file (default: security-policy.yml, then .github/security-policy.yml)
${checkOptions()}
      --threads N       worker threads for big scans (default: auto; 1: none)
  -v, --verbose         explain what is being done, on stderr
  -h, --help            this help

Examples:
  security-gate baseline
  security-gate baseline --output .security-gate/baseline.json

${EXIT_CODES}
`;

const COMMANDS: Record<string, () => string> = { scan: SCAN, init: INIT, baseline: BASELINE };

/** The help of a command, or the overview for none (or one that does not exist). */
export function helpText(command?: string): string {
  return command !== undefined && Object.hasOwn(COMMANDS, command) ? (COMMANDS[command] as () => string)() : GLOBAL();
}
