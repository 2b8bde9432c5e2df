// `pnpm checkout:smoke`: checks a running supergraph's checkout through the router (ROUTER_URL, default
// http://127.0.0.1:4000/graphql) as the demo shoppers: retried placeOrder and payOrder act once, a declined card
// leaves the order unpaid, concurrent buyers never oversell, bad input is refused and changes nothing, and a stranger
// can neither pay nor read someone else's order. Leaves the stock as it found it (it cancels what it placed).
import { randomUUID } from "node:crypto";

const url = process.env.ROUTER_URL ?? "http://127.0.0.1:4000/graphql";
let failures = 0;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

function check(what: string, ok: boolean, detail = ""): void {
  if (!ok) failures++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `  (${detail})` : ""}`);
}

const login = async (email: string) =>
  (await gql(`mutation ($e: String!) { login(email: $e, password: "storefront-demo") { token } }`, { e: email })).data.login.token as string;
const stockOf = async (id: string) => (await gql(`query ($id: ID!) { product(id: $id) { stock } }`, { id })).data.product.stock as number;
const place = (token: string, items: Array<{ productId: string; quantity: number }>, idempotencyKey = randomUUID()) =>
  gql(`mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status totalCents } }`, { i: { items, idempotencyKey } }, token);
const pay = (token: string, orderId: string, paymentMethod: string, idempotencyKey = randomUUID()) =>
  gql(`mutation ($i: PayOrderInput!) { payOrder(input: $i) { id status amountCents failureReason order { status } } }`, { i: { orderId, paymentMethod, idempotencyKey } }, token);
const cancel = (token: string, orderId: string) => gql(`mutation ($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: orderId }, token);
const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code as string | undefined;

const ada = await login("ada@example.com");
const grace = await login("grace@example.com");
const catalogue = (await gql(`{ products(first: 100) { edges { node { id sku priceCents stock } } } }`)).data.products.edges.map((e: any) => e.node);
const roomy = catalogue.find((p: any) => p.stock >= 20)!;
const scarce = catalogue.filter((p: any) => p.stock >= 3).sort((a: any, b: any) => a.stock - b.stock)[0]!;

// 1. A retried placeOrder acts once.
const before = await stockOf(roomy.id);
const orderKey = randomUUID();
const placed = await Promise.all([0, 1, 2].map(() => place(ada, [{ productId: roomy.id, quantity: 2 }], orderKey)));
const ids = new Set(placed.map((r) => r.data?.placeOrder.id));
check("retried placeOrder (3 times, same key) gives one order", ids.size === 1 && !ids.has(undefined), `${ids.size} distinct ids`);
check("its stock is reserved once", (await stockOf(roomy.id)) === before - 2, `${before} -> ${await stockOf(roomy.id)}`);
const orderId = placed[0]!.data.placeOrder.id as string;

// 2. A stranger can neither pay nor read it.
check("a stranger cannot pay it", codeOf(await pay(grace, orderId, "pm_card_visa")) === "NOT_FOUND");
check("a stranger cannot read it", codeOf(await gql(`query ($id: ID!) { order(id: $id) { id } }`, { id: orderId }, grace)) === "NOT_FOUND");

// 3. A declined card leaves it unpaid; a retried payOrder charges once; a paid order is not charged again.
const declined = await pay(ada, orderId, "pm_card_declined");
check("a declined card gives a FAILED payment and the order stays PENDING", declined.data?.payOrder.status === "FAILED" && declined.data?.payOrder.order.status === "PENDING", declined.data?.payOrder.failureReason);
const payKey = randomUUID();
const first = await pay(ada, orderId, "pm_card_visa", payKey);
const second = await pay(ada, orderId, "pm_card_visa", payKey);
check("retried payOrder (same key) returns the same payment", first.data?.payOrder.id === second.data?.payOrder.id && first.data?.payOrder.status === "SUCCEEDED");
check("the amount came from the order", first.data?.payOrder.amountCents === placed[0]!.data.placeOrder.totalCents, `${first.data?.payOrder.amountCents} cents`);
check("the order is PAID", first.data?.payOrder.order.status === "PAID");
check("a paid order is refused with another key", codeOf(await pay(ada, orderId, "pm_card_visa")) === "CONFLICT");

// 4. More concurrent buyers than stock never oversell.
const scarceBefore = await stockOf(scarce.id);
const buyers = Array.from({ length: scarceBefore + 6 }, (_, i) => place(i % 2 ? grace : ada, [{ productId: scarce.id, quantity: 1 }]));
const results = await Promise.all(buyers);
const won = results.filter((r) => r.data?.placeOrder);
const refused = results.filter((r) => codeOf(r) === "INSUFFICIENT_STOCK");
check(`${results.length} concurrent buyers for ${scarceBefore} units: exactly ${scarceBefore} succeed`, won.length === scarceBefore && refused.length === results.length - scarceBefore, `${won.length} won, ${refused.length} refused`);
check("stock ends at exactly 0", (await stockOf(scarce.id)) === 0);
for (const [i, r] of results.entries()) if (r.data?.placeOrder) await cancel(i % 2 ? grace : ada, r.data.placeOrder.id);
check("cancelling them puts every unit back", (await stockOf(scarce.id)) === scarceBefore);

// 5. Bad input is refused with a clear code and changes nothing.
const unknownId = "00000000-0000-4000-8000-0000000000ff";
const roomyNow = await stockOf(roomy.id);
const bad: Array<[string, Promise<{ errors?: any[] }>, string]> = [
  ["quantity 0", place(ada, [{ productId: roomy.id, quantity: 0 }]), "BAD_USER_INPUT"],
  ["negative quantity", place(ada, [{ productId: roomy.id, quantity: -1 }]), "BAD_USER_INPUT"],
  ["absurd quantity", place(ada, [{ productId: roomy.id, quantity: 1_000_000 }]), "BAD_USER_INPUT"],
  ["empty items", place(ada, []), "BAD_USER_INPUT"],
  ["unknown product", place(ada, [{ productId: unknownId, quantity: 1 }]), "NOT_FOUND"],
  ["more than in stock", place(ada, [{ productId: roomy.id, quantity: 1 }, { productId: scarce.id, quantity: scarceBefore + 1 }]), "INSUFFICIENT_STOCK"],
  ["not logged in", place(undefined as unknown as string, [{ productId: roomy.id, quantity: 1 }]), "UNAUTHENTICATED"],
];
for (const [name, request, expected] of bad) {
  const result = await request;
  check(`bad input: ${name} -> ${expected}`, codeOf(result) === expected, `${codeOf(result)}: ${result.errors?.[0]?.message}`);
}
check("bad input changed no stock", (await stockOf(roomy.id)) === roomyNow && (await stockOf(scarce.id)) === scarceBefore);

console.log(failures ? `\n${failures} check(s) failed` : "\nall checkout checks passed");
process.exit(failures ? 1 : 0);
