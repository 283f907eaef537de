import { describe, expect, it } from 'vitest';
import { scanTree } from '../helpers/check-tester.js';
import { git, makeRepo, scanDir, summarise, writeFiles } from '../helpers/repo.js';

/** A FastAPI service like the second seed checklist's (AUTH_REQUIRED=true, DEBUG=false in production). */
const SERVICE: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "zakops"\ndependencies = ["fastapi", "pydantic-settings", "redis", "sqlalchemy"]\n',
  '.gitignore': ['__pycache__/', '.venv/', '*.pyc', '', '# secrets', '.env*', ''].join('\n'),
  '.env.example': [
    'APP_DATABASE_URL=postgresql+asyncpg://zakops:zakops@db:5432/zakops', // 1
    'APP_REDIS_URL=redis://redis:6379/0', // 2
    'APP_SESSION_SECRET=', // 3
    'APP_AUTH_REQUIRED=true', // 4
    'APP_DEBUG=false', // 5
    'APP_CORS_ORIGINS=http://localhost:5173', // 6
    'POSTGRES_PASSWORD=zakops', // 7
    'OPENAI_API_KEY=sk-your-key', // 8
    '',
  ].join('\n'),
  'app/config.py': [
    'from pydantic import Field, SecretStr', // 1
    'from pydantic_settings import BaseSettings, SettingsConfigDict', // 2
    '', // 3
    '', // 4
    'class Settings(BaseSettings):', // 5
    '    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")', // 6
    '', // 7
    '    database_url: str', // 8
    '    redis_url: str = "redis://localhost:6379/0"', // 9
    '    session_secret: SecretStr', // 10
    '    auth_required: bool = True', // 11
    '    debug: bool = False', // 12
    '    cors_origins: list[str] = []', // 13
    '    sentry_dsn: str | None = None', // 14
    '    smtp_password: SecretStr = Field(default=None, alias="SMTP_PASSWORD")', // 15
    '', // 16
    '', // 17
    'settings = Settings()', // 18
    '',
  ].join('\n'),
  'app/main.py': [
    'import os', // 1
    'from fastapi import FastAPI', // 2
    'from .config import settings', // 3
    '', // 4
    'app = FastAPI(debug=settings.debug)', // 5
    'WORKERS = int(os.getenv("WEB_CONCURRENCY", "2"))', // 6
    'RELEASE = os.environ.get("GIT_SHA", "dev")', // 7
    'STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]', // 8
    '',
  ].join('\n'),
  'docker-compose.yml': [
    'services:', // 1
    '  api:', // 2
    '    build: .', // 3
    '    env_file: .env', // 4
    '  db:', // 5
    '    image: postgres:16', // 6
    '    environment:', // 7
    '      POSTGRES_USER: zakops', // 8
    '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-zakops}', // 9
    '  redis:', // 10
    '    image: redis:7', // 11
    '    command: redis-server --requirepass ${REDIS_PASSWORD}', // 12
    '',
  ].join('\n'),
  'config/production.yaml': ['app:', '  auth:', '    required: true', '  debug: true', 'rate_limit:', '  enabled: false', '  per_minute: 60', ''].join('\n'),
  'deploy/production.env': ['APP_AUTH_REQUIRED=True', 'APP_DEBUG=false', ''].join('\n'),
  'tests/test_auth.py': 'import os\nos.environ["APP_AUTH_REQUIRED"] = "false"\nTOKEN = os.getenv("TEST_TOKEN")\n',
};

const POLICY = [
  'version: 1', // 1
  'checks:', // 2
  '  env:', // 3
  '    expect:', // 4
  '      config/production.yaml:', // 5
  '        app.auth.required: true', // 6
  '        app.debug: false', // 7
  '        rate_limit:', // 8
  '          enabled: true', // 9
  '          per_minute: 60', // 10
  '      deploy/production.env:', // 11
  '        APP_AUTH_REQUIRED: true', // 12
  '        APP_DEBUG: false', // 13
  '',
].join('\n');

const PROD_PASSWORD = 'Zk9pQ2xLm4Rt';

