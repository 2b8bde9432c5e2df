// Security headers on every router response (helmet): no framing (clickjacking), no MIME sniffing, no referrer,
// and a Content Security Policy. The router's only page is the landing page: Sandbox in development, whose HTML
// carries Apollo's own nonce-based CSP for its scripts, styles and the Sandbox iframe (a page's policies combine,
// so this header leaves those directives to it and adds what a <meta> policy cannot: frame-ancestors). In
// production there is no page at all: nothing may load.
import helmet from "helmet";
import type { RequestHandler } from "express";

export function securityHeaders(production: boolean): RequestHandler {
  const common = { "frame-ancestors": ["'none'"], "base-uri": ["'none'"], "object-src": ["'none'"], "form-action": ["'self'"] };
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // In development the sources are Sandbox page's own policy (see above): no default-src here to intersect with it.
      directives: { "default-src": production ? ["'none'"] : helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc, ...common },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // The landing page loads Sandbox's scripts from Apollo's CDN: no cross-origin isolation that would block them.
    crossOriginEmbedderPolicy: false,
    // Browsers on other origins (CORS_ORIGINS) read the API; the CORS middleware decides who may.
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
}
