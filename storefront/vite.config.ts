// Vite: builds the storefront and serves it (dev server or `vite preview`), proxying /graphql to the router so
// the browser talks to one origin (no CORS needed) and the router URL is a server-side setting.
import type { IncomingMessage, ServerResponse } from "node:http";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";
import { developmentHeaders, productionHeaders } from "./security-headers.ts";

const routerUrl = process.env.ROUTER_URL || "http://127.0.0.1:4000";
const port = Number(process.env.STOREFRONT_PORT || 5173);
const host = process.env.STOREFRONT_HOST || "127.0.0.1";

const proxy: Record<string, ProxyOptions> = {
  "/graphql": { target: routerUrl, changeOrigin: true, xfwd: true },
};

/** /health and /ready for the launcher and probes: the storefront is static files, so serving means ready. */
function probes(): Plugin {
  const handle = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.url !== "/health" && req.url !== "/ready") return next();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ status: "ok" }));
  };
  return {
    name: "shop-probes",
    configureServer: (server) => void server.middlewares.use(handle),
    configurePreviewServer: (server) => void server.middlewares.use(handle),
  };
}

export default defineConfig({
  plugins: [react(), probes()],
  server: { host, port, strictPort: true, proxy, headers: developmentHeaders },
  preview: { host, port, strictPort: true, proxy, headers: productionHeaders },
  build: {
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: "graphql", test: /node_modules[\\/](@apollo|graphql|rxjs|@wry|optimism|tslib|@graphql-typed-document-node)[\\/]/ },
          ],
        },
      },
    },
  },
});
