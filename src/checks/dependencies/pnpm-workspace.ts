import { parse } from 'yaml';
import { isObject } from './formats/shape.js';
import { forcedVersions } from './manifest.js';

/** What `pnpm-workspace.yaml` says about the workspace's dependencies. */
export interface PnpmWorkspace {
  packages: string[];
  /** Catalogs by name (`default` for `catalog:`), each a package name → range. */
  catalogs: Map<string, Map<string, string>>;
  /** Packages `overrides` forces for the whole workspace, by name. */
  overrides: Map<string, string>;
  /** `sharedWorkspaceLockfile: false`: every workspace package keeps a lockfile of its own. */
  sharedLockfile: boolean;
}

function rangesOf(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isObject(value)) for (const [name, range] of Object.entries(value)) if (typeof range === 'string') out.set(name, range);
  return out;
}

/** Reads pnpm-workspace.yaml; an unreadable file names no packages and changes nothing. */
export function parsePnpmWorkspace(text: string | undefined): PnpmWorkspace {
  let data: unknown;
  try {
    data = text === undefined ? undefined : parse(text, { logLevel: 'error' });
  } catch {
    data = undefined;
  }
  const doc = isObject(data) ? data : {};
  const catalogs = new Map<string, Map<string, string>>();
  if (isObject(doc.catalog)) catalogs.set('default', rangesOf(doc.catalog));
  if (isObject(doc.catalogs)) {
    for (const [name, entries] of Object.entries(doc.catalogs)) {
      const ranges = rangesOf(entries);
      catalogs.set(name, new Map([...(catalogs.get(name) ?? []), ...ranges]));
    }
  }
  return {
    packages: Array.isArray(doc.packages) ? doc.packages.filter((p): p is string => typeof p === 'string') : [],
    catalogs,
    overrides: forcedVersions(doc.overrides),
    sharedLockfile: doc.sharedWorkspaceLockfile !== false,
  };
}

/** `catalog:` and `catalog:name`: the catalog a spec names, or undefined for any other spec. */
export function catalogOf(spec: string): string | undefined {
  const m = /^catalog:(.*)$/.exec(spec.trim());
  return m ? (m[1] as string).trim() || 'default' : undefined;
}
