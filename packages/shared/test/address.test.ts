// AddressInput checks: what a shipping (or saved) address must be before any service stores it.
import { describe, expect, it } from "vitest";
import { ADDRESS_LIMITS, type AddressInput, parseAddress } from "../src/address.ts";

const valid: AddressInput = { name: "Ada Lovelace", line1: "12 St James's Square", line2: null, city: "London", postalCode: "SW1Y 4JH", country: "GB" };

function refusal(input: Partial<AddressInput>): Record<string, unknown> | undefined {
  try {
    parseAddress({ ...valid, ...input }, "shippingAddress");
  } catch (error) {
    return (error as { extensions?: Record<string, unknown> }).extensions;
  }
  return undefined;
}

describe("parseAddress", () => {
  it("keeps a valid address, trimmed, with the country code upper-case and an empty line2 as null", () => {
    expect(parseAddress({ ...valid, name: "  Ada Lovelace ", city: "London\t", country: " gb ", line2: "   " })).toEqual(valid);
    expect(parseAddress({ ...valid, line2: " Flat 3 " }).line2).toBe("Flat 3");
    const { line2: _omitted, ...withoutLine2 } = valid;
    expect(parseAddress(withoutLine2).line2).toBeNull();
    for (const postalCode of ["10115", "02-134", "K1A 0B1", "1010"]) expect(parseAddress({ ...valid, postalCode }).postalCode).toBe(postalCode);
  });

  it("refuses empty required parts, naming the field", () => {
    for (const key of ["name", "line1", "city", "postalCode"] as const) {
      expect(refusal({ [key]: "   " })).toEqual({ code: "BAD_USER_INPUT", field: `shippingAddress.${key}` });
    }
  });

  it("refuses parts over their length limit, control characters and odd postal codes", () => {
    for (const key of ["name", "line1", "line2", "city"] as const) {
      expect(refusal({ [key]: "x".repeat(ADDRESS_LIMITS[key] + 1) })?.field).toBe(`shippingAddress.${key}`);
      expect(parseAddress({ ...valid, [key]: "x".repeat(ADDRESS_LIMITS[key]) })[key]).toHaveLength(ADDRESS_LIMITS[key]);
    }
    expect(refusal({ line1: "12 Main St\nDROP TABLE" })?.field).toBe("shippingAddress.line1");
    for (const postalCode of ["SW1Y--4JH", "<script>", "1".repeat(17), "SW1Y  4JH"]) expect(refusal({ postalCode })?.field).toBe("shippingAddress.postalCode");
  });

  it("accepts only ISO 3166-1 alpha-2 country codes", () => {
    for (const country of ["US", "de", "JP", "BR"]) expect(parseAddress({ ...valid, country }).country).toBe(country.toUpperCase());
    for (const country of ["GBR", "UK", "ZZ", "G", "", "826", "EU"]) {
      expect(refusal({ country })).toEqual({ code: "BAD_USER_INPUT", field: "shippingAddress.country" });
    }
  });
});
