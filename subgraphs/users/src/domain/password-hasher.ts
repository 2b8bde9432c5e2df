// Password hashing with bounded concurrency. Each scrypt hash takes a libuv thread-pool thread and a core for
// ~0.2 s, so a flood of log-ins hashed all at once takes every thread and both cores: every other request (and
// every other log-in) waits behind it. Here at most `concurrency` hashes run at once, at most `queueLimit` wait
// (first come, first served), and the rest are refused at once with SERVICE_UNAVAILABLE, which costs nothing. One
// account (a flood of guesses at one email) holds at most PER_ACCOUNT_LIMIT of those places, so a log-in to any
// other account waits behind a few hashes at most, not behind the flood.
import { graphError } from "@shop/shared/errors";
import pLimit from "p-limit";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";

/** Hashes one account may have running or waiting at once: a person logging in needs one (two after a double click). */
export const PER_ACCOUNT_LIMIT = 3;

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
  /** Requests refused because the queue, or the account's share of it, was full. */
  refused: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies `password`; `account` (the email tried) bounds how much of the queue one account can hold. */
  verify(password: string, stored: string, account?: string): Promise<boolean>;
  needsRehash(stored: string): boolean;
  stats(): PasswordHasherStats;
}

export function createPasswordHasher({ concurrency, queueLimit }: PasswordHasherOptions): PasswordHasher {
  const limit = pLimit(concurrency);
  let peakActive = 0;
  let refused = 0;
  const perAccount = new Map<string, number>();
  const bounded = async <T>(work: () => Promise<T>, account?: string): Promise<T> => {
    const held = account === undefined ? 0 : (perAccount.get(account) ?? 0);
    if (limit.pendingCount >= queueLimit || held >= PER_ACCOUNT_LIMIT) {
      refused++;
      throw graphError("SERVICE_UNAVAILABLE", "Too many log-ins at once; try again in a few seconds", { retryAfterSeconds: 2 });
    }
    if (account !== undefined) perAccount.set(account, held + 1);
    try {
      return await limit(() => {
        peakActive = Math.max(peakActive, limit.activeCount);
        return work();
      });
    } finally {
      if (account !== undefined) {
        const left = (perAccount.get(account) ?? 1) - 1;
        if (left > 0) perAccount.set(account, left);
        else perAccount.delete(account);
      }
    }
  };
  return {
    hash: (password) => bounded(() => hashPassword(password)),
    verify: (password, stored, account) => bounded(() => verifyPassword(password, stored), account),
    needsRehash,
    stats: () => ({ active: limit.activeCount, waiting: limit.pendingCount, peakActive, refused }),
  };
}
