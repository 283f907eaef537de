import picomatch from 'picomatch';

/**
 * Variables the platform, the runtime or a tool sets: code may read them, but nobody lists them in an
 * example file. Globs over names (`*` any characters).
 */
export const PLATFORM_VARIABLES: readonly string[] = [
  // Node, npm and the shell
  'NODE_ENV', 'NODE_OPTIONS', 'NODE_DEBUG', 'NODE_EXTRA_CA_CERTS', 'NODE_APP_INSTANCE', 'NODE_PATH', 'NODE_V8_COVERAGE', 'npm_*', 'INIT_CWD',
  'HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'USERNAME', 'LOGNAME', 'SHELL', 'TERM', 'COLORTERM', 'LANG', 'LANGUAGE', 'LC_*', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'HOSTNAME', 'EDITOR', 'VISUAL', 'PAGER', 'XDG_*', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMFILES', 'SYSTEMROOT', 'COMSPEC', 'WINDIR',
  // Windows spells its variables in mixed case and reads them case-insensitively
  'AppData', 'LocalAppData', 'UserProfile', 'ProgramData', 'PROGRAMDATA', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'SystemRoot', 'SystemDrive', 'windir', 'ALLUSERSPROFILE', 'COMPUTERNAME', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE',
  'FORCE_COLOR', 'NO_COLOR', 'CI', 'PORT', 'DEBUG_COLORS',
  // Proxies, set by the network the process runs in (curl, npm and Node's fetch read them too)
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  // CI services
  // GitHub Actions' default variables, by name: GITHUB_ID / GITHUB_SECRET of an OAuth app are the project's own.
  'GITHUB_ACTIONS', 'GITHUB_ACTION', 'GITHUB_ACTION_*', 'GITHUB_ACTOR', 'GITHUB_ACTOR_ID', 'GITHUB_API_URL', 'GITHUB_BASE_REF', 'GITHUB_ENV', 'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH', 'GITHUB_GRAPHQL_URL', 'GITHUB_HEAD_REF', 'GITHUB_JOB', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_REF', 'GITHUB_REF_*', 'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_*', 'GITHUB_RETENTION_DAYS', 'GITHUB_RUN_ID', 'GITHUB_RUN_NUMBER', 'GITHUB_RUN_ATTEMPT', 'GITHUB_SERVER_URL', 'GITHUB_SHA', 'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY', 'GITHUB_TRIGGERING_ACTOR', 'GITHUB_WORKFLOW', 'GITHUB_WORKFLOW_*', 'GITHUB_WORKSPACE', 'GITHUB_TOKEN', 'GITHUB_OUTPUT',
  'RUNNER_*', 'ACTIONS_*', 'GITLAB_CI', 'CI_*', 'BUILDKITE*', 'CIRCLECI', 'CIRCLE_*', 'TRAVIS*', 'JENKINS_URL', 'BUILD_NUMBER', 'BITBUCKET_*', 'TF_BUILD', 'CODEBUILD_*', 'DRONE*',
  // Hosting platforms
  'VERCEL', 'VERCEL_*', 'NEXT_PUBLIC_VERCEL_*',
  // Set by Vercel's storage integrations when a store is connected (Postgres/Neon, KV, Blob, Edge Config)
  'POSTGRES_URL', 'POSTGRES_URL_NON_POOLING', 'POSTGRES_URL_NO_SSL', 'POSTGRES_PRISMA_URL', 'DATABASE_URL_UNPOOLED', 'KV_URL', 'KV_REST_API_URL', 'KV_REST_API_TOKEN', 'KV_REST_API_READ_ONLY_TOKEN', 'BLOB_READ_WRITE_TOKEN', 'EDGE_CONFIG', 'NEXT_RUNTIME', 'NEXT_PHASE', 'NEXT_TELEMETRY_DISABLED', '__NEXT_*', 'NETLIFY', 'NETLIFY_*', 'CF_PAGES*', 'RENDER', 'RENDER_*', 'RAILWAY_*', 'FLY_*', 'DYNO', 'HEROKU_*',
  'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'AWS_LAMBDA_*', 'AWS_EXECUTION_ENV', 'ECS_CONTAINER_METADATA_URI', 'ECS_CONTAINER_METADATA_URI_V4', 'ECS_AGENT_URI', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'KUBERNETES_*', 'CODESPACES', 'CODESPACE_NAME', 'GITPOD_*', 'REPL_*', 'DENO_DEPLOYMENT_ID', 'DENO_REGION',
  // Test runners
  'JEST_WORKER_ID', 'VITEST', 'VITEST_*', 'PLAYWRIGHT_*', 'CYPRESS_*', 'TEST_WORKER_INDEX', 'TEST_PARALLEL_INDEX', 'PYTEST_CURRENT_TEST', 'PYTEST_*',
  // Language toolchains
  'CARGO', 'CARGO_*', 'OUT_DIR', 'RUSTC', 'RUSTC_*', 'RUSTFLAGS', 'RUST_LOG', 'RUST_BACKTRACE', 'HOST',
  'GOOS', 'GOARCH', 'GOPATH', 'GOROOT', 'GOFLAGS', 'GOMAXPROCS', 'GOCACHE',
  'VIRTUAL_ENV', 'CONDA_*', 'PYTHON*', 'DJANGO_SETTINGS_MODULE', 'WERKZEUG_*',
  'JAVA_HOME', 'JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'MAVEN_OPTS', 'GRADLE_*', 'BUNDLE_*', 'GEM_HOME', 'GEM_PATH', 'RUBYOPT', 'RAILS_ENV', 'RACK_ENV', 'RAILS_MAX_THREADS', 'WEB_CONCURRENCY',
  'COMPOSER_*', 'PHP_*',
];

