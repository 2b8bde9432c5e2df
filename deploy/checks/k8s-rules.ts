// This project's requirements on its rendered Kubernetes manifests, beyond the schemas: every workload probed, bounded
// and hardened, autoscaled and budgeted, migrated by a Job, and the NetworkPolicies allowing exactly the call graph.
import type { IContainer } from "kubernetes-models/v1/Container";

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: { containers: IContainer[]; securityContext?: { runAsNonRoot?: boolean } };
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: Array<{ from?: Peer[]; ports?: Array<{ port?: number }> }>;
  egress?: Array<{ to?: Peer[]; ports?: Array<{ port?: number }> }>;
}

export const SUBGRAPHS = ["users", "products", "orders", "payments"] as const;
const PORTS: Record<string, number> = { router: 4000, users: 4001, products: 4002, orders: 4003, payments: 4004 };
/** Who calls whom (router: every subgraph; orders reserves stock in products; payments reads and marks orders paid). */
const CALLERS: Record<(typeof SUBGRAPHS)[number], string[]> = {
  users: ["router"],
  products: ["router", "orders"],
  orders: ["router", "payments"],
  payments: ["router"],
};
/** Secrets created outside the manifests: by the operator's kubectl (base: shared and per-process keys) and by CloudNativePG. */
const EXTERNAL_SECRETS = new Set(["shop-secrets", "router-keys", ...SUBGRAPHS.flatMap((name) => [`${name}-keys`, `${name}-db-app`])]);

