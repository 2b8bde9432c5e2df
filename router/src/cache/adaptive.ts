// Whether a cache layer pays for itself in one scope: a layer that costs CPU on every request (a key built, a map
// looked up, an entry stored) but answers nothing for traffic of many distinct shoppers turns itself off there.
// The decision counts requests, not time, so it is deterministic: over each window of `window` uses it counts
// the answers (hits); below `minHitRate` the scope goes off, and after `probeAfter` skipped requests it comes
// back on for one window (the probe), which decides again. Off costs one counter increment per request.

export interface AdaptiveSettings {
  /** Uses per decision (the window); 0 turns adaptation off: the layer is always used. */
  window: number;
  /** The share of uses that must be answered (hits) in a window for the layer to stay on, 0..1. */
  minHitRate: number;
  /** Requests skipped while off before a probe window runs. */
  probeAfter: number;
}

export class AdaptiveGate {
  private on = true;
  private uses = 0;
  private hits = 0;
  private skipped = 0;

  constructor(private readonly settings: AdaptiveSettings) {}

  /** True when the layer should be used for this request; when false, the request was counted towards a probe. */
  use(): boolean {
    if (this.on || this.settings.window <= 0) return true;
    if (++this.skipped < this.settings.probeAfter) return false;
    this.on = true; // the probe: one window of uses, then decide again
    this.skipped = 0;
    return true;
  }

  /** The outcome of one use: answered by the layer (a hit) or not. */
  record(hit: boolean): void {
    const { window, minHitRate } = this.settings;
    if (window <= 0 || !this.on) return;
    this.uses++;
    if (hit) this.hits++;
    if (this.uses < window) return;
    this.on = this.hits >= minHitRate * this.uses;
    this.uses = 0;
    this.hits = 0;
  }

  get enabled(): boolean {
    return this.on || this.settings.window <= 0;
  }
}

/** One gate per scope (a subgraph, a caller class), made on first use; a bounded number of scopes. */
export class AdaptiveGates {
  private readonly gates = new Map<string, AdaptiveGate>();

  constructor(private readonly settings: AdaptiveSettings) {}

  of(scope: string): AdaptiveGate {
    let gate = this.gates.get(scope);
    if (!gate) {
      gate = new AdaptiveGate(this.settings);
      this.gates.set(scope, gate);
    }
    return gate;
  }

  /** Scopes now off, for the metrics and logs. */
  get off(): string[] {
    return [...this.gates].filter(([, gate]) => !gate.enabled).map(([scope]) => scope);
  }
}
