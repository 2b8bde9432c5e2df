// Counts the SQL statements a Prisma client sends, at the driver adapter (one per queryRaw/executeRaw, inside
// transactions too), for the monolith's db_queries_total.
import type { DatabaseConnection } from "@shop/shared/database";

type Adapter = DatabaseConnection["adapter"];
const COUNTED = new Set(["queryRaw", "executeRaw"]);

/** Wraps `target` so that calling one of the COUNTED methods calls `count()` first; `startTransaction`'s result is wrapped too. */
function counting<T extends object>(target: T, count: () => void): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (COUNTED.has(String(property))) {
        return (...args: unknown[]) => {
          count();
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      }
      if (property === "startTransaction" || property === "connect") {
        return async (...args: unknown[]) => counting((await (value as (...a: unknown[]) => Promise<object>).apply(object, args)) as object, count);
      }
      return (value as (...a: unknown[]) => unknown).bind(object);
    },
  });
}

/** The adapter factory, counting every statement of every connection it opens. */
export function countingAdapter(adapter: Adapter, count: () => void): Adapter {
  return counting(adapter, count);
}
