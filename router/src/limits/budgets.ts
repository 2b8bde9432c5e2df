// The router's rate-limit budgets, one limiter each, and what a refusal looks like: HTTP 429 with Retry-After
// and a GraphQL error RATE_LIMITED. Windows are fixed here; the number of points per window is a setting.
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { LimiterStore } from "./store.ts";

export interface RateLimits {
  /** Requests per minute from one client address (counted before the body is read). */
  requestsPerAddress: number;
  /** Operations per minute of one signed-in account, from any address. */
  requestsPerAccount: number;
  /** Consecutive failed logins of one account (email), from any address, before it is locked. */
  loginFailuresPerAccount: number;
  /** How long an account stays locked after those failures, in seconds. */
  loginLockoutSeconds: number;
  /** Failed logins per hour from one address, whatever the accounts. */
  loginFailuresPerAddress: number;
  /** Sign-ups per hour from one address. */
  signUpsPerAddress: number;
  /** Orders placed per hour by one account. */
  ordersPerAccount: number;
  /** Orders placed per hour from one address. */
  ordersPerAddress: number;
}

const MINUTE = 60;
const HOUR = 3600;

export interface Budgets {
  requestsPerAddress: RateLimiterAbstract;
  requestsPerAccount: RateLimiterAbstract;
  loginFailuresPerAccount: RateLimiterAbstract;
  loginFailuresPerAddress: RateLimiterAbstract;
  signUpsPerAddress: RateLimiterAbstract;
  ordersPerAccount: RateLimiterAbstract;
  ordersPerAddress: RateLimiterAbstract;
}

export function createBudgets(store: LimiterStore, limits: RateLimits): Budgets {
  return {
    requestsPerAddress: store.limiter({ name: "requests:address", points: limits.requestsPerAddress, duration: MINUTE }),
    requestsPerAccount: store.limiter({ name: "requests:account", points: limits.requestsPerAccount, duration: MINUTE }),
    // Counts consecutive failures: a successful login deletes the key. Once over, the account waits the lockout out.
    loginFailuresPerAccount: store.limiter({
      name: "login-failures:account",
      points: limits.loginFailuresPerAccount,
      duration: limits.loginLockoutSeconds,
      blockDuration: limits.loginLockoutSeconds,
    }),
    loginFailuresPerAddress: store.limiter({ name: "login-failures:address", points: limits.loginFailuresPerAddress, duration: HOUR }),
    signUpsPerAddress: store.limiter({ name: "sign-ups:address", points: limits.signUpsPerAddress, duration: HOUR }),
    ordersPerAccount: store.limiter({ name: "orders:account", points: limits.ordersPerAccount, duration: HOUR }),
    ordersPerAddress: store.limiter({ name: "orders:address", points: limits.ordersPerAddress, duration: HOUR }),
  };
}

export class RateLimitedError extends GraphQLError {
  readonly retryAfterSeconds: number;
  constructor(what: string, retryAfterSeconds: number) {
    // Apollo Server merges `http` into the response and iterates its headers as a HeaderMap (graphql-tools'
    // typing of the same extension says a plain record, hence the untyped object).
    const extensions: Record<string, unknown> = {
      code: "RATE_LIMITED",
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) },
    };
    super(`Too many ${what}; try again in ${retryAfterSeconds} s`, { extensions });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Consumes one point of `key`'s budget (atomically in the store, so a concurrent burst cannot slip past it);
 * over budget, throws RateLimitedError naming `what`. Store failures without an answer propagate.
 */
export async function take(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(what, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}