/** Names only Vite (and frameworks on it) defines under `import.meta.env`; elsewhere they are ordinary names. */
export const VITE_BUILTINS: readonly string[] = ['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'SITE', 'ASSETS_PREFIX'];

/**
 * Variables read by a library rather than by the project's own code (an SDK's default credential chain,
 * Auth.js, Sentry's build plugin). Listed in an example they are not "unused".
 */
export const LIBRARY_VARIABLES: readonly string[] = [
  'NEXTAUTH_URL', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL_INTERNAL', 'AUTH_SECRET', 'AUTH_URL', 'AUTH_TRUST_HOST', 'AUTH_*_ID', 'AUTH_*_SECRET', 'AUTH_*_ISSUER', 'AUTH_*_KEY',
  'SENTRY_DSN', 'SENTRY_AUTH_TOKEN', 'SENTRY_ORG', 'SENTRY_PROJECT', 'SENTRY_ENVIRONMENT', 'SENTRY_RELEASE', 'NEXT_PUBLIC_SENTRY_DSN',
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL*',
  'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID',
  'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY', 'MISTRAL_API_KEY', 'COHERE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'HF_TOKEN',
  'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSSLMODE', 'POSTGRES_*', 'MYSQL_*', 'MONGO_INITDB_*', 'REDIS_PASSWORD',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'DEBUG', 'LOG_LEVEL', 'NODE_TLS_REJECT_UNAUTHORIZED',
  'DATABASE_URL', 'DIRECT_URL', 'SHADOW_DATABASE_URL', 'PRISMA_*', 'ANALYZE', 'TURBO_TOKEN', 'TURBO_TEAM', 'TURBO_*',
  'UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'KV_*', 'BLOB_READ_WRITE_TOKEN', 'POSTGRES_URL*', 'EDGE_CONFIG',
  'STRIPE_API_VERSION', 'DOCKER_*', 'COMPOSE_*', 'SKIP_ENV_VALIDATION',
];

/** Prefixes frameworks inline into browser bundles. */
export const PUBLIC_PREFIXES: readonly string[] = [
  'NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'PUBLIC_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'GATSBY_', 'VUE_APP_', 'STORYBOOK_', 'NG_APP_', 'SANITY_STUDIO_', 'REDWOOD_ENV_', 'PLASMO_PUBLIC_',
];

export type NameMatcher = (name: string) => boolean;

/** Globs over variable names, in order; `!NAME` re-includes what an earlier glob matched. */
export function nameMatcher(globs: readonly string[]): NameMatcher {
  if (globs.length === 0) return () => false;
  const compiled = globs.map((g) => {
    const negated = g.startsWith('!');
    const body = negated ? g.slice(1) : g;
    return { negated, test: /[*?[\]{}]/.test(body) ? picomatch(body, { dot: true }) : (n: string) => n === body };
  });
  // Remembered per name: a repository reads the same few hundred names thousands of times.
  const known = new Map<string, boolean>();
  return (name) => {
    const seen = known.get(name);
    if (seen !== undefined) return seen;
    let hit = false;
    for (const { negated, test } of compiled) if (negated === hit && test(name)) hit = !negated;
    if (known.size < 100_000) known.set(name, hit);
    return hit;
  };
}

export function isGlob(name: string): boolean {
  return /[*?[\]{}]/.test(name);
}

/** The browser-exposed prefix a name starts with, if any. */
export function publicPrefixOf(name: string, prefixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const p of prefixes) if (name.startsWith(p) && name.length > p.length && (!best || p.length > best.length)) best = p;
  return best;
}

