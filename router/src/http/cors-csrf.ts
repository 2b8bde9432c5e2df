// Browser-facing protections: CORS answers only the configured origins (no Access-Control-Allow-Origin for
// anyone else), and Apollo Server's CSRF prevention refuses "simple" requests (text/plain, forms, no
// content type) that a foreign page could send without a preflight.
import cors from "cors";

export function corsMiddleware(origins: string[]) {
  return cors<cors.CorsRequest>({ origin: origins, maxAge: 600 });
}

/** Apollo Server's option: on, and never turned off (it is on by default; stated here so nobody removes it). */
export const csrfPrevention = true;
