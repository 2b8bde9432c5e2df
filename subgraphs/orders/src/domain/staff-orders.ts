// Staff order lists (Query.orders, orders:manage): every customer's orders, newest first, filtered by status,
// customer and placement time, paginated like a shopper's history (order-pages.ts) with the same cursors.
import { badUserInput } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { requireUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import type { OrderStatus, PrismaClient } from "../__generated__/prisma/client.ts";
import type { OrderFilter } from "../db/order-pages.ts";
import { type OrderPage, type OrderPageArgs, orderPage } from "./order-pages.ts";

export interface StaffOrderArgs extends OrderPageArgs {
  status?: OrderStatus | null;
  userId?: string | null;
  placedAfter?: string | null;
  placedBefore?: string | null;
}

/** A date (2026-12-01: its start in UTC) or a date-time with seconds optional, fractions optional and a zone (Z or ±hh:mm). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** The instant `value` names; BAD_USER_INPUT naming `argument` for anything else (2026-02-30, no zone, a word). */
export function parseInstant(value: string, argument: string): Date {
  const match = INSTANT.exec(value);
  const time = match ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: the calendar date must survive a round trip.
  const [, year, month, day] = match ?? [];
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const real = calendar.getUTCFullYear() === Number(year) && calendar.getUTCMonth() === Number(month) - 1 && calendar.getUTCDate() === Number(day);
  if (!match || Number.isNaN(time) || !real) {
    throw badUserInput(`${argument} must be an ISO-8601 date (2026-12-01) or date-time with a time zone (2026-12-01T09:30:00Z)`, argument);
  }
  return new Date(time);
}

/** The filter the arguments ask for; BAD_USER_INPUT for a malformed user id, a bad instant or an empty range. */
export function parseStaffFilter(args: StaffOrderArgs): OrderFilter {
  const filter: OrderFilter = {};
  if (args.status) filter.status = args.status;
  if (args.userId != null) filter.userId = requireUuid(args.userId, "userId");
  if (args.placedAfter != null) filter.placedAfter = parseInstant(args.placedAfter, "placedAfter");
  if (args.placedBefore != null) filter.placedBefore = parseInstant(args.placedBefore, "placedBefore");
  if (filter.placedAfter && filter.placedBefore && filter.placedAfter >= filter.placedBefore) {
    throw badUserInput("placedAfter must be earlier than placedBefore", "placedBefore");
  }
  return filter;
}

/** One page of every customer's orders matching the arguments. UNAUTHENTICATED, FORBIDDEN without orders:manage. */
export function staffOrders({ caller, prisma }: { caller: Caller; prisma: PrismaClient }, args: StaffOrderArgs): Promise<OrderPage> {
  requireScope(caller, SCOPES.ordersManage);
  return orderPage(prisma, parseStaffFilter(args), args);
}
