// The subgraphs the bench runs, as each declares itself to the scaffold (src/subgraph.ts): the bench prepares their
// databases with the declared Prisma clients and seeds, and the reference monolith runs the declarations in-process.
import { orders } from "../../subgraphs/orders/src/subgraph.ts";
import { payments } from "../../subgraphs/payments/src/subgraph.ts";
import { products } from "../../subgraphs/products/src/subgraph.ts";
import { users } from "../../subgraphs/users/src/subgraph.ts";

export const DECLARATIONS = { users, products, orders, payments };
