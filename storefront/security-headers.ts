// Security headers on every page and file the storefront serves (vite.config.ts hands them to the dev server and to
// `vite preview`, the production server): no framing, no MIME sniffing, a referrer policy, and a Content Security
// Policy. The built app loads only its own files and talks only to its own origin (/graphql is proxied), so the
// production policy allows 'self' and nothing else; the dev server injects inline scripts and a websocket for hot
// reload, so in development the policy keeps only what does not break them.
const common = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

const productionPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style properties through the DOM (allowed); no inline <style> elements or attributes are needed.
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const developmentPolicy = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"].join("; ");

export const productionHeaders: Record<string, string> = { ...common, "Content-Security-Policy": productionPolicy };
export const developmentHeaders: Record<string, string> = { ...common, "Content-Security-Policy": developmentPolicy };
