// Hot reload of the supergraph: the gateway's `supergraphSdl` hook loads a supergraph at start (composed from
// supergraph.yaml, or a pre-composed file), then watches the files it came from; a change that loads and
// validates is swapped in with `update()` (in-flight requests finish on the plan they started with), one that
// does not is logged and counted, and the old supergraph keeps serving.
import { unwatchFile, watchFile } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { SupergraphSdlHook } from "@apollo/gateway";
import type { Logger } from "@shop/shared/logger";
import type { AuthorizationRules } from "./authorization/schema-rules.ts";
import type { RouterMetrics } from "./metrics.ts";

export interface LoadedSupergraph {
  /** The whole supergraph, with its authorization directives (the router enforces them). */
  supergraphSdl: string;
  /** What the gateway loads: the same supergraph without the authorization features it refuses. */
  gatewaySdl: string;
  /** What its authorization directives ask of callers, enforced by the router (authorization/enforcement.ts). */
  authorization: AuthorizationRules;
  /** The subgraphs it routes to, with the URLs the router will use. */
  subgraphs: Array<{ name: string; url: string }>;
  /** Files whose change means loading again. */
  files: string[];
  /** Composition hints, logged at debug level. */
  hints?: Array<{ code: string; message: string }>;
}

export interface HotReloadOptions {
  /** Loads (reads, composes or validates) the supergraph as it is on disk now; throws with a clear message. */
  load: () => LoadedSupergraph;
  /** Watch for changes; false loads once. */
  watch: boolean;
  /**
   * At start, keep trying until a supergraph loads (a pre-composed file that a deployment step has not
   * written yet, or not correctly) instead of failing; the router answers 503 meanwhile.
   */
  waitForFirst: boolean;
  /** How often files are checked: stat polling survives editors that replace files by renaming. */
  pollMs: number;
  logger: Logger;
  metrics: RouterMetrics;
  /** Called with each supergraph the gateway took, so readiness and logs follow the current one. */
  onLoaded: (loaded: LoadedSupergraph) => void;
}

export function supergraphHook(options: HotReloadOptions): SupergraphSdlHook {
  const { logger, metrics } = options;
  const load = () => {
    const loaded = options.load();
    for (const hint of loaded.hints ?? []) logger.debug({ code: hint.code }, hint.message);
    return loaded;
  };
  const rejected = (error: unknown, message: string) => {
    metrics.supergraphUpdates.inc({ outcome: "rejected" });
    logger.error({ err: error }, message);
  };

  const firstLoad = async (): Promise<LoadedSupergraph> => {
    let lastProblem: string | undefined;
    for (;;) {
      try {
        return load();
      } catch (error) {
        if (!options.waitForFirst) throw error;
        // Say it once per distinct problem, not once per poll.
        if ((error as Error).message !== lastProblem) rejected(error, "no supergraph to serve yet; waiting for a valid one");
        lastProblem = (error as Error).message;
        await delay(options.pollMs);
      }
    }
  };

  return async ({ update }) => {
    const first = await firstLoad();
    options.onLoaded(first);
    if (!options.watch) return { supergraphSdl: first.gatewaySdl };

    let current = first.supergraphSdl;
    let watched: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let reloading = Promise.resolve();

    const reload = () => {
      let next: LoadedSupergraph;
      try {
        next = load();
      } catch (error) {
        rejected(error, "supergraph change rejected; the previous supergraph keeps serving");
        return;
      }
      rewatch(next.files);
      if (next.supergraphSdl === current) return;
      try {
        // Unchanged when only authorization directives changed: the gateway then keeps its plans, the router
        // takes the new requirements (onLoaded).
        update(next.gatewaySdl);
        current = next.supergraphSdl;
        options.onLoaded(next);
        metrics.supergraphUpdates.inc({ outcome: "applied" });
        logger.info({ subgraphs: next.subgraphs.map((s) => s.name) }, "supergraph reloaded");
      } catch (error) {
        rejected(error, "the gateway refused the new supergraph; the previous one keeps serving");
      }
    };
    // Writers change files in several steps: wait for them to settle, and never run two reloads at once.
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = reloading.then(reload);
      }, options.pollMs);
    };
    const rewatch = (files: string[]) => {
      for (const file of watched.filter((f) => !files.includes(f))) unwatchFile(file, changed);
      for (const file of files.filter((f) => !watched.includes(f))) watchFile(file, { interval: options.pollMs }, changed);
      watched = files;
    };
    rewatch(first.files);

    return {
      supergraphSdl: first.gatewaySdl,
      cleanup: async () => {
        clearTimeout(timer);
        for (const file of watched) unwatchFile(file, changed);
        await reloading;
      },
    };
  };
}
