// Every resolver of the payments subgraph.
import { Mutation } from "./Mutation.ts";
import { Order } from "./Order.ts";
import { Payment } from "./Payment.ts";

export const resolvers = { Mutation, Payment, Order };
