// The many-shoppers data: enough distinct shoppers that no in-flight sharing or per-user cache can answer for
// another, each with a realistic history (several orders of several lines, most paid, some still pending with
// their stock held). Deterministic, so every contender's databases hold the same rows and the correct answer of
// every shopper is known before the load. Written straight into each service's database after its seed, as the
// demo data is (the monolith's databases are copies of these).
import { seedId, seedProducts } from "@shop/shared/seed-data";
import { CHECKOUT_SKU } from "./checkout-product.ts";
import { hashPassword } from "../../subgraphs/users/src/domain/password.ts";
import type { DECLARATIONS } from "./declarations.ts";

export const SHOPPER_PASSWORD = "bench-shopper-password";
const ORDERS_PER_SHOPPER = 6;
const PENDING_PER_SHOPPER = 2;
const LINES_PER_ORDER = 3;

export interface BenchOrder {
  id: string;
  status: "PAID" | "PENDING";
  createdAt: Date;
  items: Array<{ productId: string; quantity: number; unitPriceCents: number }>;
  totalCents: number;
  paymentId: string | null;
}

export interface BenchShopper {
  id: string;
  email: string;
  name: string;
  /** Newest first, as the shop lists them. */
  orders: BenchOrder[];
}

// Neither the checkout's product nor the product page's (their stock is what other scenarios check).
const lineProducts = seedProducts.filter((p) => p.sku !== CHECKOUT_SKU && p.sku !== "KB-006" && p.stock > 0);

export function benchShoppers(count: number): BenchShopper[] {
  return Array.from({ length: count }, (_, s) => {
    const orders: BenchOrder[] = Array.from({ length: ORDERS_PER_SHOPPER }, (_, o) => {
      const items = Array.from({ length: LINES_PER_ORDER }, (_, l) => {
        const product = lineProducts[(s * 7 + o * 3 + l * 5) % lineProducts.length]!;
        return { productId: product.id, quantity: 1 + ((s + o + l) % 3), unitPriceCents: product.priceCents };
      });
      // Distinct products per order (the stride above can repeat one on a short catalogue).
      const distinct = [...new Map(items.map((item) => [item.productId, item])).values()];
      const pending = o < PENDING_PER_SHOPPER;
      return {
        id: seedId(`bench-order:${s}:${o}`),
        status: pending ? "PENDING" : "PAID",
        // The pending ones are the newest; one order a day, minutes apart between shoppers.
        createdAt: new Date(Date.UTC(2026, 10, 30 - o, 9, s % 60, s)),
        items: distinct,
        totalCents: distinct.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
        paymentId: pending ? null : seedId(`bench-payment:${s}:${o}`),
      };
    });
    return { id: seedId(`bench-shopper:${s}`), email: `shopper${s}@bench.example`, name: `Bench Shopper ${s}`, orders };
  });
}

type Clients = { [S in keyof typeof DECLARATIONS]: ReturnType<(typeof DECLARATIONS)[S]["createClient"]> };

/** A pending order's stock stays held a day: long past any run, so the orders sweeper never expires one mid-run. */
const HELD_FOR_MS = 24 * 60 * 60 * 1000;

/** Writes each service's part of the shoppers into its (migrated, seeded) database. */
export const addShoppers: { [S in keyof Clients]: (prisma: Clients[S], shoppers: BenchShopper[]) => Promise<void> } = {
  async users(prisma, shoppers) {
    const passwordHash = await hashPassword(SHOPPER_PASSWORD); // one hash for all: the bench measures reads, not sign-ups
    await prisma.user.createMany({ data: shoppers.map(({ id, email, name }) => ({ id, email, name, passwordHash, createdAt: new Date(Date.UTC(2026, 8, 1)) })) });
  },
  async products(prisma, shoppers) {
    const pending = shoppers.flatMap((shopper) => shopper.orders.filter((o) => o.status === "PENDING").map((order) => ({ shopper, order })));
    await prisma.reservation.createMany({ data: pending.map(({ shopper, order }) => ({ orderId: order.id, userId: shopper.id, status: "HELD", createdAt: order.createdAt })) });
    await prisma.reservationLine.createMany({
      data: pending.flatMap(({ order }) => order.items.map((item) => ({ orderId: order.id, ...item, currency: "USD" }))),
    });
  },
  async orders(prisma, shoppers) {
    const orders = shoppers.flatMap((shopper) => shopper.orders.map((order) => ({ shopper, order })));
    await prisma.order.createMany({
      data: orders.map(({ shopper, order }) => ({
        id: order.id,
        userId: shopper.id,
        status: order.status,
        totalCents: order.totalCents,
        currency: "USD",
        createdAt: order.createdAt,
        updatedAt: order.createdAt,
        expiresAt: order.status === "PENDING" ? new Date(Date.now() + HELD_FOR_MS) : null,
      })),
    });
    await prisma.orderItem.createMany({ data: orders.flatMap(({ order }) => order.items.map((item) => ({ orderId: order.id, ...item }))) });
  },
  async payments(prisma, shoppers) {
    const paid = shoppers.flatMap((shopper) => shopper.orders.filter((o) => o.paymentId).map((order) => ({ shopper, order })));
    await prisma.payment.createMany({
      data: paid.map(({ shopper, order }) => ({
        id: order.paymentId!,
        orderId: order.id,
        userId: shopper.id,
        amountCents: order.totalCents,
        currency: "USD",
        status: "SUCCEEDED",
        createdAt: order.createdAt,
        updatedAt: order.createdAt,
      })),
    });
  },
};
