// Builds the storefront for production (persisted query ids on) and serves it with `vite preview` on a free
// port, proxying /graphql to the given router.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@shop/shared/testing";
import { build, preview } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function startStorefront(routerUrl: string) {
  // vite.config.ts reads these when it is loaded, by build() and by preview() below.
  process.env.ROUTER_URL = routerUrl;
  process.env.STOREFRONT_PORT = String(await freePort());
  const configFile = path.join(root, "vite.config.ts");
  // vitest sets NODE_ENV=test, which would make this a development build (no persisted queries).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root, configFile, logLevel: "warn", mode: "production" });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({ root, configFile, logLevel: "warn" });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? `http://127.0.0.1:${process.env.STOREFRONT_PORT}`;
  return {
    url,
    stop: () => server.close(),
  };
}
