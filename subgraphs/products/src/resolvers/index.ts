// Every resolver of the products subgraph.
import { Product } from "./Product.ts";
import { ProductConnection } from "./ProductConnection.ts";
import { Query } from "./Query.ts";

export const resolvers = { Query, Product, ProductConnection };
