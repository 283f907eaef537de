/**
 * Server frameworks beyond Node, found in the manifests that declare them. Each is either read (the check
 * knows its defaults and how it is configured) or not: for those it cannot read, a missing header is "not
 * evaluated", never passed.
 */
export interface ServerApp {
  framework: string;
  /** The manifest (or settings file) that shows it. */
  path: string;
  readable: boolean;
  /** Where it is set up (`Flask(__name__)`, `http.ListenAndServe`), when known: where missing headers are annotated. */
  line?: number;
}

interface Rule {
  manifest: RegExp;
  frameworks: [RegExp, string, boolean][];
}

const PY_DEP = (name: string) => new RegExp(`(?:^|[\\s"'\\[,])${name}(?:\\[[^\\]]*\\])?\\s*(?:[<>=~!;,"'\\]]|$)`, 'im');

const RULES: Rule[] = [
  {
    manifest: /(?:^|\/)(?:requirements[^/]*\.(?:txt|in)|pyproject\.toml|Pipfile|setup\.cfg)$/,
    frameworks: [
      [PY_DEP('django'), 'Django', true],
      [PY_DEP('flask'), 'Flask', true],
      [PY_DEP('fastapi'), 'FastAPI', true],
      [PY_DEP('starlette'), 'Starlette', true],
      [PY_DEP('(?:aiohttp|tornado|pyramid|sanic|litestar|falcon|quart|bottle|cherrypy)'), 'a Python web framework', false],
    ],
  },
  {
    manifest: /(?:^|\/)Gemfile$/,
    frameworks: [
      [/^\s*gem\s+["'](?:rails|railties|actionpack)["']/m, 'Rails', true],
      [/^\s*gem\s+["'](?:sinatra|hanami|roda|padrino)["']/m, 'a Ruby web framework', false],
    ],
  },
  {
    manifest: /(?:^|\/)composer\.json$/,
    frameworks: [
      [/"laravel\/(?:framework|lumen-framework)"\s*:/, 'Laravel', true],
      [/"(?:symfony\/framework-bundle|slim\/slim|cakephp\/cakephp|yiisoft\/yii2|codeigniter4\/framework|laminas\/laminas-mvc)"\s*:/, 'a PHP web framework', false],
    ],
  },
  {
    manifest: /(?:^|\/)go\.mod$/,
    frameworks: [[/\b(?:github\.com\/(?:gin-gonic\/gin|labstack\/echo|go-chi\/chi|gofiber\/fiber|gorilla\/mux|julienschmidt\/httprouter|beego\/beego)|goa\.design\/goa)\b/, 'Go', true]],
  },
  {
    manifest: /(?:^|\/)(?:pom\.xml|build\.gradle(?:\.kts)?)$/,
    frameworks: [[/spring-boot-starter-(?:web|webflux|security)|io\.quarkus|io\.micronaut|io\.ktor|io\.javalin|com\.sparkjava/, 'a JVM web framework (Spring, Quarkus, Micronaut, Ktor, Javalin)', false]],
  },
  { manifest: /\.csproj$/, frameworks: [[/Sdk="Microsoft\.NET\.Sdk\.Web"/, 'ASP.NET Core', false]] },
  { manifest: /(?:^|\/)mix\.exs$/, frameworks: [[/\{:phoenix,/, 'Phoenix', false]] },
  { manifest: /(?:^|\/)Cargo\.toml$/, frameworks: [[/^\s*(?:actix-web|axum|rocket|warp|poem|salvo)\s*=/m, 'a Rust web framework', false]] },
];

export function isManifest(path: string): boolean {
  return RULES.some((r) => r.manifest.test(path));
}

/** The server frameworks a manifest declares. Desktop shells (Tauri) serve no web app. */
export function frameworksOf(path: string, text: string): ServerApp[] {
  if (/(?:^|\/)src-tauri\//.test(path)) return [];
  const out: ServerApp[] = [];
  for (const rule of RULES) {
    if (!rule.manifest.test(path)) continue;
    for (const [re, framework, readable] of rule.frameworks) if (re.test(text)) out.push({ framework, path, readable });
  }
  return out;
}

/** A Go program that serves HTTP, for go.mod files that name no router: `http.ListenAndServe`, `http.Server{`. */
export const GO_SERVES = /\bhttp\.(?:ListenAndServe(?:TLS)?\(|Server\s*\{|Serve\()/;

export function describeApps(apps: readonly ServerApp[]): string {
  return [...new Set(apps.map((a) => `${a.framework} (${a.path})`))].join(', ');
}
