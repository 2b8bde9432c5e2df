// Every resolver of the products subgraph.
import type { Resolvers } from "../__generated__/resolvers-types.ts";
import { Mutation } from "./Mutation.ts";
import { Product } from "./Product.ts";
import { ProductConnection } from "./ProductConnection.ts";
import { ProductHistoryEntry } from "./ProductHistoryEntry.ts";
import { Query } from "./Query.ts";
import { StockReservation } from "./StockReservation.ts";

export const resolvers: Resolvers = { Query, Mutation, Product, ProductConnection, ProductHistoryEntry, StockReservation };
