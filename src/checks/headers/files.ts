import picomatch from 'picomatch';

/** Tests, fixtures, examples, generated and vendored code: never the app's header configuration. */
const NOT_APP = picomatch(
  [
    '**/node_modules/**', '**/vendor/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**',
    '**/__tests__/**', '**/__mocks__/**', '**/test/**', '**/tests/**', '**/e2e/**', '**/cypress/**', '**/playwright/**',
    '**/fixtures/**', '**/__fixtures__/**', '**/testdata/**', '**/examples/**', '**/example/**', '**/docs/**', '**/.storybook/**',
    '**/mocks/**', '**/mock/**', '**/stubs/**', '**/recordings/**', '**/cassettes/**', '**/__snapshots__/**', '**/spec/**', '**/migrations/**',
    '**/*.{test,spec,stories,d,mock,fixture}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}',
    '**/{test_*,*_test,conftest}.py', '**/*_test.go', '**/*_spec.rb', '**/*Test.php',
  ],
  { dot: true },
);

export function isAppFile(path: string): boolean {
  return !NOT_APP(path);
}

export const JS_SOURCE = /\.(?:[cm]?[jt]sx?)$/;
export const PLATFORM_JSON = /(?:^|\/)(?:vercel|now|firebase|serve|superstatic|staticwebapp\.config)\.json$/;
export const NETLIFY_TOML = /(?:^|\/)netlify\.toml$/;
export const HEADERS_FILE = /(?:^|\/)_headers$/;
export const SERVER_CONFIG = /(?:^|\/)(?:nginx[^/]*\.conf|[^/]+\.nginx|\.htaccess|httpd\.conf|apache2?\.conf)$|(?:^|\/)(?:nginx|conf\.d|sites-(?:available|enabled)|apache2?)\/[^/]+(?:\.conf)?$|\.conf$/;
export const HTML = /\.html?$/;

/** Packages whose presence in `dependencies` makes the repository a web app that should send headers. */
export const WEB_FRAMEWORKS = new Set([
  'next', 'express', 'fastify', 'koa', '@hapi/hapi', 'hapi', 'hono', '@nestjs/core', 'restify', 'h3', 'nuxt', '@sveltejs/kit', 'astro',
  '@remix-run/node', '@remix-run/serve', '@react-router/node', '@react-router/serve', 'polka', '@adonisjs/core', 'sails', '@feathersjs/feathers', 'elysia',
]);
