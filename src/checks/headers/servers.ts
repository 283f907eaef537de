import { blankComments } from '../../lang/comments.js';
import type { SourceFile } from '../../sources/source-file.js';
import { frameworksOf, GO_SERVES, isManifest, type ServerApp } from './frameworks.js';
import { DJANGO_NAMES, djangoHeaders, emptyDjango, type DjangoFacts } from './sources/django.js';
import { readGo } from './sources/go.js';
import { readPhp } from './sources/php.js';
import { pyAssignments, readPythonSetters } from './sources/python.js';
import { emptyRails, railsHeaders, readRails, readRubySetters, type RailsFacts } from './sources/rails.js';
import { readTalisman } from './sources/talisman.js';
import type { Collected } from './types.js';

/** Server code and manifests beyond JavaScript that bear on headers. */
export const SERVER_SOURCE = /\.(?:py|rb|php|go)$|(?:^|\/)Gemfile\.lock$/;

/** Words that make a server file worth reading even when it names no tracked header. */
const SERVER_WORDS = /SECURE_|X_FRAME_OPTIONS|CSP_|CONTENT_SECURITY_POLICY|PERMISSIONS_POLICY|MIDDLEWARE|INSTALLED_APPS|flask_talisman|Flask\(|\bFastAPI\(|\bStarlette\(|force_ssl|ssl_options|content_security_policy|permissions_policy|feature_policy|default_headers|load_defaults|Rails::Application|SecureHeaders|secure\.(?:New|Options|Config|DefaultConfig)|middleware\.Secure|helmet\.New|ListenAndServe|http\.Server\s*\{/;

export function isServerFile(path: string): boolean {
  return SERVER_SOURCE.test(path) || isManifest(path);
}

/** The cheap test before reading: a manifest, or a server file that names a header or a framework setting. */
export function serverFileBears(path: string, text: string, mention: RegExp): boolean {
  if (isManifest(path) || /(?:^|\/)Gemfile\.lock$/.test(path)) return true;
  return mention.test(text) || SERVER_WORDS.test(text);
}

const READERS: Record<string, string> = {
  Flask: 'Flask after_request hooks, Flask-Talisman',
  FastAPI: 'FastAPI/Starlette middleware',
  Starlette: 'FastAPI/Starlette middleware',
  Laravel: 'Laravel middleware',
  Go: 'Go middleware and handlers, secure/helmet middleware',
};

export interface ServerState {
  apps: ServerApp[];
  django: DjangoFacts;
  rails: RailsFacts;
  railsFiles: number;
}

/** How much a state holds, to tell whether a file added anything. */
export function serverSize(s: ServerState): number {
  const r = s.rails;
  return s.apps.length + s.django.assignments.length + s.django.settingsFiles.length + s.railsFiles + r.forceSsl.length + r.headers.length + [r.version, r.application, r.hsts, r.csp, r.cspReportOnly, r.nonce, r.permissions, r.secureHeaders].filter((x) => x !== undefined).length;
}

export function emptyServers(): ServerState {
  return { apps: [], django: emptyDjango(), rails: emptyRails(), railsFiles: 0 };
}

/** Reads one server file or manifest into the state and the collected settings. */
export function visitServerFile(file: SourceFile, tracked: ReadonlySet<string>, state: ServerState, out: Collected): void {
  const path = file.path;
  if (isManifest(path)) {
    state.apps.push(...frameworksOf(path, file.text));
    return;
  }
  if (path.endsWith('.py')) {
    const text = blankComments(path, file.text);
    readPythonSetters(file, tracked, out);
    readTalisman(file, out);
    const assignments = pyAssignments(file, text).filter((a) => DJANGO_NAMES.test(a.name));
    state.django.assignments.push(...assignments);
    if (/\bdjango\b/.test(text) && /^\s*(?:INSTALLED_APPS|MIDDLEWARE)\s*[:=]/m.test(text)) state.django.settingsFiles.push({ path, line: 1 });
    const app = /\b(FastAPI|Starlette)\(|\b(\w*Flask)\(\s*(?:__name__|import_name)/.exec(text);
    if (app && (app[1] || app[2] === 'Flask' || new RegExp(`^class\\s+${app[2]}\\(\\s*Flask\\s*\\)`, 'm').test(text))) {
      state.apps.push({ framework: app[1] ?? 'Flask', path, readable: true, line: file.position(app.index).line });
    }
  } else if (path.endsWith('.rb') || /(?:^|\/)Gemfile\.lock$/.test(path)) {
    readRails(file, state.rails);
    if (path.endsWith('.rb')) readRubySetters(file, tracked, out);
    if (/(?:^|\/)config\/application\.rb$/.test(path)) state.railsFiles++;
  } else if (path.endsWith('.php')) {
    readPhp(file, tracked, out);
  } else if (path.endsWith('.go')) {
    readGo(file, tracked, out);
    const serves = GO_SERVES.exec(file.text);
    if (serves) state.apps.push({ framework: 'Go', path, readable: true, line: file.position(serves.index).line });
  }
}

/** After every file: the settings that come from framework configuration read over several files. */
export function finishServers(state: ServerState, out: Collected): void {
  const has = (framework: string) => state.apps.some((a) => a.framework === framework);
  for (const framework of new Set(state.apps.filter((a) => a.readable).map((a) => a.framework))) {
    const reader = READERS[framework];
    if (reader) out.readers.push(reader);
  }
  if (state.django.settingsFiles.length) {
    djangoHeaders(state.django, out);
    if (!has('Django')) state.apps.push({ framework: 'Django', path: state.django.settingsFiles[0]?.path ?? '', readable: true });
  }
  else if (has('Django')) state.apps = state.apps.map((a) => (a.framework === 'Django' ? { ...a, framework: 'Django (no settings module with MIDDLEWARE found)', readable: false } : a));
  if (has('Rails') || state.railsFiles) {
    railsHeaders(state.rails, out);
    if (!has('Rails')) state.apps.push({ framework: 'Rails', path: 'config/application.rb', readable: true });
  }
}
