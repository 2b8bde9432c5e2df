// `pnpm users:grant <email> <scope>...` and `pnpm users:revoke <email> <scope>...`: the operator's way to give an
// account staff scopes or take them away, and how the first staff account of a real deployment is made (sign up,
// then grant). Works on the users database the users service would open: USERS_DATABASE_URL (as `pnpm start`
// reads it), else DATABASE_URL (as the service reads it, e.g. inside its container), else .data/users. An
// embedded database takes its directory's lock, so it is refused while the users service has it open.
import { databaseKind, defaultDatabaseUrl, embeddedDirectory, openDatabase, redactUrl } from "@shop/shared/database";
import { directoryState } from "@shop/shared/embedded-database";
import { ALL_SCOPES, isScope, type Scope } from "@shop/shared/scopes";
import { PrismaClient } from "../subgraphs/users/src/__generated__/prisma/client.ts";
import { canonicalEmail } from "../subgraphs/users/src/domain/account-fields.ts";
import { grantScopes, revokeScopes, type ScopeChange } from "../subgraphs/users/src/domain/scopes.ts";

class UsageError extends Error {}

const USAGE = `usage: pnpm users:grant <email> <scope>...   |   pnpm users:revoke <email> <scope>...
scopes: ${ALL_SCOPES.join(", ")}`;

function parse(argv: string[]): { action: "grant" | "revoke"; email: string; scopes: Scope[] } {
  const [action, rawEmail, ...rawScopes] = argv;
  if (action !== "grant" && action !== "revoke") throw new UsageError(USAGE);
  if (!rawEmail || rawScopes.length === 0) throw new UsageError(USAGE);
  const email = canonicalEmail(rawEmail);
  if (!email) throw new UsageError(`${rawEmail} is not a valid email address`);
  const unknown = rawScopes.filter((scope) => !isScope(scope));
  if (unknown.length) throw new UsageError(`unknown scope${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; the scopes are ${ALL_SCOPES.join(", ")}`);
  return { action, email, scopes: [...new Set(rawScopes as Scope[])] };
}

function databaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.USERS_DATABASE_URL || env.DATABASE_URL || defaultDatabaseUrl("users");
  const dir = embeddedDirectory(url);
  if (url === "memory://") throw new UsageError("memory:// holds no accounts: point USERS_DATABASE_URL at the users database");
  if (dir && directoryState(dir) !== "database") throw new UsageError(`there is no users database in ${dir} yet: start the shop once (pnpm start) and sign the account up first`);
  return url;
}

function describe(action: "grant" | "revoke", email: string, scopes: Scope[], change: ScopeChange): string {
  const list = (items: string[]) => (items.length ? items.join(" ") : "(none)");
  const changed = action === "grant" ? scopes.filter((s) => !change.before.includes(s)) : scopes.filter((s) => change.before.includes(s));
  const unchanged = scopes.filter((s) => !changed.includes(s));
  const verb = action === "grant" ? "granted" : "revoked";
  const lines = [`${email}: ${changed.length ? `${verb} ${changed.join(" ")}` : `nothing to ${action}`}${unchanged.length ? ` (${action === "grant" ? "already held" : "not held"}: ${unchanged.join(" ")})` : ""}`];
  lines.push(`${email} now holds: ${list(change.after)} (it takes effect at the account's next log-in)`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { action, email, scopes } = parse(process.argv.slice(2));
  const url = databaseUrl(process.env);
  const connection = await openDatabase(url, { service: "users", poolSize: 1 });
  const prisma = new PrismaClient({ adapter: connection.adapter });
  try {
    const change = await (action === "grant" ? grantScopes : revokeScopes)(prisma, email, scopes);
    if (!change) throw new UsageError(`no account with the email ${email} in the users database (${databaseKind(url) === "postgresql" ? redactUrl(url) : embeddedDirectory(url)}): sign it up first`);
    console.log(describe(action, email, scopes, change));
  } finally {
    await prisma.$disconnect();
    await connection.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `users:${process.argv[2] ?? "grant"} failed: ${(error as Error).message}`);
  process.exit(1);
}
