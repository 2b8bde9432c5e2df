// Prices from integer minor units: the currency decides how many decimals, the locale how they look.
import { describe, expect, it } from "vitest";
import { amountText, formatPrice, minorUnitsPerMajor, parseAmount, totalsByCurrency } from "../src/lib/money.ts";

describe("formatPrice", () => {
  it("formats US dollars from cents", () => {
    expect(formatPrice(1450, "USD", "en-US")).toBe("$14.50");
    expect(formatPrice(0, "USD", "en-US")).toBe("$0.00");
    expect(formatPrice(24900, "USD", "en-US")).toBe("$249.00");
    expect(formatPrice(123456789, "USD", "en-US")).toBe("$1,234,567.89");
  });

  it("does not divide zero-decimal currencies (JPY) and uses three decimals where the currency has them", () => {
    expect(minorUnitsPerMajor("JPY")).toBe(1);
    expect(formatPrice(1500, "JPY", "en-US")).toBe("¥1,500");
    expect(minorUnitsPerMajor("KWD")).toBe(1000);
    expect(formatPrice(1250, "KWD", "en-US")).toBe("KWD\u00a01.250");
  });

  it("follows the locale's conventions", () => {
    expect(formatPrice(1999, "EUR", "de-DE")).toBe("19,99\u00a0€");
    expect(formatPrice(1999, "EUR", "en-IE")).toBe("€19.99");
  });
});

describe("totalsByCurrency", () => {
  it("adds amounts of the same currency and never mixes currencies", () => {
    const totals = totalsByCurrency([
      { amountCents: 1450, currency: "USD" },
      { amountCents: 2400, currency: "USD" },
      { amountCents: 500, currency: "EUR" },
    ]);
    expect([...totals]).toEqual([
      ["USD", 3850],
      ["EUR", 500],
    ]);
  });
});

describe("amounts staff type (prices, refunds)", () => {
  it("reads major units into minor units, as many decimals as the currency has", () => {
    expect(parseAmount("14.50", "USD")).toBe(1450);
    expect(parseAmount("14.5", "USD")).toBe(1450);
    expect(parseAmount(" 99 ", "USD")).toBe(9900);
    expect(parseAmount("0.07", "USD")).toBe(7);
    expect(parseAmount("1500", "JPY")).toBe(1500);
    expect(parseAmount("1.234", "KWD")).toBe(1234);
  });

  it("refuses what is not an amount in that currency", () => {
    for (const text of ["", "abc", "1.234", "-5", "1e3", "1,50", "12.", ".5"]) expect(parseAmount(text, "USD"), text).toBeNull();
    expect(parseAmount("15.5", "JPY")).toBeNull();
  });

  it("writes minor units back as the plain number a price field starts with", () => {
    expect(amountText(1450, "USD")).toBe("14.50");
    expect(amountText(9900, "USD")).toBe("99.00");
    expect(amountText(1500, "JPY")).toBe("1500");
    expect(parseAmount(amountText(123456, "USD"), "USD")).toBe(123456);
  });
});
