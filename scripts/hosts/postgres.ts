// A throwaway PostgreSQL for `pnpm test:hosts`: initdb into a temporary directory and the server run as the
// `postgres` OS user inside its own network namespace, listening only on that namespace's address.
import { execFileSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type HostProcess, spawnInNamespace } from "./processes.ts";

/** The newest Debian PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin), or null when none are installed. */
export function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const majors = readdirSync(root).filter((entry) => existsSync(path.join(root, entry, "bin", "postgres")));
  majors.sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], "bin") : null;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export interface ThrowawayPostgres {
  process: HostProcess;
  /** `postgresql://postgres@<address>:5432/<database>` */
  url(database: string): string;
  createDatabases(names: string[]): Promise<void>;
}

/** Initialises a cluster in `dir` (trust auth for `subnet`.0/24 only) and starts it in `namespace` on `address`. */
export async function startPostgres(options: { bin: string; dir: string; namespace: string; address: string; subnet: string }): Promise<ThrowawayPostgres> {
  const { uid, gid } = postgresIds();
  const data = path.join(options.dir, "data");
  mkdirSync(options.dir, { recursive: true });
  chownSync(options.dir, uid, gid);
  execFileSync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", path.join(options.bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  appendFileSync(path.join(data, "pg_hba.conf"), `host all all ${options.subnet}.0/24 trust\n`);
  // setpriv execs the server (no forking wrapper), so the spawned process is the postmaster itself and stops on SIGTERM.
  const server = spawnInNamespace("postgres", options.namespace, [
    "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
    path.join(options.bin, "postgres"), "-D", data, "-c", `listen_addresses=${options.address}`, "-c", "port=5432",
    "-c", `unix_socket_directories=${options.dir}`, "-c", "fsync=off", "-c", "max_connections=200",
  ], {});
  const url = (database: string) => `postgresql://postgres@${options.address}:5432/${database}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url("postgres"), connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline || server.exited()) throw new Error(`PostgreSQL did not start in ${options.namespace}: ${(error as Error).message}\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    process: server,
    url,
    async createDatabases(names) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
  };
}
