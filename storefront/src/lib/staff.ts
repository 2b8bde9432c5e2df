// Which scopes make an account staff (packages/shared/src/scopes.ts): the layout links to the staff area for them.
// Only a hint for the interface: the graph itself refuses staff operations to anyone without the scope.
export const STAFF_SCOPES = ["catalog:write", "orders:manage", "payments:refund", "users:admin"] as const;

export function isStaff(scopes: readonly string[] | undefined): boolean {
  return (scopes ?? []).some((scope) => (STAFF_SCOPES as readonly string[]).includes(scope));
}
