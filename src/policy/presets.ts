import nextjs from '../../presets/nextjs.yml?raw';
import recommended from '../../presets/recommended.yml?raw';
import webApp from '../../presets/web-app.yml?raw';

/** Built-in presets by name: plain YAML files under presets/, embedded in the bundle. */
export const PRESETS: Readonly<Record<string, string>> = {
  recommended,
  nextjs,
  'web-app': webApp,
};

export const DEFAULT_EXTENDS = ['recommended'];
