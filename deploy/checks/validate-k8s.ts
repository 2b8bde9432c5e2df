// Validates the Kubernetes manifests offline: renders the kustomize base and the local overlay (`kubectl kustomize`),
// checks every object against the Kubernetes API schemas (kubernetes-models), CloudNativePG Clusters against the
// fields we use, then this project's rules (k8s-rules.ts).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { Ajv } from "ajv";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Namespace, Secret, Service } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";
import { checkRules, type Manifest } from "./k8s-rules.ts";

const BASE = "deploy/k8s/base";
const OVERLAYS = ["deploy/k8s/overlays/local"];

/** The API schemas of every kind we ship, from kubernetes-models (generated from Kubernetes' OpenAPI). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
};

/**
 * CloudNativePG publishes no schema package on npm: the Cluster fields we use, as its API reference
 * (postgresql.cnpg.io/v1) defines them, closed to unknown fields so a typo fails. Extend it with each new field.
 */
const quantity = { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$" };
const resources = {
  type: "object",
  additionalProperties: false,
  properties: { requests: { type: "object", additionalProperties: quantity }, limits: { type: "object", additionalProperties: quantity } },
};
const CNPG_CLUSTER = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    metadata: { type: "object", required: ["name"], properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" } } },
    spec: {
      type: "object",
      additionalProperties: false,
      required: ["instances", "storage"],
      properties: {
        instances: { type: "integer", minimum: 1 },
        imageName: { type: "string", pattern: "^[^\\s:]+:[\\w.-]+$" },
        bootstrap: {
          type: "object",
          additionalProperties: false,
          properties: {
            initdb: { type: "object", additionalProperties: false, properties: { database: { type: "string" }, owner: { type: "string" } } },
          },
        },
        storage: { type: "object", additionalProperties: false, required: ["size"], properties: { size: quantity, storageClass: { type: "string" } } },
        resources,
      },
    },
  },
};
const validateCluster = new Ajv({ allErrors: true }).compile(CNPG_CLUSTER);

/** `kubectl kustomize` (kustomize built into kubectl) renders exactly what `kubectl apply -k` would apply. */
function render(dir: string): Manifest[] | null {
  const result = spawnSync("kubectl", ["kustomize", path.join(repoRoot, dir)], { encoding: "utf8" });
  if (result.error) return null; // no kubectl on this machine
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return parse(result.stdout, dir);
}

function parse(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length) throw new Error(`${source}: ${document.errors[0]?.message}`);
    const value = document.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

/** Without kubectl: the base's files as listed in its kustomization (the overlay needs kustomize to render). */
function readBase(): Manifest[] {
  const kustomization = parse(readFileSync(path.join(repoRoot, BASE, "kustomization.yaml"), "utf8"), BASE)[0] as unknown as { resources: string[] };
  return kustomization.resources.flatMap((file) => parse(readFileSync(path.join(repoRoot, BASE, file), "utf8"), `${BASE}/${file}`));
}

/**
 * A Secret's data as the API server decodes it: kustomize wraps a long generated value's base64 at 70 characters, and
 * Go's base64 decoder ignores the line breaks (the schema's "byte" format does not).
 */
function asApplied(manifest: Manifest): Manifest {
  const { data } = manifest as Manifest & { data?: Record<string, unknown> };
  if (manifest.kind !== "Secret" || !data) return manifest;
  return { ...manifest, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === "string" ? value.replace(/\s+/g, "") : value])) } as Manifest;
}

function validateSchemas(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const manifest of manifests) {
    const where = `${manifest.kind} ${manifest.metadata?.name}`;
    if (manifest.apiVersion === "postgresql.cnpg.io/v1" && manifest.kind === "Cluster") {
      if (!validateCluster(manifest)) problems.push(...(validateCluster.errors ?? []).map((e) => `${where}: ${e.instancePath} ${e.message}`));
      continue;
    }
    const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    if (!Model) {
      problems.push(`${where}: ${manifest.apiVersion} ${manifest.kind} has no schema here (add its model to MODELS)`);
      continue;
    }
    try {
      new Model(asApplied(manifest) as never).validate();
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

let failed = false;
const report = (label: string, manifests: Manifest[], rendered: boolean) => {
  const problems = [...validateSchemas(manifests), ...checkRules(manifests, { rendered })];
  if (problems.length) {
    failed = true;
    console.error(`${label}:\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`${label}: ${manifests.length} objects valid`);
  }
};

const base = render(BASE);
if (base) {
  report(`${BASE} (kubectl kustomize)`, base, false);
  for (const overlay of OVERLAYS) report(`${overlay} (kubectl kustomize)`, render(overlay) ?? [], true);
} else {
  console.warn(`kubectl is not installed: validating ${BASE}'s files as written; the overlays are not rendered`);
  report(BASE, readBase(), false);
}
if (failed) process.exit(1);
