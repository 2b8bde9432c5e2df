// What every browser suite starts: the real stack (four subgraphs and the router on free ports, in-memory PGlite),
// the production build served by `vite preview`, and Debian's Chromium. Each page opened here records the GraphQL
// requests it sends (with their answers) and its script errors, and takes full-page screenshots into
// storefront/e2e/screenshots/<suite>/.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startStack, type Stack } from "../../test/support/stack.ts";
import { launchChromium } from "./browser.ts";
import { startStorefront } from "./storefront-server.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface GraphQLRequest {
  operationName?: string;
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: { persistedQuery?: { sha256Hash?: string } };
}

export interface GraphQLExchange {
  /** Which page sent it (newPage's label). */
  page: string;
  request: GraphQLRequest;
  response: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }> };
}

/** The committed trusted documents: operation name -> id and body. */
export const manifest = JSON.parse(readFileSync(path.join(here, "../persisted-query-manifest.json"), "utf8")) as {
  operations: Array<{ id: string; name: string; body: string }>;
};
const manifestIds = new Set(manifest.operations.map((operation) => operation.id));

/** Requests that were not sent as a persisted query id from the manifest (trusted documents), as sentences. */
export function untrustedRequests(requests: GraphQLRequest[]): string[] {
  return requests.flatMap((request) => {
    const id = request.extensions?.persistedQuery?.sha256Hash;
    if (typeof id !== "string") return [`operation ${request.operationName} has no persisted query id`];
    return manifestIds.has(id) ? [] : [`operation ${request.operationName}'s id is not in the manifest`];
  });
}

export async function startHarness(suite: string) {
  const screenshots = path.join(here, "screenshots", suite);
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const stack: Stack = await startStack("pglite");
  const storefront = await startStorefront(stack.router.url);
  const browser: Browser = await launchChromium();
  const graphqlRequests: GraphQLRequest[] = [];
  const exchanges: GraphQLExchange[] = [];
  const pageErrors: string[] = [];

  /** A page in a browser context of its own (its own cookies: one shopper or staff member per page). */
  async function newPage(label = "page"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/graphql" && request.method() === "POST") {
        graphqlRequests.push(JSON.parse(request.postData() ?? "{}"));
      }
    });
    page.on("response", async (response) => {
      const request = response.request();
      if (new URL(request.url()).pathname !== "/graphql" || request.method() !== "POST") return;
      try {
        exchanges.push({ page: label, request: JSON.parse(request.postData() ?? "{}"), response: await response.json() });
      } catch {
        /* the page went away before the body was read */
      }
    });
    return page;
  }

  return {
    stack,
    storefront,
    browser,
    graphqlRequests,
    exchanges,
    pageErrors,
    newPage,
    shoot: (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true }),
    async stop() {
      await browser.close();
      await storefront.stop();
      await stack.stop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
