// Every resolver of the orders subgraph.
import type { Resolvers } from "../__generated__/resolvers-types.ts";
import { Mutation } from "./Mutation.ts";
import { Order } from "./Order.ts";
import { OrderConnection } from "./OrderConnection.ts";
import { OrderEvent } from "./OrderEvent.ts";
import { OrderItem } from "./OrderItem.ts";
import { Query } from "./Query.ts";
import { User } from "./User.ts";

export const resolvers: Resolvers = { Query, Mutation, Order, OrderConnection, OrderEvent, OrderItem, User };
