// Test-only fault injection: makes a service "die" at a named step so tests can prove recovery afterwards.
// A subgraph's declaration arms the ports it wires (a persistence function, a service client, the card processor)
// with crashAfter: right after that step, when its point is armed, the port throws an InjectedCrash, every later
// step of the request is skipped (no compensation runs for a crash, as in a real one), and the background workers
// of that process stop, as they would with the process gone. Domain code never calls it.
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

/**
 * `port` with `point` reached right after `method` resolves (and `when` holds for its result): a crash armed there
 * happens once that step is done, before the caller's next one. Other methods delegate to `port` unchanged.
 */
export function crashAfter<T extends object, K extends keyof T>(
  port: T,
  method: K,
  point: string,
  faults: Faults,
  when: (result: Awaited<T[K] extends (...args: never[]) => infer R ? R : never>) => boolean = () => true,
): T {
  const step = port[method] as (...args: unknown[]) => Promise<never>;
  const armed = Object.create(port) as T;
  Object.defineProperty(armed, method, {
    value: async (...args: unknown[]) => {
      const result = await step.apply(port, args);
      if (when(result)) faults.reach(point);
      return result;
    },
  });
  return armed;
}

export const noFaults: Faults = createFaults(undefined, "development");

export function isInjectedCrash(error: unknown): boolean {
  return error instanceof InjectedCrash;
}
