// Literal defaults of secrets that are meant to come from the environment: `process.env.X ?? "…"`,
// `os.getenv("X", "…")`, `ENV.fetch("X", "…")`, `${X:-…}` in compose files and scripts, `ENV X …` in a
// Dockerfile. Whoever runs without setting X runs with the committed value, so it is as good as committed.
import type { SecretRule } from '../types.js';
import { KEY, KEYWORDS, generic } from './generic.js';

/** A quoted literal of 8 to 200 characters. */
const QUOTED = '(?<q>["\'`])(?<secret>[^\\s"\'`\\\\]{8,200})\\k<q>';
export const DEPLOY_WHY = 'A default baked into a deployment template: whoever deploys without setting it runs with this published value.';
const DOCKERFILES = ['Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile'];
/** Secrets a deployment signs or encrypts with, so that a published one forges sessions or reads data. */
const SIGNING = '(?:[A-Za-z0-9_]{0,40}_|)(?:SECRET_KEY_BASE|SECRET_KEY|SECRET|(?:NEXTAUTH|AUTH|JWT|SESSION|COOKIE|APP|SIGNING|ENCRYPTION|MASTER|HMAC)_(?:SECRET|KEY))';

export const DEFAULT_RULES: SecretRule[] = [
  generic({
    id: 'secrets/env-fallback',
    title: 'Hard-coded fallback of a secret read from the environment',
    keywords: KEYWORDS,
    before: 90,
    pattern: new RegExp(`\\b(?:process|import\\.meta)\\.env(?:\\.|\\[\\s{0,2}["'])(?<key>${KEY})(?:["']\\s{0,2}\\]|)\\s{0,4}(?:\\?\\?|\\|\\|)\\s{0,4}${QUOTED}`, 'i'),
    entropy: 3,
  }),
  generic({
    id: 'secrets/env-default',
    title: 'Hard-coded default of a secret read from the environment',
    keywords: KEYWORDS,
    before: 100,
    // os.getenv("X", "…"), os.environ.get("X", "…"), ENV.fetch("X", "…"), ENV.fetch("X") { "…" }, getEnv("X", "…"), env("X", "…")
    pattern: new RegExp(`\\b(?:getenv|get_?env|environ\\.get|fetch|env)\\(\\s{0,4}["'](?<key>${KEY})["']\\s{0,4}(?:,|\\)\\s{0,4}\\{)\\s{0,4}${QUOTED}`, 'i'),
    entropy: 3,
  }),
  generic({
    id: 'secrets/template-default',
    title: 'Secret default in a template (`${X:-…}`)',
    keywords: KEYWORDS,
    requires: ':-',
    pattern: new RegExp(`\\$\\{(?<key>${KEY}):-(?<secret>[^\\s}"'$\`]{8,200})\\}`, 'i'),
    entropy: 3,
    why: DEPLOY_WHY,
  }),
  generic({
    id: 'secrets/dockerfile-env-secret',
    title: 'Secret baked into a Docker image (`ENV`/`ARG`)',
    keywords: KEYWORDS,
    paths: DOCKERFILES,
    before: 256,
    pattern: new RegExp(`^[ \\t]{0,8}(?:ENV|ARG)[ \\t]{1,8}(?<key>${KEY})[ \\t]{1,8}(?<secret>[^\\s"'#$]{8,200})[ \\t]{0,8}$`, 'im'),
    entropy: 3,
    why: DEPLOY_WHY,
  }),
  {
    id: 'secrets/signing-key-default',
    title: 'Default signing or encryption secret in a template (`${SECRET_KEY_BASE:-…}`)',
    provider: 'Deployment template',
    keywords: ['secret', '_key'],
    requires: ':-',
    // Any literal counts, weak ones too: a published signing key forges sessions whatever it looks like.
    pattern: new RegExp(`\\$\\{(?<key>${SIGNING}):-(?<secret>[^\\s}"'$\`]{4,200})\\}`, 'i'),
    anyValue: true,
    confidence: 'medium',
    why: DEPLOY_WHY,
    docs: 'https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/',
  },
];
