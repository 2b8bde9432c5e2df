// Every resolver of the payments subgraph.
import { Order } from "./Order.ts";
import { Payment } from "./Payment.ts";

export const resolvers = { Payment, Order };
