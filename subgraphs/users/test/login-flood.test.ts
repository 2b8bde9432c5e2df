// A log-in flood against bounded password hashing: the hasher never runs more hashes at once than its bound, sheds
// what its queue cannot hold (and one account's share beyond its limit) at once, and over HTTP a flood of 32
// parallel log-ins does not stop other requests or another account's log-in from being answered before it ends.
// Latencies are printed for the record, never asserted (the machine is shared).
import { createLogger } from "@shop/shared/logger";
import { seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/domain/password.ts";
import { createPasswordHasher, PER_ACCOUNT_LIMIT, type PasswordHasher } from "../src/domain/password-hasher.ts";
import { loadConfig, startUsersSubgraph } from "../src/subgraph.ts";

const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

/** Samples the hasher's counts on every turn of the event loop until `done` settles; the highest seen. */
async function watch(hasher: PasswordHasher, done: Promise<unknown>) {
  let settled = false;
  let maxActive = 0;
  let maxWaiting = 0;
  void done.finally(() => (settled = true));
  while (!settled) {
    const { active, waiting } = hasher.stats();
    maxActive = Math.max(maxActive, active);
    maxWaiting = Math.max(maxWaiting, waiting);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { maxActive, maxWaiting };
}

describe("bounded password hashing", () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword("a cheap test hash", { N: 2 ** 12, r: 8, p: 1 }); // verification runs at its own N
  });

  it("never runs more hashes at once than its bound, and answers every queued one", async () => {
    const hasher = createPasswordHasher({ concurrency: 2, queueLimit: 100 });
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => hasher.verify(i % 2 ? "a cheap test hash" : "wrong", stored, `user${i}@example.com`)));
    const seen = await watch(hasher, all);
    expect(await all).toEqual(Array.from({ length: 12 }, (_, i) => i % 2 === 1));
    expect(seen.maxActive).toBeLessThanOrEqual(2);
    expect(hasher.stats()).toMatchObject({ peakActive: 2, active: 0, waiting: 0, refused: 0 });
    expect(seen.maxWaiting).toBe(10);
  });

  it("refuses at once, with SERVICE_UNAVAILABLE, what the queue cannot hold", async () => {
    const hasher = createPasswordHasher({ concurrency: 1, queueLimit: 3 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => hasher.verify("wrong", stored, `user${i}@example.com`)));
    expect(results.map((r) => (r.status === "fulfilled" ? "answered" : code(r.reason)))).toEqual([
      "answered", "answered", "answered", "answered", "SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE",
    ]);
    expect(hasher.stats()).toMatchObject({ peakActive: 1, refused: 2 });
  });

  it(`lets one account hold at most ${PER_ACCOUNT_LIMIT} places, so another account's log-in is queued ahead of the flood's rest`, async () => {
    const hasher = createPasswordHasher({ concurrency: 1, queueLimit: 100 });
    const order: string[] = [];
    const flood = Array.from({ length: 10 }, () => hasher.verify("guess", stored, "victim@example.com").then(() => order.push("flood"), (e) => order.push(code(e)!)));
    const legit = hasher.verify("a cheap test hash", stored, "someone@example.com").then((ok) => order.push(ok ? "legit" : "legit-failed"));
    await Promise.all([...flood, legit]);
    expect(order.filter((o) => o === "SERVICE_UNAVAILABLE")).toHaveLength(10 - PER_ACCOUNT_LIMIT);
    expect(order.filter((o) => o === "flood")).toHaveLength(PER_ACCOUNT_LIMIT);
    expect(order.at(-1)).toBe("legit"); // queued right behind the account's three, not behind ten
  });
});

describe("a log-in flood over HTTP", () => {
  const config = loadConfig(testEnv({ PASSWORD_HASH_CONCURRENCY: "1" }));
  let subgraph: Awaited<ReturnType<typeof startUsersSubgraph>>;
  const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
  const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
    callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);
  const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }`;

  beforeAll(async () => {
    subgraph = await startUsersSubgraph(config, createLogger("users", "error"));
  });
  afterAll(() => subgraph?.stop());

  /** 32 parallel log-ins to `emails(i)`, then `me` and a legitimate log-in to Grace's account; the order answers came in. */
  async function flood(label: string, emails: (i: number) => string) {
    const finished: string[] = [];
    const started = performance.now();
    const flood = Array.from({ length: 32 }, (_, i) =>
      call(LOGIN, { e: emails(i), p: `guess number ${i}` }).then((r) => {
        finished.push(r.errors?.[0]?.extensions?.code ?? "ok");
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // the flood is on the wire first
    const timed = async (label: string, run: () => Promise<unknown>) => {
      const at = performance.now();
      await run();
      finished.push(label);
      return Math.round(performance.now() - at);
    };
    const [meMs, loginMs] = await Promise.all([
      timed("me", async () => expect((await call("{ me { email } }", {}, grace.id)).data?.me).toEqual({ email: grace.email })),
      timed("legit login", async () => expect((await call(LOGIN, { e: grace.email, p: grace.password })).data?.login.user.id).toBe(grace.id)),
    ]);
    await Promise.all(flood);
    console.log(`${label}, hashing bound 1: me answered in ${meMs} ms, a legitimate log-in in ${loginMs} ms, the flood in ${Math.round(performance.now() - started)} ms`);
    return finished;
  }

  it("answers other requests while 32 parallel log-ins to as many accounts are still being hashed", async () => {
    const finished = await flood("32 parallel log-ins to 32 accounts", (i) => `guess${i}@example.com`);
    expect(finished.indexOf("me")).toBeLessThan(finished.length - 1 - 16); // before half the flood was answered
    expect(finished.filter((f) => f === "UNAUTHENTICATED")).toHaveLength(32); // all hashed, none refused (queue 64)
  }, 180_000);

  it("hashes only a few of 32 parallel guesses at one account, refusing the rest at once, and logs another account in", async () => {
    const finished = await flood("32 parallel guesses at Ada's account", () => ada.email);
    expect(finished).toContain("legit login");
    // The guesses arrive within one hash's time, so all but the account's few places (a place freed by a finished
    // guess may admit a late one) are refused without being hashed.
    expect(finished.filter((f) => f === "UNAUTHENTICATED").length).toBeLessThan(2 * PER_ACCOUNT_LIMIT);
    expect(finished.filter((f) => f === "UNAUTHENTICATED" || f === "SERVICE_UNAVAILABLE")).toHaveLength(32);
  }, 180_000);
});
