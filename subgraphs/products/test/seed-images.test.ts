// The seeded products' pictures ship with the repository: each imageUrl names a file in the storefront's public
// folder (Vite serves storefront/public at the site's root, in development and in the build), so the catalogue
// shows images with no internet access; and each picture is a small, self-contained SVG (nothing fetched).
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { seedProducts } from "@shop/shared/seed-data";
import { describe, expect, it } from "vitest";
import { parseImageUrl } from "../src/domain/product-input.ts";

const PUBLIC = path.join(repoRoot, "storefront", "public");

describe("seeded product images", () => {
  it.each(seedProducts.map((product) => [product.sku, product.imageUrl] as const))("%s has its picture in storefront/public", (_, imageUrl) => {
    expect(parseImageUrl(imageUrl)).toBe(imageUrl);
    const file = path.join(PUBLIC, imageUrl);
    expect(statSync(file).size).toBeLessThan(4_096);
    const svg = readFileSync(file, "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-label="[^"]+">/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    // Self-contained: no external references (images, fonts, stylesheets) that would need the network.
    expect(svg).not.toMatch(/href=|url\(|@import/);
  });

  it("gives every seeded product a picture of its own", () => {
    expect(new Set(seedProducts.map((product) => product.imageUrl)).size).toBe(seedProducts.length);
  });
});
