// The demo data every service seeds its own part of. Ids are derived from stable names, so the users,
// products, orders and payments databases agree on them without ever reading each other.
import { createHash } from "node:crypto";
import type { Address } from "./address.ts";
import { STAFF_SCOPES, type Scope } from "./scopes.ts";

/** A UUID (v5-shaped) derived from a name: the same name always gives the same id. */
export function seedId(name: string): string {
  const hex = createHash("sha1").update(`shop-seed:${name}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What a seed is told about where it runs. */
export interface SeedOptions {
  /** NODE_ENV=production: no demo accounts (their passwords are public) and nothing that belongs to them. */
  production: boolean;
}

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  password: string;
  scopes: readonly Scope[];
}

/** Two shoppers with orders, and a staff account that runs the shop (never seeded in production). */
export const seedUsers: SeedUser[] = [
  { id: seedId("user:ada"), email: "ada@example.com", name: "Ada Lovelace", password: "storefront-demo", scopes: [] },
  { id: seedId("user:grace"), email: "grace@example.com", name: "Grace Hopper", password: "storefront-demo", scopes: [] },
  { id: seedId("user:staff"), email: "staff@example.com", name: "Sam Staff", password: "storefront-demo", scopes: STAFF_SCOPES },
];

export interface SeedProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  stock: number;
  /** A picture shipped with the storefront (storefront/public/images/products/), served without internet access. */
  imageUrl: string;
}

const catalog: Array<[sku: string, name: string, description: string, priceCents: number, stock: number]> = [
  ["MUG-001", "Analytical Engine Mug", "Stoneware mug printed with the Analytical Engine's mill.", 1450, 120],
  ["TEE-002", "Bernoulli Numbers T-shirt", "Organic cotton tee with Note G's table of Bernoulli numbers.", 2400, 60],
  ["NB-003", "Punch Card Notebook", "A5 dotted notebook whose cover is a Jacquard punch card.", 1200, 200],
  ["PEN-004", "Difference Engine Fountain Pen", "Brass fountain pen with a fine steel nib.", 5800, 15],
  ["LAMP-005", "Vacuum Tube Desk Lamp", "Warm LED lamp shaped like an ENIAC vacuum tube.", 8900, 8],
  ["KB-006", "Mechanical Keyboard", "Tenkeyless keyboard with tactile switches and PBT keycaps.", 12900, 25],
  ["MOUSE-007", "Trackball Mouse", "Thumb-operated trackball, wireless, three-year battery.", 6400, 30],
  ["DESK-008", "Standing Desk Mat", "Anti-fatigue mat for standing desks, 90 x 60 cm.", 4500, 40],
  ["HEAD-009", "Noise-Cancelling Headphones", "Over-ear headphones with 30 hours of battery.", 19900, 12],
  ["CABLE-010", "Braided USB-C Cable", "Two-metre USB-C cable rated for 100 W.", 1500, 500],
  ["STAND-011", "Aluminium Laptop Stand", "Folding stand that raises a laptop to eye level.", 3900, 45],
  ["BUG-012", "First Bug Moth Pin", "Enamel pin of the moth found in the Mark II relay, 1947.", 800, 300],
  ["POSTER-013", "COBOL Poster", "Screen-printed poster of a COBOL program, 50 x 70 cm.", 2200, 35],
  ["SOCK-014", "Binary Socks", "Merino socks knitted in ones and zeros.", 1600, 80],
  ["BOOK-015", "Sketch of the Analytical Engine", "Hardback reprint of Menabrea's paper with Ada's notes.", 3200, 20],
  ["PUZZLE-016", "Turing Machine Puzzle", "A wooden puzzle that runs a three-state busy beaver.", 2900, 10],
  ["CLOCK-017", "Nixie Tube Clock", "Six-digit clock with real Nixie tubes.", 24900, 3],
  ["PLANT-018", "Desk Succulent", "A hard-to-kill succulent in a 3D-printed pot.", 1800, 50],
  ["BAG-019", "Laptop Backpack", "Water-resistant backpack with a padded 16-inch sleeve.", 8400, 18],
  ["CUP-020", "Insulated Coffee Tumbler", "Keeps coffee hot through a long debugging session.", 2600, 70],
  ["STICK-021", "Sticker Pack", "Twenty vinyl stickers of famous computers.", 900, 400],
  ["RUBBER-022", "Rubber Duck", "A debugging companion that listens without judging.", 700, 250],
  ["WEBCAM-023", "4K Webcam", "Webcam with a privacy shutter and stereo microphones.", 11900, 0],
  ["HUB-024", "USB-C Hub", "Seven ports: HDMI, Ethernet, SD, three USB-A and USB-C PD.", 4900, 2],
  ["CHAIR-025", "Ergonomic Chair Cushion", "Memory-foam seat cushion with a coccyx cut-out.", 3500, 1],
  ["GLOBE-026", "ARPANET Map Print", "A print of the 1977 ARPANET logical map.", 2500, 25],
];

export const seedProducts: SeedProduct[] = catalog.map(([sku, name, description, priceCents, stock]) => ({
  id: seedId(`product:${sku}`),
  sku,
  name,
  description,
  priceCents,
  currency: "USD",
  stock,
  imageUrl: `/images/products/${sku.toLowerCase()}.svg`,
}));

export interface SeedOrder {
  id: string;
  userId: string;
  createdAt: Date;
  currency: string;
  items: Array<{ productId: string; quantity: number; unitPriceCents: number }>;
  totalCents: number;
  payment: { id: string; createdAt: Date };
  /** Where the demo order ships: its buyer's demo address, so staff can ship the seeded PAID orders. */
  shippingAddress: Address;
}

/** A demo postal address per shopper (fictional), already in the form parseAddress stores. */
export const seedAddresses: Record<string, Address> = {
  ada: { name: "Ada Lovelace", line1: "12 St James's Square", line2: null, city: "London", postalCode: "SW1Y 4JH", country: "GB" },
  grace: { name: "Grace Hopper", line1: "1000 Navy Pentagon", line2: "Room 4C", city: "Arlington", postalCode: "22202", country: "US" },
};

const orderPlan: Array<[user: string, day: number, items: Array<[sku: string, quantity: number]>]> = [
  ["ada", 1, [["MUG-001", 2], ["NB-003", 1]]],
  ["ada", 5, [["KB-006", 1], ["CABLE-010", 2], ["RUBBER-022", 3]]],
  ["ada", 12, [["BOOK-015", 1]]],
  ["grace", 3, [["BUG-012", 4], ["POSTER-013", 1]]],
  ["grace", 9, [["HEAD-009", 1]]],
];

const bySku = new Map(seedProducts.map((product) => [product.sku, product]));

export const seedOrders: SeedOrder[] = orderPlan.map(([user, day, lines], index) => {
  const items = lines.map(([sku, quantity]) => {
    const product = bySku.get(sku);
    if (!product) throw new Error(`seed order refers to unknown sku ${sku}`);
    return { productId: product.id, quantity, unitPriceCents: product.priceCents };
  });
  const createdAt = new Date(Date.UTC(2026, 9, day, 10, index));
  return {
    id: seedId(`order:${user}:${day}`),
    userId: seedId(`user:${user}`),
    createdAt,
    currency: "USD",
    items,
    totalCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
    payment: { id: seedId(`payment:${user}:${day}`), createdAt: new Date(createdAt.getTime() + 60_000) },
    shippingAddress: seedAddresses[user]!,
  };
});
