// One structured JSON logger per process (pino), named after the service.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service }, redact: ["req.headers.authorization", "*.password"] });
}
