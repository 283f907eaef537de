import { isAppFile, JS_SOURCE } from '../../lang/app-files.js';

export { isAppFile, JS_SOURCE };

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
