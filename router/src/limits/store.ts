// Where the rate limiters keep their counters: Redis when REDIS_URL is set (every router replica shares them),
// process memory otherwise (the embedded default: one router). rate-limiter-flexible gives both the same API.
import type { Logger } from "@shop/shared/logger";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface LimiterOptions {
  /** Names the budget in the store's keys. */
  name: string;
  /** Points one key may consume per window. */
  points: number;
  /** The window, in seconds. */
  duration: number;
  /** Once over budget, the key stays refused this long (seconds; default: until the window ends). */
  blockDuration?: number;
}

export interface LimiterStore {
  kind: "redis" | "memory";
  limiter(options: LimiterOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

const KEY_PREFIX = "router:rate-limit:";

export async function createLimiterStore(redisUrl: string | undefined, logger: Logger): Promise<LimiterStore> {
  const memory = (options: LimiterOptions) =>
    new RateLimiterMemory({ keyPrefix: KEY_PREFIX + options.name, points: options.points, duration: options.duration, blockDuration: options.blockDuration ?? 0 });
  if (!redisUrl) return { kind: "memory", limiter: memory, close: async () => {} };

  // No offline queue (rate-limiter-flexible's advice): while Redis is unreachable a command fails at once and the
  // limiter answers from its in-memory insurance (per replica) instead of holding the request.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", (error) => logger.warn({ err: error }, "rate-limit store (Redis) error; counting in memory meanwhile"));
  try {
    await redis.connect();
  } catch (error) {
    logger.warn({ err: error }, "rate-limit store (Redis) unreachable at start; counting in memory until it answers");
  }
  return {
    kind: "redis",
    limiter: (options) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: KEY_PREFIX + options.name,
        points: options.points,
        duration: options.duration,
        blockDuration: options.blockDuration ?? 0,
        insuranceLimiter: memory(options),
      }),
    close: async () => {
      redis.disconnect();
    },
  };
}
