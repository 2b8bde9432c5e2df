// The overall budget of one client address, counted before the body is read (a flood costs the router as
// little as possible); it also records the client's address for the per-operation budgets.
import type { RequestHandler } from "express";
import { type Budgets, RateLimitedError, take } from "./budgets.ts";
import { clientAddress } from "./client-address.ts";

export function requestBudget(budgets: Budgets | undefined, trustedProxyHops: number): RequestHandler {
  return async (req, res, next) => {
    const address = clientAddress(req, trustedProxyHops);
    res.locals.clientAddress = address;
    if (!budgets) return next();
    try {
      await take(budgets.requestsPerAddress, address, "requests from this address");
      next();
    } catch (error) {
      if (!(error instanceof RateLimitedError)) return next(error);
      res.setHeader("retry-after", String(error.retryAfterSeconds));
      res.status(429).json({ errors: [{ message: error.message, extensions: { code: "RATE_LIMITED", retryAfter: error.retryAfterSeconds } }] });
    }
  };
}
