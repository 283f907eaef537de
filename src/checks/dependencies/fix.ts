import type { Located } from './enrich.js';

export interface FixAdvice {
  /** A shell command to run in the project's directory, when there is one. */
  command?: string;
  /** The advice in words (Markdown). */
  text: string;
}

/**
 * Upgrading a direct dependency happens in the directory of the package.json that declares it; other
 * fixes (audit fix, overrides) at the lockfile.
 */
function inDir(located: Located, command: string, declared?: string): string {
  const manifest = located.manifest;
  const own = declared && manifest?.dependencies.some((d) => d.name === declared) ? manifest.dir : undefined;
  const dir = own ?? located.project?.dir ?? '';
  return dir ? `(cd ${dir} && ${command})` : command;
}

/** Another ecosystem's fix: its package manager's upgrade of the one package, in the project's directory. */
function otherAdvice(located: Located): FixAdvice {
  const { v, manager, other } = located;
  const version = v.fix?.available ? v.fix.version : undefined;
  const at = (command: string) => (other?.dir ? `(cd ${other.dir} && ${command})` : command);
  const to = version ? ` to ${version} or later` : '';
  if (v.advisory.key.startsWith('insecure-source:')) return { text: `Fetch gems over HTTPS: \`source "https://rubygems.org"\` in the Gemfile, then \`bundle lock\`.` };
  if (!version) return { text: `No fixed version of \`${v.package}\` is known to the report: remove or replace it, or accept the risk with an \`allow\` entry that has a reason and an expiry date.` };
  if (v.ecosystem === 'Go') {
    if (v.package === 'stdlib') return { text: `Build with Go ${version} or later: raise the \`go\`/\`toolchain\` line of go.mod and the Go version of CI and of the release build.` };
    return { command: at(`go get ${v.package}@v${version} && go mod tidy`), text: `Upgrade \`${v.package}\`${to}.` };
  }
  const commands: Record<string, string> = {
    uv: `uv lock --upgrade-package ${v.package}`,
    poetry: `poetry update ${v.package}`,
    pipenv: `pipenv update ${v.package}`,
    pdm: `pdm update ${v.package}`,
    bundler: `bundle update --conservative ${v.package}`,
    composer: `composer update ${v.package} --with-dependencies`,
    cargo: `cargo update -p ${v.package}`,
  };
  const command = commands[manager];
  if (command) return { command: at(command), text: `Upgrade \`${v.package}\`${to}; if a requirement in the manifest does not allow it, raise that requirement first.` };
  return { text: `Require \`${v.package}>=${version}\` where the project pins its dependencies (${other?.manifest ?? 'requirements'}), and reinstall.` };
}

/** How to fix one advisory with the project's package manager. */
export function fixAdvice(located: Located): FixAdvice {
  const { v, manager } = located;
  if (v.ecosystem && v.ecosystem !== 'npm') return otherAdvice(located);
  const fix = v.fix;
  if (!fix?.available) {
    return { text: `No fixed version of \`${v.package}\` is published${v.advisory.patchedRange ? ` (patched: \`${v.advisory.patchedRange}\`)` : ''}: remove or replace the dependency, or accept the risk with an \`allow\` entry that has a reason and an expiry date.` };
  }
  const major = fix.semverMajor ? ' This is a semver-major upgrade: check the changelog for breaking changes.' : '';
  const direct = v.direct === true && v.paths.some((p) => !p.includes('>'));
  const target = fix.name ?? v.package;
  const version = fix.version;
  if (manager === 'npm') {
    if (fix.fromReport && fix.name && version) {
      const through = fix.name !== v.package ? ` (which brings a fixed \`${v.package}\`)` : '';
      return { command: inDir(located, `npm install ${fix.name}@${version}`, fix.name), text: `Upgrade \`${fix.name}\` to ${version}${through}.${major}` };
    }
    if (direct && version) return { command: inDir(located, `npm install ${target}@${version}`, target), text: `Upgrade \`${target}\` to ${version}.${major}` };
    if (version) {
      return {
        command: inDir(located, 'npm audit fix'),
        text: `Run \`npm audit fix\`; if the parents' ranges do not allow ${version}, add \`"overrides": { "${v.package}": "^${version}" }\` to package.json.${major}`,
      };
    }
    return { command: inDir(located, 'npm audit fix'), text: `Run \`npm audit fix\`.${major}` };
  }
  if (manager === 'pnpm') {
    if (direct && version) return { command: inDir(located, `pnpm update ${v.package}@^${version}`, v.package), text: `Upgrade \`${v.package}\` to ^${version}.${major}` };
    return { command: inDir(located, 'pnpm audit --fix'), text: `Run \`pnpm audit --fix\` (it adds \`pnpm.overrides\` for \`${v.package}\`${version ? ` ≥ ${version}` : ''}), then \`pnpm install\`.${major}` };
  }
  if (manager === 'bun') {
    if (direct && version) return { command: inDir(located, `bun add ${v.package}@^${version}`, v.package), text: `Upgrade \`${v.package}\` to ^${version}.${major}` };
    return { text: `Add \`"overrides": { "${v.package}": "^${version ?? 'fixed'}" }\` to package.json and run \`bun install\`.${major}` };
  }
  if (manager === 'yarn-classic') {
    if (direct && version) return { command: inDir(located, `yarn upgrade ${v.package}@^${version}`, v.package), text: `Upgrade \`${v.package}\` to ^${version}.${major}` };
    return {
      text: `Add \`"resolutions": { "${v.package}": "^${version ?? 'fixed'}" }\` to package.json and run \`yarn install\` (Yarn 1 cannot upgrade a transitive dependency past its parent's range).${major}`,
    };
  }
  if (direct && version) return { command: inDir(located, `yarn up ${v.package}@^${version}`, v.package), text: `Upgrade \`${v.package}\` to ^${version}.${major}` };
  return { command: inDir(located, `yarn up -R ${v.package}`), text: `Run \`yarn up -R ${v.package}\`; if the parents' ranges do not allow${version ? ` ${version}` : ' a fixed version'}, add it to \`resolutions\`.${major}` };
}
