import { defineCheck } from '../../core/check.js';
import { ENV_RULES } from './rules.js';
import { createEnvRun } from './run.js';
import { readsTask } from './task.js';
import { SETTINGS_SCHEMA, type EnvSettings } from './settings.js';
import { envStarter } from './starter.js';

export default defineCheck<EnvSettings>({
  meta: {
    id: 'env',
    title: 'Environment variables and env files',
    description:
      'The example env file lists every variable the code reads; examples hold placeholders, not credentials; local env files stay git-ignored and uncommitted; secrets are not exposed to browsers; production configs set the expected flags.',
    covers: [
      'Confirm there is a up-to-date `.env.example` listing every required secret (`DATABASE_URL`, `NEXTAUTH_SECRET`, `NEXTAUTH_URL`, `REDIS_URL`, `SMTP_*`, `RATE_LIMIT_*`, etc.).',
      'Double-check that `.env.local` remains git-ignored and that any git history cleanup steps have been performed if secrets were rotated.',
      'Verify that `RATE_LIMIT_ENABLED=true` in production configs',
      'AUTH_REQUIRED=true in production',
      'DEBUG=false',
      'All secrets are set',
      'No hardcoded secrets',
    ],
    coverage: {
      'Confirm there is a up-to-date `.env.example` listing every required secret (`DATABASE_URL`, `NEXTAUTH_SECRET`, `NEXTAUTH_URL`, `REDIS_URL`, `SMTP_*`, `RATE_LIMIT_*`, etc.).': {
        rules: ['env/missing-in-example', 'env/unused-in-example', 'env/example-missing', 'env/example-ignored', 'env/dynamic-read', 'env/malformed-line', 'env/duplicate-key', 'env/lowercase-key'],
      },
      'Double-check that `.env.local` remains git-ignored and that any git history cleanup steps have been performed if secrets were rotated.': { rules: ['env/not-ignored', 'env/committed-env-file'] },
      'Verify that `RATE_LIMIT_ENABLED=true` in production configs': { rules: ['env/expect', 'env/unreadable'], expects: 'RATE_LIMIT_ENABLED' },
      'AUTH_REQUIRED=true in production': { rules: ['env/expect', 'env/unreadable'], expects: 'AUTH_REQUIRED' },
      'DEBUG=false': { rules: ['env/expect', 'env/unreadable'], expects: 'DEBUG' },
      'All secrets are set': { rules: ['env/missing-in-example', 'env/example-missing'] },
      'No hardcoded secrets': { rules: ['env/real-value-in-example', 'env/public-secret', 'env/committed-env-file'] },
    },
    rules: ENV_RULES,
    settings: SETTINGS_SCHEMA,
  },
  create: (ctx, settings) => createEnvRun(ctx, settings),
  fileTask: readsTask,
  starter: envStarter,
});
