// The storefront in a real browser against the real stack (four subgraphs and the router on free ports,
// the production build served by `vite preview`): browse, search, log in as Ada, see her orders, fill the
// cart, check out with a declined card then with pm_card_visa, see the order paid. Saves screenshots of
// the main pages to storefront/e2e/screenshots/shop/.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../test/support/stack.ts";
import { type Harness, startHarness, untrustedRequests } from "./harness.ts";

let harness: Harness;
let stack: Stack;
let storefront: Harness["storefront"];
let page: Page;
let graphqlRequests: Harness["graphqlRequests"];
let pageErrors: string[];

async function shoot(name: string) {
  await harness.shoot(page, name);
}

async function adaOrders(): Promise<Array<{ id: string; status: string; payment: { status: string } | null }>> {
  const token = await stack.login("ada@example.com");
  const result = await stack.query<{ me: { orders: Array<{ id: string; status: string; payment: { status: string } | null }> } }>(
    "{ me { orders { id status payment { status } } } }",
    {},
    token,
  );
  return result.data!.me.orders;
}

beforeAll(async () => {
  harness = await startHarness("shop");
  ({ stack, storefront, graphqlRequests, pageErrors } = harness);
  page = await harness.newPage();
});

afterAll(async () => {
  await harness?.stop();
});

