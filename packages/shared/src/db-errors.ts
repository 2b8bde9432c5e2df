// Recognises database errors the same way on PostgreSQL (@prisma/adapter-pg) and PGlite (pglite-prisma-adapter).
// The PGlite adapter reports raw PostgreSQL SQLSTATEs instead of Prisma's P-codes, so check both.

// A raw query's failure ($queryRaw, P2010) carries the driver's error in meta.driverAdapterError, not in cause.
function* chain(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    yield current as Record<string, unknown>;
    const { cause, meta } = current as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    current = cause ?? meta?.driverAdapterError;
  }
}

/** True for a unique-constraint violation (Prisma P2002, driver kind UniqueConstraintViolation, SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (const link of chain(error)) {
    if (link.code === "P2002" || link.code === "23505" || link.kind === "UniqueConstraintViolation") return true;
  }
  return false;
}