/** Words that make a name a credential whatever else it says. */
const STRONG_SECRET = /(?:^|_)(?:SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|PRIV_KEY|SERVICE_ROLE(?:_KEY)?|SERVICE_KEY|SERVICE_ACCOUNT(?:_KEY|_JSON)?|SIGNING_KEY|SIGNING_SECRET|ENCRYPTION_KEY|MASTER_KEY|ADMIN_KEY|CLIENT_SECRET|WEBHOOK_SECRET|JWT_SECRET|SESSION_SECRET|COOKIE_SECRET|DATABASE_URL|DB_URL|DB_PASS|DB_PASSWORD|MONGODB_URI|MONGO_URL|MONGO_URI|POSTGRES_URL|POSTGRES_PRISMA_URL|MYSQL_URL|REDIS_URL|CONNECTION_STRING|DSN_WITH_PASSWORD)(?:_|$)/;
/** Words that usually mean a credential, unless the provider publishes such keys for browsers. */
const WEAK_SECRET = /(?:^|_)(?:TOKEN|API_KEY|APIKEY|ACCESS_KEY|AUTH_KEY|AUTH_TOKEN|ACCESS_TOKEN|CREDENTIALS?|KEY)(?:_|$)/;
/** Names that say the value is public by design. */
const PUBLIC_BY_DESIGN = /(?:^|_)(?:PUBLISHABLE|PUBLIC_KEY|PUB_KEY|ANON|ANON_KEY|SITE_KEY|SITEKEY|CLIENT_ID|APP_ID|PROJECT_ID|MEASUREMENT_ID|TRACKING_ID|DSN|SEARCH_KEY|SEARCH_ONLY|SEARCH_API_KEY|CLIENT_TOKEN|WRITE_KEY|VAPID_PUBLIC_KEY)(?:_|$)/;
/** Providers whose browser keys are meant to be public (restricted by domain or by design). */
const BROWSER_PROVIDERS = /(?:^|_)(?:FIREBASE|GOOGLE_MAPS|MAPS|MAPBOX|MAPTILER|RECAPTCHA|HCAPTCHA|TURNSTILE|POSTHOG|SEGMENT|AMPLITUDE|MIXPANEL|SENTRY|ALGOLIA|PUSHER|ABLY|INTERCOM|CRISP|LOGROCKET|DATADOG|GA|GTM|GOOGLE_ANALYTICS|PLAUSIBLE|HOTJAR|CONTENTFUL|SANITY|STORYBLOK|PRISMIC|BUILDER|LAUNCHDARKLY|STATSIG|GROWTHBOOK|FLAGSMITH|ONESIGNAL|STREAM|LIVEBLOCKS|UPLOADTHING_APP|CLOUDINARY|IMGIX|WALLETCONNECT|ALCHEMY|INFURA|THIRDWEB|PRIVY|MAGIC|WEB3AUTH|RAINBOW|UMAMI|FATHOM|BUGSNAG|ROLLBAR|HONEYBADGER|NEW_RELIC|NEWRELIC|RUDDERSTACK|HEAP|FULLSTORY|CLARITY|YOUTUBE|GIPHY|TENOR|UNSPLASH|OPENWEATHER|WEATHER)(?:_|$)/;

/** A last word that makes the name a setting about a credential, not the credential (`ACCESS_TOKEN_EXPIRE_MINUTES`). */
const SETTING_SUFFIX = /_(?:EXPIRE|EXPIRES|EXPIRY|EXPIRATION|TTL|LIFETIME|AGE|MINUTES|HOURS|SECONDS|DAYS|MS|LENGTH|LEN|SIZE|BYTES|COUNT|LIMIT|MAX|MIN|NAME|HEADER|TYPE|PREFIX|ENABLED|REQUIRED|ALGORITHM|ALG|ROUNDS|COST|PATH|FILE|DIR|URL|ENDPOINT|ISSUER|AUDIENCE|SCOPE|SCOPES|VERSION|PORT|FORMAT|POLICY|STRATEGY|PROVIDER|MODE|FIELD|PARAM|COOKIE_NAME|SIGNUP|SIGNIN|LOGIN|RESET|RECOVERY|AUTH)$/;
/** A first word that makes the name a switch (`DISABLE_EMAIL_PASSWORD_SIGNUP`), not a credential. */
const SWITCH_PREFIX = /^(?:[A-Z0-9]+_)*?(?:DISABLE|ENABLE|ALLOW|DENY|SHOW|HIDE|REQUIRE|ENFORCE|USE|SKIP|FORCE|FEATURE|FLAG|IS|HAS)_/;

export type SecretStrength = 'strong' | 'weak' | undefined;

/**
 * How strongly a name says its value is a credential. `browser`: judged as a browser-exposed name, where
 * the keys some providers publish for browsers (Firebase, Mapbox, Sanity project reads, …) are fine.
 */
export function secretStrength(name: string, options: { browser?: boolean } = {}): SecretStrength {
  const n = name.toUpperCase();
  if (PUBLIC_BY_DESIGN.test(n)) return undefined;
  // Connection strings carry their password in the name's last word (DATABASE_URL), so they are exempt from the suffix rule.
  if (SETTING_SUFFIX.test(n) && !/(?:DATABASE|DB|MONGODB|MONGO|POSTGRES|MYSQL|REDIS|POSTGRES_PRISMA)_URL$/.test(n)) return undefined;
  if (SWITCH_PREFIX.test(n)) return undefined;
  if (STRONG_SECRET.test(n)) return 'strong';
  if (WEAK_SECRET.test(n)) return options.browser && BROWSER_PROVIDERS.test(n) ? undefined : 'weak';
  return undefined;
}

/** Conventional variable names: what the readers accept as a name in unquoted (identifier) positions. */
export const UPPER_NAME = /^[A-Z_][A-Z0-9_]*$/;