describe("storefront in Chromium", () => {
  it("shows the catalog and loads the next page with the cursor", async () => {
    await page.goto(`${storefront.url}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Catalog");
    const cards = page.locator(".product-card");
    await expect.poll(() => cards.count()).toBe(12);
    const countText = await page.locator(".result-count").textContent();
    const total = Number(/of (\d+) products/.exec(countText ?? "")?.[1]);
    expect(total).toBeGreaterThan(12);
    await shoot("catalog");

    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => cards.count()).toBe(Math.min(24, total));
    // The second page continues the first: no product twice.
    const names = await page.locator(".product-card h2").allTextContents();
    expect(new Set(names).size).toBe(names.length);
    expect(await page.locator(".result-count").textContent()).toBe(`Showing ${Math.min(24, total)} of ${total} products.`);
  });

  it("searches the catalog", async () => {
    await page.getByLabel("Search products").fill("mug");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => page.url()).toContain("?q=mug");
    await expect.poll(() => page.locator(".product-card h2").allTextContents()).toEqual(["Analytical Engine Mug"]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Results for “mug”");
    await shoot("search");

    await page.getByLabel("Search products").fill("no such thing anywhere");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => page.locator(".result-count").textContent()).toBe("No products match your search.");
  });

  it("shows a product page with its price formatted from cents", async () => {
    await page.getByLabel("Search products").fill("mug");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("link", { name: "Analytical Engine Mug" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Analytical Engine Mug");
    expect(await page.locator(".product-price").textContent()).toBe("$14.50");
    expect(await page.getByText("Stoneware mug printed").count()).toBe(1);
    await shoot("product");
  });

  it("shows the not-found page for an unknown address and an unknown product", async () => {
    await page.goto(`${storefront.url}/no/such/page`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    await shoot("not-found");
    await page.goto(`${storefront.url}/products/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Product not found");
  });

  it("logs in as Ada (after being sent to the log-in page) and shows her orders with payment status", async () => {
    await page.goto(`${storefront.url}/orders`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await shoot("login");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("That email and password do not match an account.");

    await page.getByLabel("Password").fill("storefront-demo");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/orders");
    await expect.poll(() => page.getByText("Signed in as Ada Lovelace").count()).toBe(1);
    // The access token lives in memory only; the session is an HttpOnly, SameSite=Strict cookie of the storefront's origin.
    const stored = await page.evaluate(() => Object.values({ ...window.localStorage, ...window.sessionStorage }).join(" "));
    expect(stored).not.toMatch(/ey[\w-]+\.ey/);
    const [session] = (await page.context().cookies(storefront.url)).filter((cookie) => cookie.name === "shop_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("shop_session");
    // A reload restores the session from the cookie.
    await page.reload();
    await expect.poll(() => page.getByText("Signed in as Ada Lovelace").count()).toBe(1);

    const expected = await adaOrders();
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".order-card").count()).toBe(expected.length);
    const statuses = await page.locator(".order-card .pill").allTextContents();
    expect(statuses).toEqual(expected.map((order) => ({ PENDING: "Awaiting payment", PAID: "Paid", CANCELLED: "Cancelled" })[order.status]));
    await shoot("orders");
  });

  it("adds two products to the cart, kept in localStorage", async () => {
    await page.goto(`${storefront.url}/?q=mug`);
    await page.getByRole("button", { name: "Add Analytical Engine Mug to cart" }).click();
    await expect.poll(() => page.getByText("Added 1 × Analytical Engine Mug to your cart.").count()).toBe(1);

    await page.goto(`${storefront.url}/?q=notebook`);
    await page.getByRole("link", { name: "Punch Card Notebook" }).click();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByText("Added 2 × Punch Card Notebook to your cart.").count()).toBe(1);

    await page.getByRole("link", { name: /^Cart/ }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your cart");
    expect(await page.locator(".cart-table tbody tr").count()).toBe(2);
    // 1 × $14.50 + 2 × $12.00
    expect(await page.locator(".cart-total").textContent()).toBe("Estimated total: $38.50");
    const stored = JSON.parse((await page.evaluate(() => window.localStorage.getItem("shop.cart.v1"))) ?? "{}");
    expect(stored.lines.map((line: { name: string; quantity: number }) => [line.name, line.quantity])).toEqual([
      ["Analytical Engine Mug", 1],
      ["Punch Card Notebook", 2],
    ]);
    await page.reload();
    expect(await page.locator(".cart-table tbody tr").count()).toBe(2);
    await shoot("cart");
  });

  // NEEDS THE CHECKOUT (issue 4): fails, saying so, until the router's schema has placeOrder and payOrder.
  it("checks out: a declined card, a processor fault, then pm_card_visa, and the order is paid", async () => {
    const mutations = await stack.query<{ __schema: { mutationType: { fields: Array<{ name: string }> } } }>(
      "{ __schema { mutationType { fields { name } } } }",
    );
    const names = mutations.data!.__schema.mutationType.fields.map((field) => field.name);
    const missing = ["placeOrder", "payOrder", "cancelOrder"].filter((name) => !names.includes(name));
    if (missing.length > 0) {
      throw new Error(
        `The router's schema has no ${missing.join(", ")}: the checkout (issue 4) is not merged into this branch yet, ` +
          "so the storefront's checkout cannot run. This test is expected to pass once it is.",
      );
    }
    const before = await adaOrders();

    await page.getByRole("link", { name: "Proceed to checkout" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Checkout");
    // Ada has no saved address yet: the checkout asks for one (an order that will be shipped needs it).
    await page.getByLabel("Full name").fill("Ada Lovelace");
    await page.getByLabel("Address line 1").fill("12 St James's Square");
    await page.getByLabel("City").fill("London");
    await page.getByLabel("Postal code").fill("SW1Y 4JH");
    await page.getByLabel("Country code").fill("GB");
    await shoot("checkout");
    // A double click must still place one order: the button is disabled in flight and the key is reused.
    await page.getByRole("button", { name: "Place order" }).dblclick();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/orders\/[0-9a-f-]{36}$/);
    const orderId = new URL(page.url()).pathname.split("/").pop()!;
    await expect.poll(() => page.locator(".order-status .pill").textContent()).toBe("Awaiting payment");
    const afterPlacing = await adaOrders();
    expect(afterPlacing.length).toBe(before.length + 1);
    expect(afterPlacing.map((order) => order.id)).toContain(orderId);
    expect(await page.locator(".order-lines tfoot td").textContent()).toBe("$38.50");
    await expect.poll(() => page.getByRole("link", { name: /^Cart/ }).textContent()).toContain("0");

    await page.getByLabel(/Card ending in 0002/).check();
    await page.getByRole("button", { name: /^Pay \$38\.50$/ }).click();
    await expect
      .poll(() => page.locator(".payment-form [role=alert]").textContent())
      .toBe("Your card was declined and nothing was charged. Please choose another card and try again.");
    await expect.poll(() => page.locator(".order-status .pill").textContent()).toBe("Awaiting payment");
    await shoot("checkout-declined");
    expect((await adaOrders()).find((order) => order.id === orderId)?.status).toBe("PENDING");

    // A processor fault is temporary: nothing charged, the shopper may simply try again.
    await page.getByLabel(/Card ending in 0119/).check();
    await page.getByRole("button", { name: "Try again: pay $38.50" }).click();
    await expect
      .poll(() => page.locator(".payment-form [role=alert]").textContent())
      .toBe("The payment processor is temporarily unavailable and nothing was charged. Please try again.");
    expect((await adaOrders()).find((order) => order.id === orderId)?.status).toBe("PENDING");

    await page.getByLabel(/Visa ending in 4242/).check();
    await page.getByRole("button", { name: "Try again: pay $38.50" }).click();
    await expect.poll(() => page.locator(".order-status .pill").textContent()).toBe("Paid");
    expect(await page.getByText("Payment received. Thank you — your order is paid.").count()).toBe(1);
    expect(await page.locator(".order-status .payment-status").textContent()).toBe("Payment succeeded");
    await shoot("order-paid");
    const paid = (await adaOrders()).find((order) => order.id === orderId);
    expect(paid).toMatchObject({ status: "PAID", payment: { status: "SUCCEEDED" } });

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await expect.poll(() => page.locator(".order-card").count()).toBe(before.length + 1);
    expect(await page.locator(".order-card .pill").first().textContent()).toBe("Paid");
    await shoot("orders-after-checkout");
  });

  it("logs out: the session ends on the server, the cookie goes, and a reload stays logged out", async () => {
    await page.goto(`${storefront.url}/orders`);
    await expect.poll(() => page.getByText("Signed in as Ada Lovelace").count()).toBe(1);
    await page.getByRole("button", { name: "Log out" }).click();
    await expect.poll(() => page.getByText("Signed in as Ada Lovelace").count()).toBe(0);
    await expect.poll(async () => (await page.context().cookies(storefront.url)).some((cookie) => cookie.name === "shop_session")).toBe(false);
    await page.goto(`${storefront.url}/orders`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
  });

  it("sent every operation as a persisted query id from the manifest (trusted documents), with no page errors", () => {
    expect(graphqlRequests.length).toBeGreaterThan(5);
    expect(untrustedRequests(graphqlRequests)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
