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
    rules: ENV_RULES,
    settings: SETTINGS_SCHEMA,
  },
  create: (ctx, settings) => createEnvRun(ctx, settings),
  fileTask: readsTask,
  starter: envStarter,
});
