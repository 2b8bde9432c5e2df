// `pnpm service-keys [env|kubectl]`: one secret per service for a real deployment (docs/security.md, "Between
// services"). Each process gets a new random key of its own (SERVICE_SIGNING_KEY) and the keys that check its
// callers' credentials toward it (SERVICE_TRUSTED_KEYS), and nothing else: no process can sign as another. `env`
// prints lines for deploy/.env (docker compose), `kubectl` the commands creating each Secret <service>-keys.
// With SUBGRAPH_SECRET set, the keys are derived from it instead, exactly as `pnpm start` derives them.
import { randomBytes } from "node:crypto";
import { keyHolders, processKeys } from "./services.ts";

const format = process.argv[2] ?? "env";
if (format !== "env" && format !== "kubectl") {
  console.error("usage: pnpm service-keys [env|kubectl]");
  process.exit(2);
}
// A random root that is never printed: each process's key derived from it is as independent as a random one.
const root = process.env.SUBGRAPH_SECRET || randomBytes(32).toString("base64url");
for (const name of keyHolders()) {
  const { SERVICE_SIGNING_KEY, SERVICE_TRUSTED_KEYS } = processKeys(root, name);
  // The router is called by no one: it needs its own key only.
  const keys = SERVICE_TRUSTED_KEYS ? { SERVICE_SIGNING_KEY, SERVICE_TRUSTED_KEYS } : { SERVICE_SIGNING_KEY };
  if (format === "env") {
    const prefix = name.toUpperCase();
    for (const [variable, value] of Object.entries(keys)) console.log(`${prefix}_${variable}=${value}`);
  } else {
    const literals = Object.entries(keys).map(([variable, value]) => `--from-literal=${variable}='${value}'`);
    console.log(`kubectl -n shop create secret generic ${name}-keys ${literals.join(" ")}`);
  }
}
