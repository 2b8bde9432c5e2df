// The Kubernetes rules CI applies (deploy/checks/k8s-rules.ts) pass on the committed base and catch what they exist for.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { checkRules, type Manifest, selects } from "../deploy/checks/k8s-rules.ts";

const BASE = path.join(repoRoot, "deploy/k8s/base");
const base = (): Manifest[] => {
  const { resources } = parseAllDocuments(readFileSync(path.join(BASE, "kustomization.yaml"), "utf8"))[0]!.toJS() as { resources: string[] };
  return resources.flatMap((file) => parseAllDocuments(readFileSync(path.join(BASE, file), "utf8")).map((document) => document.toJS() as Manifest));
};
const find = (manifests: Manifest[], kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
const container = (manifest: Manifest) => (manifest.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers[0]!;

describe("Kubernetes manifest rules", () => {
  it("accept the committed base", () => {
    expect(checkRules(base(), { rendered: false })).toEqual([]);
  });

  it("refuse a policy that lets orders reach payments (payments calls orders, not the reverse)", () => {
    const manifests = base();
    const orders = { "app.kubernetes.io/name": "orders", "app.kubernetes.io/component": "subgraph" };
    const payments = { "app.kubernetes.io/name": "payments", "app.kubernetes.io/component": "subgraph" };
    manifests.push(
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "in" }, spec: { podSelector: { matchLabels: payments }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: orders } }] }] } },
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "out" }, spec: { podSelector: { matchLabels: orders }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: payments } }] }] } },
    );
    expect(checkRules(manifests, { rendered: false })).toEqual([
      "NetworkPolicies: Deployment payments:4004 is reachable from [Deployment orders, Deployment router], expected [Deployment router]",
    ]);
  });

  it("refuse a database that another service's pods can reach, which takes both an ingress and an egress hole", () => {
    const manifests = base();
    const orders = { "app.kubernetes.io/name": "orders", "app.kubernetes.io/component": "subgraph" };
    const ingress = find(manifests, "NetworkPolicy", "allow-users-to-users-db").spec as { ingress: Array<{ from: unknown[] }> };
    ingress.ingress[0]!.from.push({ podSelector: { matchLabels: orders } });
    // The ingress hole alone is closed by orders' egress policies.
    expect(checkRules(manifests, { rendered: false })).toEqual([]);
    const egress = find(manifests, "NetworkPolicy", "allow-orders-egress-to-orders-db").spec as { egress: Array<{ to: unknown[] }> };
    egress.egress[0]!.to.push({ podSelector: { matchLabels: { "cnpg.io/cluster": "users-db" } } });
    expect(checkRules(manifests, { rendered: false })).toEqual([
      "NetworkPolicies: Cluster users-db:5432 is reachable from [Deployment orders, Deployment users, Job users-migrate], expected [Deployment users, Job users-migrate]",
    ]);
  });

  it("refuse a subgraph without its readiness probe, or one that would migrate at start", () => {
    const manifests = base();
    delete container(find(manifests, "Deployment", "products")).readinessProbe;
    const env = container(find(manifests, "Deployment", "orders")).env as Array<{ name: string; value?: string }>;
    env.find((variable) => variable.name === "MIGRATE_ON_START")!.value = "true";
    expect(checkRules(manifests, { rendered: false })).toEqual([
      "Deployment products: readiness probe on /ready",
      "Deployment orders: MIGRATE_ON_START=false (the migration Job migrates)",
    ]);
  });

  it("match labels with Kubernetes' selector semantics", () => {
    const labels = { a: "1", b: "2" };
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { a: "1" }, matchExpressions: [{ key: "b", operator: "In", values: ["2", "3"] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: "b", operator: "NotIn", values: ["2"] }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: "c", operator: "DoesNotExist" }] }, labels)).toBe(true);
    expect(selects(undefined, labels)).toBe(false);
  });
});
