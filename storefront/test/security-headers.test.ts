// The storefront's production server (`vite preview`, as `NODE_ENV=production pnpm start` and the storefront
// process serve the build) sends the security headers on its pages and files; the dev server sends the frame and
// sniffing protections. Served here from a stand-in build folder, so the test needs no storefront build.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@shop/shared/testing";
import { preview } from "vite";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = mkdtempSync(path.join(tmpdir(), "storefront-dist-"));

describe("storefront security headers", () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("vite preview sends CSP, frame denial, nosniff and a referrer policy on the page and its assets", async () => {
    writeFileSync(path.join(outDir, "index.html"), "<!doctype html><title>Shop</title>");
    writeFileSync(path.join(outDir, "app.js"), "export {};");
    const port = await freePort();
    const server = await preview({
      root,
      configFile: path.join(root, "vite.config.ts"),
      logLevel: "silent",
      build: { outDir },
      preview: { port, strictPort: true },
    });
    try {
      for (const file of ["/", "/app.js"]) {
        const response = await fetch(`http://127.0.0.1:${port}${file}`);
        expect(response.status).toBe(200);
        const csp = response.headers.get("content-security-policy") ?? "";
        expect(csp).toMatch(/default-src 'self'/);
        expect(csp).toMatch(/script-src 'self'(;|$)/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(response.headers.get("x-frame-options")).toBe("DENY");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      }
    } finally {
      await server.close();
    }
  });
});
