export const env = {
  databaseUrl: process.env.DATABASE_URL!,
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
  nextAuthSecret: process.env.NEXTAUTH_SECRET!,
  smtp: {
    host: process.env.SMTP_HOST,
    port: Number(process.env.SMTP_PORT ?? 587),
    user: process.env.SMTP_USER,
    password: process.env.SMTP_PASSWORD,
  },
  rateLimit: {
    enabled: process.env.RATE_LIMIT_ENABLED === 'true',
    max: Number(process.env.RATE_LIMIT_MAX ?? 60),
  },
};
