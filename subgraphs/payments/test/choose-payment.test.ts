// The pure payment rules: which attempt stands for an order, and who may see it.
import { describe, expect, it } from "vitest";
import { choosePayment, visibleTo } from "../src/domain/payments.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
const attempt = (id: string, status: "PENDING" | "SUCCEEDED" | "FAILED" | "REFUNDED", minute: number) => ({ id, status, createdAt: at(minute) });

describe("choosePayment", () => {
  it("is null for an order without attempts", () => {
    expect(choosePayment([])).toBeNull();
  });

  it("prefers the succeeded attempt even when later ones failed", () => {
    const chosen = choosePayment([attempt("a", "FAILED", 1), attempt("b", "SUCCEEDED", 2), attempt("c", "FAILED", 3)]);
    expect(chosen?.id).toBe("b");
  });

  it("keeps showing the succeeded attempt once it is refunded", () => {
    expect(choosePayment([attempt("a", "FAILED", 1), attempt("b", "REFUNDED", 2), attempt("c", "FAILED", 3)])?.id).toBe("b");
  });

  it("otherwise takes the most recent attempt, whatever the input order", () => {
    expect(choosePayment([attempt("a", "PENDING", 5), attempt("b", "FAILED", 1), attempt("c", "FAILED", 3)])?.id).toBe("a");
  });

  it("breaks a tie on time by id, so the answer does not depend on row order", () => {
    const tied = [attempt("b", "FAILED", 4), attempt("a", "PENDING", 4)];
    expect(choosePayment(tied)?.id).toBe("b");
    expect(choosePayment([...tied].reverse())?.id).toBe("b");
  });
});

describe("visibleTo", () => {
  const payment = { userId: "8a6e0804-2bd0-5672-b79d-d97027f9071a" };

  it("shows a payment to its owner, whatever the case of the id", () => {
    expect(visibleTo(payment, { issuer: "router", userId: payment.userId })).toBe(payment);
    expect(visibleTo(payment, { issuer: "router", userId: payment.userId.toUpperCase() })).toBe(payment);
  });

  it("hides it from other users and anonymous callers, and passes a missing payment through as null", () => {
    expect(visibleTo(payment, { issuer: "router", userId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(visibleTo(payment, { issuer: "router", userId: null })).toBeNull();
    expect(visibleTo(null, { issuer: "router", userId: payment.userId })).toBeNull();
  });

  it("shows it to staff who may refund it, and to no other staff", () => {
    const staff = "00000000-0000-4000-8000-000000005eaf";
    expect(visibleTo(payment, { issuer: "router", userId: staff, scopes: ["payments:refund"] })).toBe(payment);
    expect(visibleTo(payment, { issuer: "router", userId: staff, scopes: ["orders:manage", "catalog:write"] })).toBeNull();
    expect(visibleTo(payment, { issuer: "router", userId: null, scopes: ["payments:refund"] })).toBeNull();
  });
});
