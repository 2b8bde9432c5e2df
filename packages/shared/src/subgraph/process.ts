// A subgraph's process entries: `main` serves it until SIGINT/SIGTERM, `migrate` is its migration job. Each
// subgraph's src/main.ts and src/migrate.ts are shims that call these with a loader of its declaration.
import { startTracing } from "../tracing.ts";
import type { AnySubgraph } from "./declaration.ts";

/** Imports the subgraph's declaration (src/subgraph.ts), only once tracing is on. */
export type DeclarationLoader = () => Promise<AnySubgraph>;

/**
 * Serves the subgraph `name` with the settings of this process's environment; exits 1 when it cannot start.
 * Tracing starts before the declaration (and so Apollo Server and express) loads, so their HTTP traffic is
 * instrumented (off without an OTLP endpoint).
 */
export async function runSubgraphProcess(name: string, load: DeclarationLoader): Promise<void> {
  const stopTracing = await startTracing(name);
  const { createLogger } = await import("../logger.ts");
  const { stopOnSignals } = await import("../http-server.ts");
  const { loadSettings } = await import("./settings.ts");
  const { startSubgraph } = await import("./start.ts");
  const { ConfigError } = await import("../config.ts");
  let logger: ReturnType<typeof createLogger>;
  try {
    logger = createLogger(name);
  } catch (error) {
    // A bad LOG_LEVEL or LOG_FORMAT: say which, without a logger to say it with.
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  try {
    const declaration = await load();
    const subgraph = await startSubgraph(declaration, loadSettings(declaration), logger);
    stopOnSignals(logger, async () => {
      await subgraph.stop();
      await stopTracing();
    });
  } catch (error) {
    logger.fatal({ err: error }, `${name} subgraph failed to start`);
    process.exit(1);
  }
}

/** The migration job (`node migrate.js` in the image): applies the pending migrations, seeds per SEED, exits. */
export async function runMigrationProcess(name: string, load: DeclarationLoader): Promise<void> {
  const { createLogger } = await import("../logger.ts");
  const { runMigrationJob } = await import("../migration-job.ts");
  const logger = createLogger(`${name}-migrate`);
  try {
    const { createClient, seed } = await load();
    await runMigrationJob({ service: name, createClient, seed, logger });
  } catch (error) {
    logger.fatal({ err: error }, `${name} migration failed`);
    process.exit(1);
  }
}
