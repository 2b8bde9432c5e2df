// `pnpm start`'s supervision, on small real services (test/fixtures/supervised-service.ts): a service that exits is
// restarted after a delay while the others keep serving; one that keeps failing to start is given up, named with its
// last output; everything stops highest stage first with exit code 0; and a child outlives no supervisor, even a killed one.
import { spawn } from "node:child_process";
import { exitOf, onLines, spawnEntry } from "@shop/shared/child-process";
import { repoRoot } from "@shop/shared/paths";
import { eventually, freePort, testEnv } from "@shop/shared/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type SupervisedService, Supervisor } from "../scripts/supervisor.ts";

vi.setConfig({ testTimeout: 60_000 });
const ENTRY = "test/fixtures/supervised-service.ts";

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

async function service(name: string, stage = 0, env: Record<string, string> = {}): Promise<SupervisedService> {
  const port = await freePort();
  return { name, entry: ENTRY, port, stage, readyUrls: [`http://127.0.0.1:${port}/ready`], env: { PATH: process.env.PATH, LOG_FORMAT: "json", ...env } };
}

function supervise() {
  const lines: string[] = [];
  const gaveUp: string[] = [];
  supervisor = new Supervisor({ print: (line) => lines.push(line), colors: false, readyTimeoutMs: 30_000, onGiveUp: (name) => gaveUp.push(name) });
  return { supervisor, lines, gaveUp };
}

const answers = (s: SupervisedService) => fetch(s.readyUrls[0]!).then((r) => r.ok, () => false);

describe("pnpm start's supervisor", () => {
  it("restarts a service that exits, after a delay, and says so, while the others keep serving", async () => {
    const { supervisor, lines } = supervise();
    const [flaky, steady] = [await service("flaky"), await service("steady")];
    await Promise.all([supervisor.start(flaky), supervisor.start(steady)]);
    await fetch(`http://127.0.0.1:${flaky.port}/crash`).catch(() => {});
    await eventually(async () => lines.some((line) => line.includes("flaky exited (code 3); restarting it in 1 s, the others keep serving")));
    expect(await answers(steady)).toBe(true);
    await eventually(async () => lines.some((line) => line.includes("flaky is ready again")), { timeoutMs: 30_000 });
    expect(await answers(flaky)).toBe(true);
  });

  it("gives up on a service that keeps failing to start, naming it and its last output", async () => {
    const { supervisor, lines, gaveUp } = supervise();
    const broken = await service("broken", 0, { FAIL_AT_START: "yes" });
    await expect(supervisor.start(broken)).rejects.toThrow("broken failed to start");
    expect(gaveUp).toEqual(["broken"]);
    expect(lines.filter((line) => line.includes("restarting it in"))).toHaveLength(2);
    const verdict = lines.findIndex((line) => line.includes("broken failed to start 3 times in a row (last: code 1); giving up"));
    expect(verdict).toBeGreaterThan(0);
    expect(lines.slice(verdict).some((line) => line.includes("bad setting FAIL_AT_START=yes"))).toBe(true);
  });

  it("stops the highest stage first, and a stop is not reported as a crash", async () => {
    const { supervisor, lines } = supervise();
    const [backend, frontend] = [await service("backend", 0), await service("frontend", 1)];
    await supervisor.start(backend);
    await supervisor.start(frontend);
    await supervisor.stop();
    const order = lines.filter((line) => line.includes("shutting down")).map((line) => line.split("│")[0]!.trim());
    expect(order).toEqual(["frontend", "backend"]);
    expect(lines.some((line) => line.includes("exited"))).toBe(false); // a stop is not reported as a crash
    expect(await answers(backend)).toBe(false);
  });

  it("a subgraph stopped by SIGTERM closes its database and exits 0 (Apollo Server's own signal handler no longer races the stop)", async () => {
    const port = await freePort();
    // NODE_ENV=development: Apollo Server registers its termination handlers outside NODE_ENV=test.
    const env = { ...testEnv({ PORT: String(port), NODE_ENV: "development", SEED: "never", LOG_LEVEL: "info", LOG_FORMAT: "json" }), PATH: process.env.PATH };
    const child = spawnEntry("subgraphs/products/src/main.ts", env);
    const lines: string[] = [];
    onLines(child, (line) => lines.push(line));
    await eventually(() => fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false), { timeoutMs: 60_000 });
    child.kill("SIGTERM");
    await exitOf(child);
    expect(child.exitCode, lines.join("\n")).toBe(0);
    expect(lines.some((line) => line.includes('"msg":"products subgraph stopped"'))).toBe(true);
  });

  it("a service stopped by SIGINT exits 0", async () => {
    const port = await freePort();
    const child = spawnEntry(ENTRY, { PATH: process.env.PATH, PORT: String(port) });
    await eventually(() => fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false), { timeoutMs: 30_000 });
    child.kill("SIGINT");
    await exitOf(child);
    expect(child.exitCode).toBe(0);
  });

  it("a supervised child stops by itself when its supervisor is killed", async () => {
    const port = await freePort();
    const script = `import { spawnEntry } from "@shop/shared/child-process";
      const child = spawnEntry(${JSON.stringify(ENTRY)}, { PATH: process.env.PATH, PORT: "${port}" }, { supervised: true });
      console.log("child", child.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve) =>
      onLines(parent, (line) => {
        if (line.startsWith("child ")) resolve(Number(line.slice(6)));
      }),
    );
    await eventually(() => fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false), { timeoutMs: 30_000 });
    parent.kill("SIGKILL");
    await exitOf(parent);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await eventually(async () => !alive(), { timeoutMs: 15_000, message: `the child ${pid} outlived its supervisor` });
  });
});
