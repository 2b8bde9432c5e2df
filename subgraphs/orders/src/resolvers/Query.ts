// Query fields owned by the orders service.
import type { Context } from "../context.ts";
import { ownOrder } from "../domain/orders.ts";

export const Query = {
  order: (_: unknown, { id }: { id: string }, context: Context) => ownOrder(context, id),
};
