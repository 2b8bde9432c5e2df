// Every resolver of the payments subgraph.
import type { Resolvers } from "../__generated__/resolvers-types.ts";
import { Mutation } from "./Mutation.ts";
import { Order } from "./Order.ts";
import { Payment } from "./Payment.ts";
import { Refund } from "./Refund.ts";

export const resolvers: Resolvers = { Mutation, Payment, Order, Refund };
