// `pnpm storefront` and the storefront process of `pnpm start`: serves the storefront against a running router
// (ROUTER_URL, default http://127.0.0.1:4000), with the Vite dev server, or in production (NODE_ENV=production)
// the built files from dist/ with `vite preview` (built first when dist/ is missing;
// `pnpm --filter ./storefront build` rebuilds it with codegen and the persisted query manifest).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const production = process.env.NODE_ENV === "production";

// The launcher hands every child its port as PORT; run alone, STOREFRONT_PORT (vite.config.ts) decides.
if (process.env.PORT && !process.env.STOREFRONT_PORT) process.env.STOREFRONT_PORT = process.env.PORT;

let server: ViteDevServer | PreviewServer;
if (production) {
  // The generated types and persisted-query-manifest.json are committed, so bundling alone makes a missing build.
  if (!existsSync(path.join(root, "dist/index.html"))) {
    console.log("storefront: no build in dist/ yet, building it now");
    await build({ root, configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  }
  server = await preview({ root, configFile: path.join(root, "vite.config.ts") });
} else {
  server = await createServer({ root, configFile: path.join(root, "vite.config.ts") });
  await server.listen();
}
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${process.env.STOREFRONT_PORT ?? 5173}/`;
console.log(`storefront ${production ? "(built)" : "(dev server)"} at ${url}, proxying /graphql to ${process.env.ROUTER_URL || "http://127.0.0.1:4000"}`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
// Started by `pnpm start` with an IPC channel: stop when the launcher is gone, even if it was killed.
if (process.channel) {
  process.channel.unref();
  process.once("disconnect", () => void stop());
}
