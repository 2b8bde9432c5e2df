// A wiretap between two services, for the attack tests: it forwards every request unchanged to the service behind it
// and keeps a copy of each request's headers and body, as an attacker on the network path between them would.
import http from "node:http";
import { listen } from "@shop/shared/http-server";
import { request } from "undici";

export interface TappedRequest {
  headers: http.IncomingHttpHeaders;
  body: { query: string; variables?: Record<string, unknown> };
}

export interface Wiretap {
  /** Where the calling service is pointed instead of the real one. */
  url: string;
  /** Every request seen, in order. */
  captured: TappedRequest[];
  close(): Promise<void>;
}

/** Not forwarded: the connection's own headers (undici sets them for its connection). */
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "keep-alive", "transfer-encoding"]);

export async function startWiretap(target: string): Promise<Wiretap> {
  const captured: TappedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    captured.push({ headers: req.headers, body: JSON.parse(text) as TappedRequest["body"] });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name))) as Record<string, string>;
    try {
      const upstream = await request(target, { method: "POST", headers, body: text });
      res.writeHead(upstream.statusCode, { "content-type": String(upstream.headers["content-type"] ?? "application/json") });
      res.end(await upstream.body.text());
    } catch {
      res.writeHead(502).end();
    }
  });
  const listening = await listen(server, 0);
  return {
    url: `${listening.url}/graphql`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
