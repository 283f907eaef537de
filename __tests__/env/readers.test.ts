import { describe, expect, it } from 'vitest';
import { compileReader, readEnv, type CustomReader } from '../../src/checks/env/readers/index.js';

/** `NAME@line via` for each read, and `dynamic@line expression` for dynamic ones. */
function reads(path: string, text: string, custom: CustomReader[] = []): string[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const result = readEnv(path, text, custom);
  // Each read points at its name as written (pydantic fields: the field, which the prefix precedes).
  for (const r of result.reads) expect(r.name.toUpperCase().endsWith(text.slice(r.start, r.end).toUpperCase()) || /\(\)$/.test(r.via)).toBe(true);
  return [...result.reads.map((r) => `${r.name}@${lineOf(r.start)}`), ...result.dynamic.map((d) => `dynamic@${lineOf(d.start)} ${d.expression}${d.prefix ? ` prefix=${d.prefix}` : ''}`)];
}

describe('JavaScript and TypeScript reader', () => {
  it('reads every access form, skipping writes, deletes, comments and methods', () => {
    const text = [
      'const a = process.env.DATABASE_URL;', // 1
      "const b = process.env['REDIS_URL'] ?? 'redis://localhost';", // 2
      'const c = process.env?.SMTP_HOST;', // 3
      'const d = process?.env?.["SMTP_PORT"];', // 4
      'const e = process.env[`SMTP_USER`];', // 5
      '// const f = process.env.COMMENTED_OUT;', // 6
      '/* process.env.BLOCK_COMMENT */', // 7
      'process.env.WRITTEN = "x";', // 8
      'delete process.env.DELETED;', // 9
      'if (process.env.HAS === "1") {}', // 10
      'process.env.hasOwnProperty("X");', // 11
      'const url = "https://example.com//not-a-comment"; const g = process.env.AFTER_URL;', // 12
      'const h = process.env[name];', // 13
      'const i = process.env[`FEATURE_${flag}`];', // 14
      "const j = process.env['PREFIX_' + x];", // 15
      'const k = import.meta.env.VITE_API_URL;', // 16
      'const l = Deno.env.get("DENO_TOKEN");', // 17
      'const m = Bun.env.BUN_KEY;', // 18
      'const re = /\\/\\/ process.env.IN_REGEX/; const n = process.env.AFTER_REGEX;', // 19
      'const t = `${process.env.IN_TEMPLATE}//x`;', // 20
      'const gen = `process.env.${name.toUpperCase()}`;', // 21: generated code, not a read
      "const doc = 'set process.env.IN_STRING first';", // 22
      'const both = `${process.env.IN_SUBST} and process.env.IN_TEXT ${`${process.env.NESTED}`}`;', // 23
    ].join('\n');
    expect(reads('src/config.ts', text)).toEqual([
      'DATABASE_URL@1', 'REDIS_URL@2', 'SMTP_HOST@3', 'SMTP_PORT@4', 'SMTP_USER@5', 'HAS@10', 'AFTER_URL@12',
      'VITE_API_URL@16', 'DENO_TOKEN@17', 'BUN_KEY@18', 'IN_REGEX@19', 'AFTER_REGEX@19', 'IN_TEMPLATE@20', 'IN_SUBST@23', 'NESTED@23',
      'dynamic@13 name', 'dynamic@14 `FEATURE_${flag}` prefix=FEATURE_', "dynamic@15 'PREFIX_' + x prefix=PREFIX_",
    ]);
  });

  it('reads destructuring and aliases', () => {
    const text = [
      'const {',
      '  NEXTAUTH_SECRET,',
      '  NEXTAUTH_URL: url,',
      "  RATE_LIMIT_MAX = '100',",
      '  ...rest',
      '} = process.env;',
      'const { VITE_X } = import.meta.env;',
      "import { env } from 'node:process';",
      'const z = env.ALIASED;',
      'const e = process.env;',
      'const y = e.VIA_E;',
    ].join('\n');
    expect(reads('a.js', text)).toEqual(['NEXTAUTH_SECRET@2', 'NEXTAUTH_URL@3', 'RATE_LIMIT_MAX@4', 'VITE_X@7', 'ALIASED@9', 'VIA_E@11']);
  });

  it('reads schema libraries: t3 createEnv, envalid, zod, envsafe, NestJS ConfigService', () => {
    const t3 = [
      "import { createEnv } from '@t3-oss/env-nextjs';",
      "import { z } from 'zod';",
      'export const env = createEnv({',
      '  server: {',
      '    DATABASE_URL: z.string().url(),',
      "    NODE_ENV: z.enum(['development', 'test', 'production']),",
      '    NEXTAUTH_SECRET: process.env.NODE_ENV === "production" ? z.string() : z.string().optional(),',
      '  },',
      '  client: { NEXT_PUBLIC_APP_URL: z.string() },',
      '  runtimeEnv: { DATABASE_URL: process.env.DATABASE_URL },',
      '});',
    ].join('\n');
    // `runtimeEnv` only wires the schema to process.env: the schema entry (line 5) is the read.
    expect(reads('src/env.mjs', t3)).toEqual(['DATABASE_URL@5', 'NODE_ENV@6', 'NEXTAUTH_SECRET@7', 'NODE_ENV@7', 'NEXT_PUBLIC_APP_URL@9']);

    const envalid = "import { cleanEnv, str, port } from 'envalid';\nexport const env = cleanEnv(process.env, {\n  API_KEY: str(),\n  PORT: port({ default: 3000 }),\n});\n";
    expect(reads('env.ts', envalid)).toEqual(['API_KEY@3', 'PORT@4']);

    const zod = "const schema = z.object({\n  REDIS_URL: z.string(),\n  SMTP_PASS: z.string().min(1),\n});\nexport const env = schema.parse(process.env);\nconst other = z.object({ name: z.string() });\n";
    expect(reads('env.ts', zod)).toEqual(['REDIS_URL@2', 'SMTP_PASS@3']);
    expect(reads('x.ts', 'const s = z.object({ A_B: z.string() }).strict().parse(process.env);')).toEqual(['A_B@1']);

    expect(reads('app.service.ts', "constructor(private config: ConfigService) {}\nconst x = this.config.get<string>('JWT_SECRET');\nconst y = this.config.getOrThrow('database.host');\n")).toEqual(['JWT_SECRET@2']);
  });
});

