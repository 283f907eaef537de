import { redis } from './redis';
import { env } from './env';

export async function withRateLimit(key: string, limit = env.rateLimit.max): Promise<boolean> {
  if (!env.rateLimit.enabled) return true;
  const count = await redis.incr(`rl:${key}`);
  if (count === 1) await redis.expire(`rl:${key}`, 60);
  return count <= limit;
}
