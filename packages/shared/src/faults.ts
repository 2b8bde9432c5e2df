// Test-only fault injection: makes a service "die" at a named step so tests can prove recovery afterwards.
// The domain calls `faults.reach(point)` between two steps; when that point is armed, the call throws an
// InjectedCrash, every later step of the request is skipped (no compensation runs for a crash, as in a real
// one), and the background workers of that process stop, as they would with the process gone.
export class InjectedCrash extends Error {
  override name = "InjectedCrash";
  constructor(readonly point: string) {
    super(`fault injected at ${point}`);
  }
}

export interface Faults {
  /** Throws InjectedCrash when `point` is armed. */
  reach(point: string): void;
  /** True once a crash was injected: the "process" is dead and its workers must do nothing more. */
  readonly crashed: boolean;
}

/** Arms the comma-separated points in `spec` (FAULT_INJECTION); refused in production. */
export function createFaults(spec: string | undefined, nodeEnv: string): Faults {
  const points = new Set((spec ?? "").split(",").map((p) => p.trim()).filter(Boolean));
  if (points.size && nodeEnv === "production") throw new Error("FAULT_INJECTION must not be set when NODE_ENV=production");
  let crashed = false;
  return {
    reach(point: string) {
      if (crashed || points.has(point)) {
        crashed = true;
        throw new InjectedCrash(point);
      }
    },
    get crashed() {
      return crashed;
    },
  };
}

export const noFaults: Faults = createFaults(undefined, "development");

export function isInjectedCrash(error: unknown): boolean {
  return error instanceof InjectedCrash;
}
