// Network namespaces for `pnpm test:hosts`: one namespace per host, each joined to one bridge by a veth pair with its
// own address on a private /24; links can be cut and restored; everything is removed on exit, and leftovers of a
// crashed earlier run (its process gone) are removed before a new run starts.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Every namespace, link and temporary directory of a run is named `shoph-<run>-…` / `shh<run>-…`, run = pid in base 36. */
export const PREFIX = "shoph-";
const LINK_PREFIX = "shh";
const SUBNET_BASE = "10.213";

export interface Host {
  name: string;
  namespace: string;
  /** The veth end on the bridge (in the root namespace): setting it down cuts the host off. */
  link: string;
  address: string;
}

export interface Network {
  run: string;
  /** The bridge's address in the root namespace, where the test runner sits. */
  gateway: string;
  hosts: Record<string, Host>;
  cut(host: string): void;
  restore(host: string): void;
  remove(): void;
}

export function ip(...args: string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    /* already gone */
  }
}

/** Why this machine cannot run the multi-host test, or null when it can (root, iproute2, `ip netns add` works). */
export function cannotRun(): string | null {
  if (process.platform !== "linux") return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "network namespaces need root";
  try {
    ip("-V");
  } catch {
    return "iproute2 (`ip`) is not installed";
  }
  const probe = `${PREFIX}${process.pid.toString(36)}-probe`;
  try {
    ip("netns", "add", probe);
  } catch (error) {
    return `\`ip netns add\` failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
  } finally {
    tryIp("netns", "del", probe);
  }
  return null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Kills what runs in a namespace (`ip netns pids`) and deletes it. */
function removeNamespace(namespace: string): void {
  try {
    for (const pid of ip("netns", "pids", namespace).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        /* already exited */
      }
    }
  } catch {
    /* no such namespace */
  }
  tryIp("netns", "del", namespace);
}

/** Removes namespaces, links and temporary directories of earlier runs whose process no longer exists. */
export function removeLeftovers(): string[] {
  const dead = (run: string) => run !== process.pid.toString(36) && !alive(Number.parseInt(run, 36));
  const removed: string[] = [];
  for (const line of ip("netns", "list").split("\n")) {
    const match = new RegExp(`^(${PREFIX}([0-9a-z]+)-\\S+)`).exec(line);
    if (match && dead(match[2]!)) {
      removeNamespace(match[1]!);
      removed.push(match[1]!);
    }
  }
  for (const line of ip("-o", "link", "show").split("\n")) {
    // Only names this script makes (bridge `br`, host links by the first four letters of the host), nobody else's.
    const match = new RegExp(`^\\d+: (${LINK_PREFIX}([0-9a-z]{1,5})-(br|user|prod|orde|paym|rout|post)p?)[@:]`).exec(line);
    if (match && dead(match[2]!)) {
      tryIp("link", "del", match[1]!);
      removed.push(match[1]!);
    }
  }
  for (const entry of readdirSync(tmpdir())) {
    const match = new RegExp(`^${PREFIX}([0-9a-z]+)-`).exec(entry);
    if (match && dead(match[1]!)) {
      rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
      removed.push(entry);
    }
  }
  return removed;
}

/** A /24 under 10.213 that no interface on this machine uses yet (a concurrent run takes another one). */
function freeSubnet(): string {
  const used = ip("-o", "-4", "addr", "show");
  for (let third = 1; third < 255; third++) {
    if (!used.includes(` ${SUBNET_BASE}.${third}.`)) return `${SUBNET_BASE}.${third}`;
  }
  throw new Error(`no free /24 under ${SUBNET_BASE}.0.0/16`);
}

/**
 * Creates the bridge (with the gateway address, .1) and one namespace per entry of `hosts` (name → last octet),
 * each with loopback up and `eth0` at its address. On failure, removes what it made.
 */
export function createNetwork(hosts: Record<string, number>): Network {
  const run = process.pid.toString(36);
  const subnet = freeSubnet();
  const bridge = `${LINK_PREFIX}${run}-br`;
  const gateway = `${subnet}.1`;
  const made: Record<string, Host> = {};
  const remove = () => {
    for (const host of Object.values(made)) {
      removeNamespace(host.namespace);
      // The kernel frees a namespace (and the veth end in it) asynchronously, at times long after: delete our end
      // too, which takes the pair with it.
      tryIp("link", "del", host.link);
    }
    tryIp("link", "del", bridge);
  };
  try {
    ip("link", "add", bridge, "type", "bridge");
    ip("addr", "add", `${gateway}/24`, "dev", bridge);
    ip("link", "set", bridge, "up");
    for (const [name, octet] of Object.entries(hosts)) {
      const host: Host = { name, namespace: `${PREFIX}${run}-${name}`, link: `${LINK_PREFIX}${run}-${name.slice(0, 4)}`, address: `${subnet}.${octet}` };
      const peer = `${host.link}p`;
      ip("netns", "add", host.namespace);
      made[name] = host;
      ip("link", "add", host.link, "type", "veth", "peer", "name", peer);
      ip("link", "set", peer, "netns", host.namespace);
      ip("link", "set", host.link, "master", bridge);
      ip("link", "set", host.link, "up");
      const inside = (...args: string[]) => ip("-n", host.namespace, ...args);
      inside("link", "set", "lo", "up");
      inside("link", "set", peer, "name", "eth0");
      inside("addr", "add", `${host.address}/24`, "dev", "eth0");
      inside("link", "set", "eth0", "up");
    }
  } catch (error) {
    remove();
    throw error;
  }
  return {
    run,
    gateway,
    hosts: made,
    cut: (name) => ip("link", "set", made[name]!.link, "down"),
    restore: (name) => ip("link", "set", made[name]!.link, "up"),
    remove,
  };
}

/** A temporary directory named after the run, so removeLeftovers finds it after a crash. */
export function runDirectory(run: string, purpose: string): string {
  const dir = path.join(tmpdir(), `${PREFIX}${run}-${purpose}`);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  return dir;
}
