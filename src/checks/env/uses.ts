import type { CheckContext } from '../../core/check.js';
import { isGlob } from './names.js';
import type { RequiredEntry } from './settings.js';

/** package.json files of the repository's own code (not vendored, not examples or fixtures). */
const NOT_OWN = /(?:^|\/)(?:node_modules|vendor|examples?|fixtures?|__fixtures__|templates?|testdata)\//i;

/** The package names every package.json of the repository declares, in any dependency field. */
async function declaredPackages(ctx: Pick<CheckContext, 'files' | 'readText'>): Promise<Set<string>> {
  const names = new Set<string>();
  for (const f of ctx.files) {
    if (f.kind !== 'file' || !(f.path === 'package.json' || f.path.endsWith('/package.json')) || NOT_OWN.test(f.path)) continue;
    let data: unknown;
    try {
      data = JSON.parse((await ctx.readText(f.path))?.text ?? '');
    } catch {
      continue;
    }
    if (!data || typeof data !== 'object') continue;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = (data as Record<string, unknown>)[field];
      if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
    }
  }
  return names;
}

/** The name a `required` entry stands for. */
export function requiredName(entry: RequiredEntry): string {
  return typeof entry === 'string' ? entry : entry.name;
}

/**
 * The `required` entries that apply: plain names always, `{name, when: {uses: [...]}}` when a
 * package.json of the repository declares one of the packages. For the others, why they do not apply:
 * a requirement whose condition is not seen is not evaluated, never passed nor failed. An entry left out
 * keeps its place as an empty string, so that positions still point at the policy's lines.
 */
export async function applicableRequired(ctx: Pick<CheckContext, 'files' | 'readText'>, entries: readonly RequiredEntry[]): Promise<{ names: string[]; skipped: string[] }> {
  if (entries.every((e) => typeof e === 'string')) return { names: entries as string[], skipped: [] };
  const declared = await declaredPackages(ctx);
  const names: string[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      names.push(entry);
      continue;
    }
    const uses = entry.when?.uses ?? [];
    if (!uses.length || uses.some((u) => declared.has(u))) {
      names.push(entry.name);
      continue;
    }
    names.push('');
    const what = isGlob(entry.name) ? `variables matching \`${entry.name}\`` : `\`${entry.name}\``;
    skipped.push(`the policy requires ${what} in the example only when the app uses ${uses.map((u) => `\`${u}\``).join(' or ')}, which no package.json declares`);
  }
  return { names, skipped };
}
