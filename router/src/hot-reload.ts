// Hot reload of the supergraph: the gateway's `supergraphSdl` hook composes at start, then watches
// supergraph.yaml and every subgraph SDL file; a change that composes is swapped in with `update()` (in-flight
// requests finish on the plan they started with), one that does not is logged and the old supergraph keeps serving.
import { unwatchFile, watchFile } from "node:fs";
import type { SupergraphSdlHook } from "@apollo/gateway";
import type { Logger } from "@shop/shared/logger";
import type { RouterMetrics } from "./plugins/metrics.ts";
import { composeSupergraph, type SupergraphConfig } from "./supergraph.ts";

export interface HotReloadOptions {
  /** Reads the subgraph list (supergraph.yaml with URL overrides), again at each change. */
  load: () => SupergraphConfig;
  /** The supergraph config file itself, when there is one. */
  configFile?: string;
  /** Watch for changes; false composes once. */
  watch: boolean;
  /** How often files are checked: stat polling survives editors that replace files by renaming. */
  pollMs: number;
  logger: Logger;
  metrics: RouterMetrics;
  /** Called with each subgraph list that composed, so readiness checks follow the current one. */
  onComposed: (config: SupergraphConfig) => void;
}

export function supergraphHook(options: HotReloadOptions): SupergraphSdlHook {
  const { logger, metrics } = options;
  const compose = () => {
    const config = options.load();
    const composed = composeSupergraph(config);
    for (const hint of composed.hints) logger.debug({ code: hint.code }, hint.message);
    return { config, supergraphSdl: composed.supergraphSdl };
  };

  return async ({ update }) => {
    const first = compose();
    options.onComposed(first.config);
    if (!options.watch) return { supergraphSdl: first.supergraphSdl };

    let current = first.supergraphSdl;
    let watched: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let reloading = Promise.resolve();

    const reload = () => {
      let next: ReturnType<typeof compose>;
      try {
        next = compose();
      } catch (error) {
        metrics.supergraphUpdates.inc({ outcome: "rejected" });
        logger.error({ err: error }, "supergraph change rejected; the previous supergraph keeps serving");
        return;
      }
      rewatch(next.config);
      if (next.supergraphSdl === current) return;
      try {
        update(next.supergraphSdl);
        current = next.supergraphSdl;
        options.onComposed(next.config);
        metrics.supergraphUpdates.inc({ outcome: "applied" });
        logger.info({ subgraphs: next.config.subgraphs.map((s) => s.name) }, "supergraph reloaded");
      } catch (error) {
        metrics.supergraphUpdates.inc({ outcome: "rejected" });
        logger.error({ err: error }, "the gateway refused the new supergraph; the previous one keeps serving");
      }
    };
    // Editors write in several steps: wait for the files to settle, and never run two reloads at once.
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = reloading.then(reload);
      }, options.pollMs);
    };
    const rewatch = (config: SupergraphConfig) => {
      const files = [...(options.configFile ? [options.configFile] : []), ...config.subgraphs.map((s) => s.schemaFile)];
      for (const file of watched.filter((f) => !files.includes(f))) unwatchFile(file, changed);
      for (const file of files.filter((f) => !watched.includes(f))) watchFile(file, { interval: options.pollMs }, changed);
      watched = files;
    };
    rewatch(first.config);

    return {
      supergraphSdl: first.supergraphSdl,
      cleanup: async () => {
        clearTimeout(timer);
        for (const file of watched) unwatchFile(file, changed);
        await reloading;
      },
    };
  };
}
