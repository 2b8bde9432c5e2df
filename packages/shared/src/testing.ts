// Helpers for tests (and the benchmark) that talk to real servers over HTTP.
import { createServer } from "node:net";
import { CREDENTIAL_HEADER, ROUTER_ISSUER, signCredential } from "./identity.ts";
import type { ServiceKeys } from "./service-keys.ts";

export interface GraphQLResponse<D = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: D | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/**
 * POSTs a GraphQL operation as JSON, accepting what the GraphQL-over-HTTP spec recommends (as Apollo Client
 * does): request errors then come back as 4xx, not as legacy application/json's 200. Returns the parsed
 * body with the HTTP status and headers.
 */
export async function postGraphQL<D = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<D>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json;q=0.9", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: D | null; errors?: GraphQLResponse["errors"] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Non-JSON response (${response.status}): ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, ...body };
}

/**
 * Calls a subgraph directly, as the router would, acting for `userId` (or anonymously) with the end user's `scopes`:
 * signed with the key the subgraph (`keys`, its settings' serviceKeys) checks the router's credentials with.
 */
export function callSubgraph<D = Record<string, any>>(
  url: string,
  keys: Pick<ServiceKeys, "trusted">,
  query: string,
  variables: Record<string, unknown> = {},
  userId: string | null = null,
  scopes: readonly string[] = [],
): Promise<GraphQLResponse<D>> {
  return callSubgraphAs(url, keys, ROUTER_ISSUER, query, variables, userId, scopes);
}

/** Calls a subgraph as `issuer` (a service, the router's cache poller), with the key the subgraph checks that issuer with. */
export async function callSubgraphAs<D = Record<string, any>>(
  url: string,
  keys: Pick<ServiceKeys, "trusted">,
  issuer: string,
  query: string,
  variables: Record<string, unknown> = {},
  userId: string | null = null,
  scopes: readonly string[] = [],
): Promise<GraphQLResponse<D>> {
  const key = keys.trusted[issuer];
  if (!key) throw new Error(`the subgraph has no key for ${issuer}`);
  const credential = await signCredential(key, { issuer, userId, scopes }, { query, variables });
  return postGraphQL<D>(url, query, variables, { [CREDENTIAL_HEADER]: credential });
}

/**
 * The abuse limits as the integration suites run: they sign up, log in and place orders hundreds of times from
 * 127.0.0.1 with a few accounts. The suites about those limits (router/test/rate-limits.test.ts,
 * test/order-caps.test.ts) turn them back on for themselves. Also used by `pnpm test:hosts`.
 */
export const SUITE_LIMITS = {
  RATE_LIMITS: "false",
  ORDER_MAX_PENDING: "10000",
  ORDER_MAX_UNITS_PER_PRODUCT: "1000000",
  ORDER_MAX_UNITS_HELD: "1000000",
};

/** Environment for a subgraph under test: a free port, an in-memory database, demo data, fixed secrets. */
export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "test",
    PORT: "0",
    DATABASE_URL: "memory://",
    SEED: "always",
    LOG_LEVEL: "error",
    JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789",
    SUBGRAPH_SECRET: "test-subgraph-secret-0123456789abcdef012345",
    ...SUITE_LIMITS,
    // The router's /metrics listener on any free port: a test router given a fixed PORT must not take 9464 from
    // another test process, or from a `pnpm start` running beside the tests.
    METRICS_PORT: "0",
    ...overrides,
  };
}

/** Ports this process handed out: the kernel may offer a port again once its probe closed, before its taker listens. */
const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that was free a moment ago and that this process has not handed out before (for
 * processes that cannot listen on port 0 and report it). Another process's outgoing connection can still take
 * it before it is listened on: a caller that starts many processes should retry on EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * Polls `check` every `intervalMs` until it returns true; throws `message` (computed then, when a function)
 * after `timeoutMs`, or whatever `check` throws. A bound on a wait, not a sleep to assert on.
 */
export async function eventually(
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 100, message = "condition not met in time" } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(typeof message === "function" ? message() : message);
}

/** Polls `url` until it answers with a 2xx status; throws after `timeoutMs`. */
export async function waitForUrl(url: string, timeoutMs = 120_000): Promise<void> {
  const answers = async () => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
    } catch {
      return false; // not listening yet
    }
  };
  await eventually(answers, { timeoutMs, intervalMs: 250, message: `${url} did not answer within ${timeoutMs / 1000}s` });
}
