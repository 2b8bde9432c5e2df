// `pnpm --filter @shop/bench profile:summary <file.cpuprofile> [top]`: self time of a V8 CPU profile (written by
// `pnpm bench --profile`) by package and by function, to see where a contender spends its CPU.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to: an npm package, a workspace folder, node's internals, or V8's own buckets. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node (internals)";
  const workspace = /\/(router|bench|packages\/[^/]+|subgraphs\/[^/]+|tools\/[^/]+)\/src\//.exec(url);
  return workspace ? workspace[1]! : url;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

const INTERNAL = new Set(["node (internals)", "(native)"]);

/**
 * Self time (ms and share of all samples) by package and by function, largest first; and `callers`: the same
 * with the time spent in node's internals and native code charged to the nearest package that called them
 * (undici's writes, jose's WebCrypto calls), which is where a fix would go.
 */
export function summarizeProfile(profile: CpuProfile): { totalMs: number; packages: SelfTime[]; functions: SelfTime[]; callers: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const callers = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || ms < 0) return;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const fn = `${functionName || "(anonymous)"} ${pkg}${url ? `:${url.split("/").pop()}:${lineNumber + 1}` : ""}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    let caller: ProfileNode | undefined = node;
    while (caller && INTERNAL.has(packageOf(caller.callFrame.url, caller.callFrame.functionName))) caller = byId.get(parents.get(caller.id) ?? -1);
    const charged = caller ? packageOf(caller.callFrame.url, caller.callFrame.functionName) : pkg;
    callers.set(charged, (callers.get(charged) ?? 0) + ms);
  });
  const sorted = (map: Map<string, number>) =>
    [...map.entries()].map(([name, ms]) => ({ name, ms, share: totalMs ? ms / totalMs : 0 })).sort((a, b) => b.ms - a.ms);
  return { totalMs, packages: sorted(packages), functions: sorted(functions), callers: sorted(callers) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = "25"] = process.argv.slice(2).filter((arg) => arg !== "--");
  if (!file) {
    console.error("Usage: pnpm --filter @shop/bench profile:summary <file.cpuprofile> [top]");
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const line = (t: SelfTime) => `${t.ms.toFixed(0).padStart(8)} ms ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.name}`;
  console.log(`${summary.totalMs.toFixed(0)} ms sampled\n\nself time by package`);
  for (const t of summary.packages.slice(0, Number(top))) console.log(line(t));
  console.log("\nself time by package, node internals and native code charged to their caller");
  for (const t of summary.callers.slice(0, Number(top))) console.log(line(t));
  console.log("\nself time by function");
  for (const t of summary.functions.slice(0, Number(top))) console.log(line(t));
}
