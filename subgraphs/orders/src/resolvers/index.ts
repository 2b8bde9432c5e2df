// Every resolver of the orders subgraph.
import { Order } from "./Order.ts";
import { OrderItem } from "./OrderItem.ts";
import { Query } from "./Query.ts";
import { User } from "./User.ts";

export const resolvers = { Query, Order, OrderItem, User };