/** Kubernetes' label selector semantics (In, NotIn, Exists, DoesNotExist); an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return (
    matchLabels &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === "In") return key in labels && values.includes(labels[key]!);
      if (operator === "NotIn") return !(key in labels && values.includes(labels[key]!));
      if (operator === "Exists") return key in labels;
      if (operator === "DoesNotExist") return !(key in labels);
      return false;
    })
  );
}

export function checkRules(manifests: Manifest[], options: { rendered: boolean }): string[] {
  const problems: string[] = [];
  const of = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
  const named = (kind: string, name: string) => of(kind).find((manifest) => manifest.metadata.name === name);
  const secrets = new Set([...EXTERNAL_SECRETS, ...of("Secret").map((secret) => secret.metadata.name)]);

  const checkPod = (where: string, template: PodTemplate) => {
    if (!template.spec.securityContext?.runAsNonRoot) problems.push(`${where}: runAsNonRoot`);
    for (const container of template.spec.containers) {
      const security = container.securityContext;
      if (security?.allowPrivilegeEscalation !== false || !security.readOnlyRootFilesystem || !security.capabilities?.drop?.includes("ALL")) {
        problems.push(`${where}: no privilege escalation, read-only root filesystem, all capabilities dropped`);
      }
      if (!container.resources?.requests?.memory || !container.resources?.limits?.memory) problems.push(`${where}: memory requests and limits`);
      // The base leaves tags to the overlays; a rendered environment must pin one (no implicit :latest).
      const tag = /:([\w.-]+)$/.exec(container.image ?? "")?.[1];
      if (options.rendered && (!tag || tag === "latest")) problems.push(`${where}: image ${container.image} needs an explicit tag`);
      const names = (container.env ?? []).map((variable) => variable.name);
      const repeated = names.filter((name, index) => names.indexOf(name) !== index);
      if (repeated.length) problems.push(`${where}: environment variables set twice: ${repeated.join(", ")}`);
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef?.name;
        // A rendered overlay must generate its Secrets (under hashed names) or use the documented external ones.
        if (ref && options.rendered && !secrets.has(ref)) problems.push(`${where}: Secret ${ref} is neither generated nor external`);
      }
    }
  };

  for (const name of ["router", ...SUBGRAPHS]) {
    const deployment = named("Deployment", name);
    if (!deployment) {
      problems.push(`Deployment ${name} is missing`);
      continue;
    }
    const spec = deployment.spec as { replicas?: number; selector: LabelSelector; template: PodTemplate };
    const where = `Deployment ${name}`;
    checkPod(where, spec.template);
    if (spec.replicas !== undefined) problems.push(`${where}: no replicas (the HorizontalPodAutoscaler owns the count)`);
    const container = spec.template.spec.containers[0];
    if (container?.livenessProbe?.httpGet?.path !== "/health") problems.push(`${where}: liveness probe on /health`);
    if (container?.readinessProbe?.httpGet?.path !== "/ready") problems.push(`${where}: readiness probe on /ready`);
    if (!container?.startupProbe) problems.push(`${where}: a startup probe`);
    if (name !== "router" && container?.env?.find((variable) => variable.name === "MIGRATE_ON_START")?.value !== "false") {
      problems.push(`${where}: MIGRATE_ON_START=false (the migration Job migrates)`);
    }
    const podLabels = spec.template.metadata?.labels;
    if (!selects(spec.selector, podLabels)) problems.push(`${where}: its selector does not select its pods`);
    const service = named("Service", name);
    if (!service || !selects({ matchLabels: (service.spec as { selector: Record<string, string> }).selector }, podLabels)) {
      problems.push(`Service ${name} must select the ${name} pods`);
    }
    const hpa = of("HorizontalPodAutoscaler").find((m) => (m.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name);
    if (!hpa) problems.push(`${where}: a HorizontalPodAutoscaler`);
    const pdb = of("PodDisruptionBudget").find((m) => selects((m.spec as { selector: LabelSelector }).selector, podLabels));
    if (!pdb) problems.push(`${where}: a PodDisruptionBudget`);
    if (name === "router") {
      // /metrics has its own listener, which neither the Service nor the Ingress may expose.
      const metricsPort = Number(container?.env?.find((variable) => variable.name === "METRICS_PORT")?.value);
      if (!metricsPort || metricsPort === PORTS.router) problems.push(`${where}: METRICS_PORT, apart from the API's port`);
      const servicePorts = ((service?.spec as { ports?: Array<{ port?: number; targetPort?: unknown }> } | undefined)?.ports ?? []).flatMap((p) => [p.port, p.targetPort]);
      if (servicePorts.includes(metricsPort) || servicePorts.includes("metrics")) problems.push(`Service ${name}: must not expose the metrics port`);
    }
  }

  for (const name of SUBGRAPHS) {
    const job = named("Job", `${name}-migrate`);
    const template = (job?.spec as { template: PodTemplate } | undefined)?.template;
    if (!template) problems.push(`Job ${name}-migrate is missing`);
    else {
      checkPod(`Job ${name}-migrate`, template);
      if (template.spec.containers[0]?.command?.join(" ") !== "node migrate.js") problems.push(`Job ${name}-migrate runs node migrate.js`);
    }
    if (!named("Cluster", `${name}-db`)) problems.push(`CloudNativePG Cluster ${name}-db is missing`);
  }

  problems.push(...checkNetwork(manifests));
  return problems;
}

/** Which pods (by name/component) may open a connection to `target` on `port`, by ingress and egress policies together. */
function checkNetwork(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const policies = manifests.filter((manifest) => manifest.kind === "NetworkPolicy").map((manifest) => manifest.spec as unknown as PolicySpec);
  const pods: Record<string, Record<string, string>> = {};
  for (const manifest of manifests) {
    const template = (manifest.spec as { template?: PodTemplate } | undefined)?.template;
    if (template?.metadata?.labels && (manifest.kind === "Deployment" || manifest.kind === "Job")) {
      pods[`${manifest.kind} ${manifest.metadata.name}`] = template.metadata.labels;
    }
  }
  for (const name of SUBGRAPHS) pods[`Cluster ${name}-db`] = { "cnpg.io/cluster": `${name}-db` };

  const isolated = (labels: Record<string, string>, type: string) =>
    policies.some((policy) => (policy.policyTypes ?? ["Ingress"]).includes(type) && selects(policy.podSelector, labels));
  const portMatches = (ports: Array<{ port?: number }> | undefined, port: number) => !ports?.length || ports.some((p) => p.port === port);
  /**
   * Whether `from` may open a connection to `to` on `port` as far as one direction's policies go: ingress is up to
   * the policies selecting `to` (their rules' `from` peers), egress to those selecting `from` (their `to` peers).
   */
  const allows = (type: "Ingress" | "Egress", from: Record<string, string>, to: Record<string, string>, port: number) => {
    const [subject, peer] = type === "Ingress" ? [to, from] : [from, to];
    const rules = (policy: PolicySpec) =>
      type === "Ingress" ? (policy.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })) : (policy.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
    return (
      !isolated(subject, type) ||
      policies.some(
        (policy) =>
          selects(policy.podSelector, subject) &&
          rules(policy).some((rule) => portMatches(rule.ports, port) && (rule.peers ?? []).some((p) => !p.namespaceSelector && selects(p.podSelector, peer))),
      )
    );
  };
  const reachers = (target: string, port: number) =>
    Object.keys(pods)
      .filter((source) => source !== target && allows("Ingress", pods[source]!, pods[target]!, port) && allows("Egress", pods[source]!, pods[target]!, port))
      .sort();

  const expect = (target: string, port: number, expected: string[]): void => {
    if (!pods[target]) {
      problems.push(`${target} has no pod template to check policies against`);
      return;
    }
    const actual = reachers(target, port);
    if (actual.join() !== [...expected].sort().join()) {
      problems.push(`NetworkPolicies: ${target}:${port} is reachable from [${actual.join(", ")}], expected [${expected.join(", ")}]`);
    }
  };
  for (const name of SUBGRAPHS) {
    expect(`Deployment ${name}`, PORTS[name]!, CALLERS[name].map((caller) => `Deployment ${caller}`));
    expect(`Cluster ${name}-db`, 5432, [`Deployment ${name}`, `Job ${name}-migrate`]);
  }
  expect("Deployment router", PORTS.router!, []);
  if (pods["Deployment redis"]) expect("Deployment redis", 6379, ["Deployment router"]);
  if (!policies.some((policy) => selects(policy.podSelector, pods["Deployment router"]) && policy.ingress?.some((r) => r.from?.some((p) => p.namespaceSelector)))) {
    problems.push("NetworkPolicies: the router must be reachable from the ingress controller's namespace");
  }
  if (!policies.some((policy) => Object.keys(policy.podSelector).length === 0 && policy.policyTypes?.includes("Ingress") && !policy.ingress)) {
    problems.push("NetworkPolicies: a default deny of ingress for the whole namespace");
  }
  const dns = (labels: Record<string, string>) =>
    policies.some((policy) => selects(policy.podSelector, labels) && policy.egress?.some((rule) => rule.ports?.some((p) => p.port === 53)));
  for (const [pod, labels] of Object.entries(pods)) {
    if (isolated(labels, "Egress") && !dns(labels)) problems.push(`NetworkPolicies: ${pod} may not resolve names (DNS egress)`);
  }
  return problems;
}
