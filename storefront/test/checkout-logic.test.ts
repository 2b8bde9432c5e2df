// @vitest-environment happy-dom
// Checkout rules that keep a shopper from ordering or paying twice, and how failures are told apart.
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { beforeEach, describe, expect, it } from "vitest";
import { checkoutAttemptKey, finishCheckoutAttempt, newIdempotencyKey } from "../src/checkout/idempotency.ts";
import { needsNewKey, outcomeOfError, outcomeOfPayment } from "../src/checkout/payment-outcome.ts";
import { errorCode, isRetryable, userMessage } from "../src/lib/errors.ts";

const graphQLError = (code: string, message = "boom") => new CombinedGraphQLErrors({ errors: [{ message, extensions: { code } }] });
const serverError = (status: number) =>
  new ServerError("Response not successful", { response: new Response("", { status }), bodyText: "" });

describe("checkout attempt keys", () => {
  beforeEach(() => window.sessionStorage.clear());

  it("reuses the key while the cart is unchanged, even after a reload", () => {
    const key = checkoutAttemptKey("p1x1,p2x2");
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(checkoutAttemptKey("p1x1,p2x2")).toBe(key);
    expect(window.sessionStorage.length).toBe(1);
  });

  it("starts a new attempt with a new key when the cart changes or the order was placed", () => {
    const first = checkoutAttemptKey("p1x1");
    const changed = checkoutAttemptKey("p1x2");
    expect(changed).not.toBe(first);
    finishCheckoutAttempt();
    expect(checkoutAttemptKey("p1x2")).not.toBe(changed);
  });

  it("makes distinct UUID v4 keys", () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(200);
  });
});

describe("payment outcomes", () => {
  it("reads a returned payment's status", () => {
    expect(outcomeOfPayment("SUCCEEDED")).toEqual({ kind: "paid" });
    expect(outcomeOfPayment("FAILED")).toEqual({ kind: "declined" });
    expect(outcomeOfPayment("PENDING")).toEqual({ kind: "processing" });
  });

  it("tells a decline, a processor fault, an unknown outcome and a refusal apart", () => {
    expect(outcomeOfError(graphQLError("PAYMENT_DECLINED"))).toEqual({ kind: "declined" });
    expect(outcomeOfError(graphQLError("SERVICE_UNAVAILABLE"))).toEqual({ kind: "temporary" });
    expect(outcomeOfError(serverError(503))).toEqual({ kind: "temporary" });
    expect(outcomeOfError(new TypeError("Failed to fetch"))).toEqual({ kind: "unknown" });
    expect(outcomeOfError(graphQLError("INTERNAL_SERVER_ERROR"))).toEqual({ kind: "refused", code: "INTERNAL_SERVER_ERROR" });
    expect(outcomeOfError(graphQLError("FORBIDDEN"))).toEqual({ kind: "refused", code: "FORBIDDEN" });
  });

  it("keeps the idempotency key only when the outcome is not known", () => {
    expect(needsNewKey({ kind: "unknown" })).toBe(false);
    expect(needsNewKey({ kind: "processing" })).toBe(false);
    expect(needsNewKey({ kind: "declined" })).toBe(true);
    expect(needsNewKey({ kind: "temporary" })).toBe(true);
    expect(needsNewKey({ kind: "paid" })).toBe(true);
  });
});

describe("error messages", () => {
  it("uses the code, never the server's text, except where the server explains the input", () => {
    expect(userMessage(graphQLError("INTERNAL_SERVER_ERROR", "connect ECONNREFUSED 10.0.0.1:5432"))).toBe(
      "Something went wrong. Please try again.",
    );
    expect(userMessage(graphQLError("BAD_USER_INPUT", "password must be 8 to 200 characters"))).toBe(
      "password must be 8 to 200 characters",
    );
    expect(userMessage(graphQLError("UNAUTHENTICATED"))).toBe("Please log in to continue.");
    expect(userMessage(graphQLError("UNAUTHENTICATED"), { UNAUTHENTICATED: "Wrong password." })).toBe("Wrong password.");
    expect(userMessage(new TypeError("Failed to fetch"))).toBe("We could not reach the shop. Check your connection and try again.");
  });

  it("derives codes from HTTP failures and knows which failures are worth retrying", () => {
    expect(errorCode(serverError(401))).toBe("UNAUTHENTICATED");
    expect(errorCode(serverError(502))).toBe("SERVICE_UNAVAILABLE");
    expect(isRetryable(serverError(502))).toBe(true);
    expect(isRetryable(new TypeError("Failed to fetch"))).toBe(true);
    expect(isRetryable(graphQLError("INSUFFICIENT_STOCK"))).toBe(false);
  });
});
