// A round-robin HTTP load balancer for tests (http-proxy-3 does the proxying): one address in front of several
// replicas, each request to the next replica in turn, with a count of the requests each replica got.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxyServer } from "http-proxy-3";

export interface RoundRobinProxy {
  /** Base URL of the proxy (`http://127.0.0.1:<port>`). */
  url: string;
  /** The replicas' base URLs; set (or replaced) once they listen, since some replicas need the proxy's URL first. */
  setTargets(targets: string[]): void;
  /** Requests forwarded to each replica, by its base URL. */
  hits(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startRoundRobinProxy(name: string): Promise<RoundRobinProxy> {
  let targets: string[] = [];
  const counts = new Map<string, number>();
  let next = 0;
  // Keep-alive to the replicas, like a real load balancer; each request still picks its replica on its own.
  const agent = new http.Agent({ keepAlive: true });
  const proxy = createProxyServer({ agent, xfwd: true });
  const server = http.createServer((req, res) => {
    if (!targets.length) {
      res.writeHead(503).end(`${name}: no replicas yet`);
      return;
    }
    const target = targets[next++ % targets.length]!;
    counts.set(target, (counts.get(target) ?? 0) + 1);
    proxy.web(req, res, { target }, (error) => {
      // A replica that is down is a 502, as from any load balancer (nothing retried: the caller decides).
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`${name}: ${target} failed: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets(list) {
      targets = [...list];
      for (const target of targets) if (!counts.has(target)) counts.set(target, 0);
    },
    hits: () => Object.fromEntries(counts),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      proxy.close();
      agent.destroy();
    },
  };
}
