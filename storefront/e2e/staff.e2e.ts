// Running the shop in a real browser (issue 15), on the real stack and the production build: staff log in, change
// a price and restock a product; a shopper sees the new price, saves an address and buys the restocked product;
// staff ship it and the shopper sees it shipped with its tracking number; staff refund an order and the shopper
// sees it refunded. A customer who opens the staff area sees nothing of it, and the staff operations answer
// FORBIDDEN to them. Screenshots go to storefront/e2e/screenshots/staff/.
import { seedOrders, seedProducts } from "@shop/shared/seed-data";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, manifest, startHarness, untrustedRequests } from "./harness.ts";

const webcam = seedProducts.find((product) => product.sku === "WEBCAM-023")!;
// Ada's seeded order of the book: PAID, never shipped, so a full refund makes it REFUNDED.
const bookOrder = seedOrders.find((order) => order.items.some((item) => item.productId === seedProducts.find((p) => p.sku === "BOOK-015")!.id))!;
const TRACKING = "RM123456785GB";

let harness: Harness;
let staff: Page;
let ada: Page;
let placedOrderId: string;

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

async function logIn(page: Page, email: string) {
  await page.goto(`${harness.storefront.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("storefront-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect.poll(() => page.getByRole("button", { name: "Log out" }).count()).toBe(1);
}

/** Polls what `read` sees after loading `url` afresh (the routers' caches purge within their documented bound). */
function afterReload<T>(page: Page, url: string, read: () => Promise<T>) {
  return expect.poll(async () => {
    await page.goto(url);
    return read().catch(() => undefined);
  });
}

/** A document from the trusted documents, sent as text with Ada's token straight to the router. */
async function sendAsCustomer(name: string, variables: Record<string, unknown>) {
  const operation = manifest.operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`${name} is not in the manifest`);
  const token = await harness.stack.login("ada@example.com");
  return harness.stack.query(operation.body, variables, token);
}

beforeAll(async () => {
  harness = await startHarness("staff");
  staff = await harness.newPage("staff");
  ada = await harness.newPage("ada");
});

afterAll(async () => {
  await harness?.stop();
});

describe("running the shop in Chromium", () => {
  it("staff log in, see the staff area, change a product's price and restock it", async () => {
    await logIn(staff, "staff@example.com");
    await staff.getByRole("link", { name: "Staff", exact: true }).click();
    await expect.poll(() => heading(staff)).toBe("Orders to ship");
    await expect.poll(() => staff.locator(".staff-order").count()).toBeGreaterThan(0);
    await harness.shoot(staff, "orders-to-ship");

    await staff.getByRole("link", { name: "Products", exact: true }).click();
    await staff.getByLabel("Find products").fill("webcam");
    await staff.getByRole("button", { name: "Find" }).click();
    await staff.getByRole("link", { name: webcam.name }).click();
    await expect.poll(() => heading(staff)).toBe(`Edit ${webcam.name}`);
    expect(await staff.locator(".stock-now").textContent()).toBe("0");

    await staff.getByLabel("Price (USD)").fill("99.00");
    await staff.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => staff.getByText("Saved. The price is now $99.00.").count()).toBe(1);
    await expect.poll(() => staff.locator(".facts .price").textContent()).toBe("$99.00");

    await staff.getByLabel("Units to add").fill("5");
    await staff.getByLabel("Reason").fill("Restocked from the supplier");
    await staff.getByRole("button", { name: "Adjust stock" }).click();
    await expect.poll(() => staff.getByText("Stock is now 5.").count()).toBe(1);
    await expect.poll(() => staff.locator(".stock-now").textContent()).toBe("5");
    await expect.poll(() => staff.locator(".history li").count()).toBeGreaterThanOrEqual(2);
    await harness.shoot(staff, "edit-product");
  });

  it("a shopper sees the new price, saves an address in the profile and buys the restocked product", async () => {
    await logIn(ada, "ada@example.com");
    expect(await ada.getByRole("link", { name: "Staff", exact: true }).count()).toBe(0);
    const card = ada.locator(".product-card", { hasText: webcam.name });
    await afterReload(ada, `${harness.storefront.url}/?q=webcam`, () => card.locator(".card-price").textContent()).toBe("$99.00");
    expect(await card.locator("img.product-image").getAttribute("src")).toBe(webcam.imageUrl);
    await harness.shoot(ada, "catalog-new-price");

    await ada.getByRole("link", { name: "Profile" }).click();
    await expect.poll(() => heading(ada)).toBe("Your profile");
    await ada.getByLabel("Full name").fill("Ada Lovelace");
    await ada.getByLabel("Address line 1").fill("12 St James's Square");
    await ada.getByLabel("City").fill("London");
    await ada.getByLabel("Postal code").fill("SW1Y 4JH");
    await ada.getByLabel("Country code").fill("gb");
    await ada.getByRole("button", { name: "Save address" }).click();
    await expect.poll(() => ada.getByText("Address saved.").count()).toBe(1);
    await expect.poll(() => ada.locator(".address-list li").count()).toBe(1);
    expect(await ada.locator(".address-list address").textContent()).toContain("GB");
    await harness.shoot(ada, "profile");

    await ada.goto(`${harness.storefront.url}/?q=webcam`);
    await ada.getByRole("button", { name: `Add ${webcam.name} to cart` }).click();
    await ada.getByRole("link", { name: /^Cart/ }).click();
    await ada.getByRole("link", { name: "Proceed to checkout" }).click();
    await expect.poll(() => heading(ada)).toBe("Checkout");
    // The saved address is chosen to start with.
    await expect.poll(() => ada.locator('input[name="shipTo"]').first().isChecked()).toBe(true);
    await harness.shoot(ada, "checkout-saved-address");
    await ada.getByRole("button", { name: "Place order" }).click();
    await expect.poll(() => new URL(ada.url()).pathname).toMatch(/^\/orders\/[0-9a-f-]{36}$/);
    placedOrderId = new URL(ada.url()).pathname.split("/").pop()!;
    expect(await ada.locator(".order-lines tfoot td").textContent()).toBe("$99.00");
    expect(await ada.locator(".fulfilment address").textContent()).toContain("12 St James's Square");
    await ada.getByRole("button", { name: "Pay $99.00" }).click();
    await expect.poll(() => ada.locator(".order-status .pill").textContent()).toBe("Paid");
  });

  it("staff ship Ada's order with one click, and Ada sees it shipped with the tracking number", async () => {
    await staff.goto(`${harness.storefront.url}/staff`);
    const card = staff.locator(".staff-order", { has: staff.locator(`a[href="/staff/orders/${placedOrderId}"]`) });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator("address").textContent()).toContain("London");
    await card.getByLabel("Carrier").fill("Royal Mail");
    await card.getByLabel("Tracking number").fill(TRACKING);
    await card.getByRole("button", { name: "Ship" }).click();
    // Shipped orders leave the list of orders to ship and appear among those in transit.
    await expect.poll(() => card.count()).toBe(0);
    await staff.getByRole("link", { name: /^In transit/ }).click();
    await expect.poll(() => heading(staff)).toBe("Orders in transit");
    await expect.poll(() => card.locator(".tracking-number").textContent()).toBe(TRACKING);
    await harness.shoot(staff, "in-transit");

    await ada.goto(`${harness.storefront.url}/orders/${placedOrderId}`);
    await expect.poll(() => ada.locator(".order-status .pill").textContent()).toBe("Shipped");
    expect(await ada.locator(".shipment").textContent()).toContain("Royal Mail");
    expect(await ada.locator(".tracking-number").textContent()).toBe(TRACKING);
    await harness.shoot(ada, "order-shipped");
    await ada.getByRole("link", { name: "Orders", exact: true }).click();
    const listed = ada.locator(".order-card", { has: ada.locator(`a[href="/orders/${placedOrderId}"]`) });
    await expect.poll(() => listed.locator(".tracking-number").textContent()).toBe(TRACKING);
  });

  it("staff refund an order in full from its page, and Ada sees it refunded", async () => {
    await staff.goto(`${harness.storefront.url}/staff/orders/${bookOrder.id}`);
    await expect.poll(() => staff.locator(".order-status .pill").textContent()).toBe("Paid");
    expect(await staff.getByLabel("Amount (USD)").inputValue()).toBe((bookOrder.totalCents / 100).toFixed(2));
    await staff.getByLabel("Reason").fill("Arrived damaged");
    await staff.getByRole("button", { name: "Refund", exact: true }).click();
    await expect.poll(() => staff.getByText(`Refunded $${(bookOrder.totalCents / 100).toFixed(2)}.`).count()).toBe(1);
    await harness.shoot(staff, "refunded");

    // The order becomes REFUNDED through the payments service's outbox, a moment after the refund.
    await afterReload(ada, `${harness.storefront.url}/orders/${bookOrder.id}`, () => ada.locator(".order-status .pill").textContent()).toBe("Refunded");
    expect(await ada.locator(".order-status .payment-status").textContent()).toBe("Payment refunded");
    expect(await ada.locator(".refunds").textContent()).toContain("Arrived damaged");
    await harness.shoot(ada, "order-refunded");
  });

  it("a customer who opens the staff area sees nothing of it, and its operations answer FORBIDDEN", async () => {
    await ada.goto(`${harness.storefront.url}/staff`);
    await expect.poll(() => heading(ada)).toBe("Staff area");
    expect(await ada.getByRole("alert").textContent()).toContain("You are not allowed to see the staff area");
    expect(await ada.locator(".staff-area, .staff-order, .staff-products").count()).toBe(0);
    await harness.shoot(ada, "staff-forbidden");
    const overview = harness.exchanges.filter((exchange) => exchange.page === "ada" && exchange.request.operationName === "StaffOverview");
    expect(overview.length).toBeGreaterThan(0);
    for (const { response } of overview) {
      expect(response.data).toEqual({ toShip: null, inTransit: null });
      expect(response.errors?.map((error) => [error.path?.join("."), error.extensions?.code])).toEqual([
        ["toShip", "FORBIDDEN"],
        ["inTransit", "FORBIDDEN"],
      ]);
    }

    // Every staff operation of the storefront, sent by a customer: refused, and nothing changes.
    const refusals = {
      StaffOrders: await sendAsCustomer("StaffOrders", { status: "PAID", first: 5 }),
      StaffProduct: await sendAsCustomer("StaffProduct", { id: webcam.id }),
      UpdateProduct: await sendAsCustomer("UpdateProduct", { id: webcam.id, input: { priceCents: 100 } }),
      AdjustStock: await sendAsCustomer("AdjustStock", { id: webcam.id, delta: 100, reason: "free stock" }),
      ShipOrder: await sendAsCustomer("ShipOrder", { input: { orderId: seedOrders[0]!.id, carrier: "Me", trackingNumber: "X1" } }),
      RefundPayment: await sendAsCustomer("RefundPayment", {
        input: { paymentId: seedOrders[0]!.payment.id, amountCents: 100, reason: "gift", idempotencyKey: "e2e-customer-refund-1" },
      }),
    };
    for (const [name, result] of Object.entries(refusals)) {
      expect(result.errors?.map((error) => error.extensions?.code), name).toContain("FORBIDDEN");
    }
    expect(refusals.StaffOrders.data?.orders).toBeNull();
    expect((refusals.StaffProduct.data?.product as { history: unknown } | null)?.history ?? null).toBeNull();
    const after = await harness.stack.query<{ product: { priceCents: number; stock: number } }>(`{ product(id: "${webcam.id}") { priceCents stock } }`);
    expect(after.data?.product).toEqual({ priceCents: 9900, stock: 4 });
    const seeded = await harness.stack.query<{ order: { status: string; payment: { refundedCents: number } } }>(
      `{ order(id: "${seedOrders[0]!.id}") { status payment { refundedCents } } }`,
      {},
      await harness.stack.login("ada@example.com"),
    );
    expect(seeded.data?.order).toEqual({ status: "PAID", payment: { refundedCents: 0 } });
  });

  it("sent every operation as a persisted query id from the manifest, with no page errors", () => {
    expect(harness.graphqlRequests.length).toBeGreaterThan(10);
    expect(untrustedRequests(harness.graphqlRequests)).toEqual([]);
    expect(harness.pageErrors).toEqual([]);
  });
});
