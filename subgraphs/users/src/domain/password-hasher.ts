// Password hashing with bounded concurrency. Each scrypt hash takes a libuv thread-pool thread and a core for
// ~0.2 s, so a flood of log-ins hashed all at once takes every thread and both cores: every other request (and
// every other log-in) waits behind it. Here at most `concurrency` hashes run at once, at most `queueLimit` wait
// (first come, first served), and the rest are refused at once with SERVICE_UNAVAILABLE, which costs nothing.
import { graphError } from "@shop/shared/errors";
import pLimit from "p-limit";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";

export interface PasswordHasherOptions {
  /** Hashes computed at once (PASSWORD_HASH_CONCURRENCY). */
  concurrency: number;
  /** Hashes allowed to wait for a slot; beyond it a request is refused (PASSWORD_HASH_QUEUE). */
  queueLimit: number;
}

export interface PasswordHasherStats {
  /** Hashes running now. */
  active: number;
  /** Hashes waiting for a slot. */
  waiting: number;
  /** The most hashes ever running at once (never above `concurrency`). */
  peakActive: number;
  /** Requests refused because the queue was full. */
  refused: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  needsRehash(stored: string): boolean;
  stats(): PasswordHasherStats;
}

export function createPasswordHasher({ concurrency, queueLimit }: PasswordHasherOptions): PasswordHasher {
  const limit = pLimit(concurrency);
  let peakActive = 0;
  let refused = 0;
  const bounded = <T>(work: () => Promise<T>): Promise<T> => {
    if (limit.pendingCount >= queueLimit) {
      refused++;
      return Promise.reject(graphError("SERVICE_UNAVAILABLE", "Too many log-ins at once; try again in a few seconds", { retryAfterSeconds: 2 }));
    }
    return limit(() => {
      peakActive = Math.max(peakActive, limit.activeCount);
      return work();
    });
  };
  return {
    hash: (password) => bounded(() => hashPassword(password)),
    verify: (password, stored) => bounded(() => verifyPassword(password, stored)),
    needsRehash,
    stats: () => ({ active: limit.activeCount, waiting: limit.pendingCount, peakActive, refused }),
  };
}
