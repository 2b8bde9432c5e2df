// One pino logger per process, named after the service: JSON lines for machines, or one coloured line per
// entry when a person watches (LOG_FORMAT=pretty, the default on a terminal; `pnpm start` passes it on).
import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import { z } from "zod";
import { logFormat, logLevel, parseEnv } from "./config.ts";

export type { Logger };

const settings = z.object({ LOG_LEVEL: logLevel, LOG_FORMAT: logFormat });

/**
 * A logger at `level` (default: LOG_LEVEL, else info). Both LOG_LEVEL and LOG_FORMAT are checked here, where
 * they are first read: a bad value is a ConfigError naming the valid ones, never a crash inside pino.
 */
export function createLogger(service: string, level?: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const parsed = parseEnv(settings, level === undefined ? env : { ...env, LOG_LEVEL: level });
  const format = parsed.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json");
  const options = { name: service, level: parsed.LOG_LEVEL, base: { service }, redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]', "*.password", "*.refreshToken"] };
  return format === "pretty" ? pino(options, prettyStream(env)) : pino(options);
}

/**
 * Synchronous pino-pretty in this thread (no transport worker): lines come out in order with the rest of the
 * process's output and none is lost on process.exit. Colours unless NO_COLOR is set; the service name is left
 * out (the launcher prefixes each line with it).
 */
function prettyStream(env: NodeJS.ProcessEnv): DestinationStream {
  return pretty({
    sync: true,
    colorize: !env.NO_COLOR,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,name,service",
  });
}