describe('env check on a Python service', () => {
  it('an example hidden by `.env*`: reported on .gitignore, and completeness says there is no example', async () => {
    const report = await scanDir(makeRepo(SERVICE), { policy: POLICY, only: ['env'] });
    expect(summarise(report)).toEqual([
      'env/example-ignored .gitignore:6',
      'env/example-missing app/config.py:8',
      'env/expect config/production.yaml:4',
      'env/expect config/production.yaml:6',
    ]);
    const [ignored, missing, debug, rate] = report.findings;
    expect(ignored?.message).toBe('`.env*` also ignores the example file .env.example. It exists but is not committed, so nobody else gets it.');
    expect(ignored?.severity).toBe('error');
    expect(missing?.severity).toBe('warning');
    expect(missing?.message).toBe(
      // Fields with defaults (redis_url, cors_origins, sentry_dsn, smtp_password) are no demand; the compose
      // file sets POSTGRES_PASSWORD for its database; REDIS_PASSWORD has nothing that sets it.
      'No example env file (`.env.example`) documents the 4 variables this repository reads: `APP_DATABASE_URL`, `APP_SESSION_SECRET`, `STRIPE_SECRET_KEY` and `REDIS_PASSWORD`. First read here (pydantic settings field). (`.env.example` exists but git ignores it.)',
    );
    expect(debug?.message).toBe('`app.debug` in config/production.yaml must be false (security-policy.yml:7), but it is true.');
    expect(debug?.location).toMatchObject({ line: 4, column: 10 });
    expect(rate?.message).toBe('`rate_limit.enabled` in config/production.yaml must be true (security-policy.yml:9), but it is false.');
  });

  it('with the example committed: the variables it lacks, and a .env committed before the ignore rule', async () => {
    const root = makeRepo({
      ...SERVICE,
      '.gitignore': SERVICE['.gitignore'] + '!.env.example\n',
      'deploy/production.env': 'APP_AUTH_REQUIRED=false\nAPP_DEBUG=off\n',
    });
    // Committed with -f, as when the file was added before the ignore rule.
    writeFiles(root, { '.env': `APP_SESSION_SECRET=8f3a9c2e7b1d4f6a0c5e9b3d7f2a6c1e\nAPP_DATABASE_URL=postgresql://zakops:${PROD_PASSWORD}@prod-db.zakops.io:5432/zakops\nAPP_DEBUG=true\n` });
    git(root, 'add', '-f', '.env');
    git(root, 'commit', '-q', '-m', 'add env');
    const report = await scanDir(root, { policy: POLICY, only: ['env'] });
    expect(summarise(report)).toEqual([
      'env/committed-env-file .env:1',
      'env/missing-in-example app/main.py:8',
      'env/expect config/production.yaml:4',
      'env/expect config/production.yaml:6',
      'env/expect deploy/production.env:1',
      'env/missing-in-example docker-compose.yml:12',
    ]);
    const committed = report.findings[0];
    expect(committed?.message).toBe('.env is committed with credentials: `APP_SESSION_SECRET` and `APP_DATABASE_URL`.');
    expect(JSON.stringify(report)).not.toContain(PROD_PASSWORD);
    expect(JSON.stringify(report)).not.toContain('8f3a9c2e7b1d4f6a0c5e9b3d7f2a6c1e');
    // sentry_dsn and smtp_password default to None: optional settings, not demands of the example.
    expect(report.findings.filter((f) => f.location?.path === 'app/config.py')).toEqual([]);
    expect(report.findings.find((f) => f.location?.path === 'app/main.py')?.message).toBe(
      '`STRIPE_SECRET_KEY` is read here (os.environ) but `.env.example` does not list it.',
    );
    expect(report.findings.find((f) => f.location?.path === 'deploy/production.env')?.message).toBe(
      '`APP_AUTH_REQUIRED` in deploy/production.env must be true (security-policy.yml:12), but it is false.',
    );
  });
});

describe('a committed .env of placeholders, as some templates ship it', () => {
  it('documents the variables when there is no example', async () => {
    const root = {
      '.gitignore': 'node_modules/\n',
      '.env': 'PROJECT_NAME="Full Stack FastAPI Project"\nSECRET_KEY=changethis\nFIRST_SUPERUSER=admin@example.com\nFIRST_SUPERUSER_PASSWORD=changethis\nPOSTGRES_SERVER=localhost\nPOSTGRES_USER=postgres\nPOSTGRES_PASSWORD=changethis\n',
      'backend/app/core/config.py': [
        'class Settings(BaseSettings):',
        '    SECRET_KEY: str = secrets.token_urlsafe(32)',
        '    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8',
        '    PROJECT_NAME: str',
        '    SENTRY_DSN: HttpUrl | None = None',
        '    POSTGRES_SERVER: str',
        '    POSTGRES_USER: str',
        '    POSTGRES_PASSWORD: str = ""',
        '    FIRST_SUPERUSER: EmailStr',
        '    FIRST_SUPERUSER_PASSWORD: str',
        '    EMAILS_SMTP_PASSWORD: str',
        '',
      ].join('\n'),
    };
    const report = await scanTree(root, { policy: 'version: 1\n', only: ['env'] });
    // The committed `.env` holds placeholders only: committed on purpose, so it need not be ignored.
    expect(summarise(report)).toEqual(['env/missing-in-example backend/app/core/config.py:11']);
    expect(report.findings[0]?.message).toBe('`EMAILS_SMTP_PASSWORD` is read here (pydantic settings field) but `.env` does not list it.');
  });
});
