// Compile-time checks of the generated resolver types: `pnpm typecheck` fails if any of these wrong shapes
// stops being an error (each @ts-expect-error must meet an error). Not run, only type-checked.
import type { OrderItemResolvers, OrderResolvers } from "../../../subgraphs/orders/src/__generated__/resolvers-types.ts";
import type { PaymentResolvers } from "../../../subgraphs/payments/src/__generated__/resolvers-types.ts";
import type { ProductResolvers, QueryResolvers } from "../../../subgraphs/products/src/__generated__/resolvers-types.ts";
import type { MutationResolvers, UserResolvers } from "../../../subgraphs/users/src/__generated__/resolvers-types.ts";

export const wrongScalar: ProductResolvers = {
  // @ts-expect-error Product.inStock is a Boolean, not the stock count.
  inStock: (product) => product.stock,
};

export const parentIsThePrismaRow: ProductResolvers = {
  // @ts-expect-error the parent is the Prisma Product row, which has no `price` column.
  priceCents: (product) => product.price,
};

export const wrongNullability: QueryResolvers = {
  // @ts-expect-error Query.products is non-null: a resolver may not answer null.
  products: () => null,
};

export const wrongArgument: QueryResolvers = {
  // @ts-expect-error Query.product's `id` is a string (ID), not a number.
  product: (_, { id: _id }: { id: number }) => null,
};

export const wrongContext: MutationResolvers = {
  // @ts-expect-error the users subgraph's context has no `db`; it is `prisma`.
  login: (_, __, { db }) => db,
};

export const wrongDate: UserResolvers = {
  // @ts-expect-error User.createdAt is an ISO string; the Prisma row's Date must be converted.
  createdAt: (user) => user.createdAt,
};

export const wrongReference: OrderResolvers = {
  // @ts-expect-error Order.user must be a User reference ({ id }), not the raw foreign key.
  user: (order) => order.userId,
};

export const wrongListItem: OrderItemResolvers = {
  // @ts-expect-error OrderItem.product is a Product reference with an `id`.
  product: (item) => ({ productId: item.productId }),
};

export const wrongEnum: PaymentResolvers = {
  // @ts-expect-error PaymentStatus has no DECLINED value.
  status: () => "DECLINED",
};
