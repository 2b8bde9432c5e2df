// Every resolver of the products subgraph.
import { Mutation } from "./Mutation.ts";
import { Product } from "./Product.ts";
import { ProductConnection } from "./ProductConnection.ts";
import { Query } from "./Query.ts";

export const resolvers = { Query, Mutation, Product, ProductConnection };