describe('other languages', () => {
  it('Python: os.environ, getenv, pydantic settings, django-environ, decouple', () => {
    const text = [
      'import os',
      'from os import getenv',
      'a = os.environ["DATABASE_URL"]',
      "b = os.environ.get('REDIS_URL', 'redis://localhost')",
      'c = os.getenv("SECRET_KEY")',
      'd = getenv("BARE_GETENV")',
      '# e = os.getenv("COMMENTED")',
      'os.environ["WRITTEN"] = "1"',
      'f = os.environ[key]',
      'g = os.getenv(f"FEATURE_{name}")',
      '',
      'class Settings(BaseSettings):',
      '    model_config = SettingsConfigDict(env_prefix="APP_")',
      '    database_url: PostgresDsn',
      '    debug: bool = False',
      '    api_key: SecretStr = Field(',
      '        ..., validation_alias="THIRD_PARTY_KEY")',
      '',
      '    def helper(self) -> str:',
      '        return "x"',
    ].join('\n');
    expect(reads('app/config.py', text)).toEqual([
      'DATABASE_URL@3', 'REDIS_URL@4', 'SECRET_KEY@5', 'BARE_GETENV@6', 'APP_DATABASE_URL@14', 'APP_DEBUG@15', 'THIRD_PARTY_KEY@17',
      'dynamic@9 key', 'dynamic@10 f"FEATURE_{name}" prefix=FEATURE_',
    ]);
    expect(reads('settings.py', "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', default=False)\nDATABASES = {'default': env.db()}\n")).toEqual(['DJANGO_DEBUG@3', 'DATABASE_URL@4']);
    expect(reads('settings.py', "from decouple import config\nSECRET = config('SECRET_KEY')\n")).toEqual(['SECRET_KEY@2']);
  });

  it('Go, Ruby, Rust, Java, PHP, Prisma, compose, Spring', () => {
    expect(reads('main.go', 'x := os.Getenv("DB_DSN")\nv, ok := os.LookupEnv(`TOKEN`)\n// os.Getenv("NO")\ntype C struct {\n  Port int `env:"APP_PORT" envDefault:"8080"`\n}\ny := os.Getenv(key)\n')).toEqual(['DB_DSN@1', 'TOKEN@2', 'APP_PORT@5', 'dynamic@7 key']);
    expect(reads('config/app.rb', "a = ENV['SECRET_KEY_BASE']\nb = ENV.fetch(\"REDIS_URL\") { 'x' }\nENV['SET'] = '1'\n# ENV['NO']\n")).toEqual(['SECRET_KEY_BASE@1', 'REDIS_URL@2']);
    expect(reads('src/main.rs', 'let a = std::env::var("DATABASE_URL")?;\nlet b = env::var_os("HOME");\nconst V: &str = env!("CARGO_PKG_VERSION");\n')).toEqual(['DATABASE_URL@1', 'HOME@2', 'CARGO_PKG_VERSION@3']);
    expect(reads('App.java', 'String a = System.getenv("API_TOKEN");\nMap<String,String> all = System.getenv();\n@Value("${MAIL_HOST:localhost}") String host;\n')).toEqual(['API_TOKEN@1', 'MAIL_HOST@3']);
    expect(reads('config/app.php', "<?php\n'key' => env('APP_KEY'),\n'x' => getenv('GETENV_X'),\n'y' => $_ENV['ENV_Y'],\n$this->env('NOT_LARAVEL');\n")).toEqual(['APP_KEY@2', 'GETENV_X@3', 'ENV_Y@4']);
    expect(reads('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n  // directUrl = env("DIRECT_URL")\n}\n')).toEqual(['DATABASE_URL@3']);
    expect(reads('docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n      X: $$NOT_A_VAR\n      # Y: ${COMMENTED}\n      URL: "redis://$REDIS_HOST:6379"\n')).toEqual(['POSTGRES_PASSWORD@4', 'REDIS_HOST@7']);
    expect(reads('src/main/resources/application.yml', 'spring:\n  datasource:\n    url: ${DATABASE_URL}\n    name: ${spring.application.name}\n')).toEqual(['DATABASE_URL@3']);
  });

  it("policy accessor patterns: env('$NAME'), config.$NAME", () => {
    const env = compileReader("env('$NAME')", 0) as CustomReader;
    const cfg = compileReader('config.$NAME', 1) as CustomReader;
    const text = 'const a = env("NEXT_PRIVATE_X");\nconst b = env( \'Y_Z\' );\nconst c = getenv("NO");\nconst d = config.SMTP_HOST;\nconst e = config.get("no");\n';
    expect(reads('src/a.ts', text, [env, cfg])).toEqual(['NEXT_PRIVATE_X@1', 'Y_Z@2', 'SMTP_HOST@4']);
    expect(compileReader('env()', 0)).toMatch(/\$NAME/);
  });

  it('are literal text, not regular expressions: regex syntax in one is matched as written, never run', () => {
    // The policy's readers are accessors, not patterns (issue 16, item 6 asked about `(a|aa)+$` in one):
    // every character but `$NAME` is escaped, white space becomes `\s*` and quotes a quote class, so the
    // compiled expression is literals, `\s*`, one quote class and the name, which cannot backtrack.
    const text = `const a = (a|aa)+API_KEY;\nconst b = "${'a'.repeat(200_000)}!";\nconst c = x(\\w|\\d){1,30}(a|aa)+DB_URL;\n`;
    const tricky = ['(a|aa)+$NAME', 'x(\\w|\\d){1,30}(a|aa)+$NAME', '(x+x+)+y$NAME', "env('$NAME')", 'config.$NAME'].map((p, i) => compileReader(p, i) as CustomReader);
    expect(reads('src/a.ts', text, tricky)).toEqual(['API_KEY@1', 'DB_URL@3']);
    const parts = /\(\?<!\[\\w\$\]\)|\\s\*|\['"`\]|\(\[A-Za-z_\]\[A-Za-z0-9_.-\]\*\)|\(\[A-Z_\]\[A-Z0-9_\]\*\)\(\?!\[\\w\$\]\)|\\[^\w\s]|[\w!"#%&',\-/:;<=>@`~]/gy;
    for (const reader of tricky) {
      expect(reader.re.source.replace(parts, ''), reader.pattern).toBe('');
      expect(reader.re.source, reader.pattern).not.toContain('\\s*\\s*');
    }
  });
});

describe('reads with a fallback are marked optional', () => {
  it('in every language', () => {
    const optional = (path: string, text: string) =>
      readEnv(path, text, []).reads.map((r) => `${r.name}${r.optional ? '?' : ''}`);
    expect(optional('a.ts', "const a = process.env.A ?? 'x';\nconst b = process.env['B'] || 'y';\nconst c = process.env.C;\nconst { D = '1', E } = process.env;\n")).toEqual(['A?', 'B?', 'C', 'D?', 'E']);
    expect(optional('env.ts', 'createEnv({ server: { F: z.string().default("x"), G: z.string(), H: z.string().optional() } })')).toEqual(['F?', 'G', 'H?']);
    expect(optional('env.ts', 'cleanEnv(process.env, { I: str({ default: "x" }), J: port() })')).toEqual(['I?', 'J']);
    expect(optional('a.py', 'import os\na = os.getenv("K", "x")\nb = os.getenv("L")\nc = os.environ.get("M", "y")\nd = os.environ["N"]\ne = os.getenv("O") or "z"\n')).toEqual(['K?', 'L', 'M?', 'N', 'O?']);
    expect(optional('s.py', 'class S(BaseSettings):\n    p: str\n    q: int = 5\n    r: str = Field(..., alias="R_ALIAS")\n    s: str | None = None\n')).toEqual(['P', 'Q?', 'R_ALIAS', 'S?']);
    expect(optional('a.rb', "a = ENV.fetch('T', 'x')\nb = ENV.fetch('U') { 'y' }\nc = ENV['V'] || 'z'\nd = ENV.fetch('W')\n")).toEqual(['T?', 'U?', 'V?', 'W']);
    expect(optional('a.rs', 'let a = env::var("X1").unwrap_or("x".into());\nlet b = env::var("X2")?;\nlet c = option_env!("X3");\n')).toEqual(['X1?', 'X2', 'X3?']);
    expect(optional('app/Services/Mailer.php', "<?php\n$a = env('Y1', 'x');\n$b = env('Y2');\n")).toEqual(['Y1?', 'Y2']);
    // Laravel's config/*.php declares every option; without a default it is null until set.
    expect(optional('config/app.php', "<?php\n'a' => env('Y1', 'x'),\n'b' => env('Y2'),\n")).toEqual(['Y1?', 'Y2?']);
    expect(optional('compose.yaml', 'x: ${Z1:-a} ${Z2-b} ${Z3:?set it} ${Z4} $Z5\n')).toEqual(['Z1?', 'Z2?', 'Z3', 'Z4', 'Z5']);
  });
});
