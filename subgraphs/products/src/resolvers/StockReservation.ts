// A stock reservation: its lines come with it when the mutation read them, else from one batched query, and a
// caller that asks only for `orderId status` (the orders service's commit and release) reads no lines at all.
import type { StockReservationResolvers } from "../__generated__/resolvers-types.ts";

export const StockReservation: StockReservationResolvers = {
  lines: (reservation, _, { loaders }) => reservation.lines ?? loaders.reservationLines.load(reservation.orderId),
};
