import recommended from '../../presets/recommended.yml?raw';

/** Built-in presets by name: plain YAML files under presets/, embedded in the bundle. */
export const PRESETS: Readonly<Record<string, string>> = {
  recommended,
};

export const DEFAULT_EXTENDS = ['recommended'];
