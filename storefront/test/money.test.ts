// Prices from integer minor units: the currency decides how many decimals, the locale how they look.
import { describe, expect, it } from "vitest";
import { formatPrice, minorUnitsPerMajor, totalsByCurrency } from "../src/lib/money.ts";

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
