// The scopes an account may hold beyond shopping: what staff may do. Tokens carry them (`scope` claim), the router
// enforces @requiresScopes with them, and subgraphs check them again on their staff write paths (requireScope).
export const SCOPES = {
  /** Create products, change their details and prices, adjust stock, archive them. */
  catalogWrite: "catalog:write",
  /** List every order, ship orders and mark them delivered. */
  ordersManage: "orders:manage",
  /** Refund payments. */
  paymentsRefund: "payments:refund",
  /** See and change other accounts' scopes. */
  usersAdmin: "users:admin",
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);

/** What the demo staff account holds: running the shop, not administering accounts. */
export const STAFF_SCOPES: readonly Scope[] = [SCOPES.catalogWrite, SCOPES.ordersManage, SCOPES.paymentsRefund];

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
