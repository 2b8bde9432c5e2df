// Is an access token's session still open? The users service knows (logout, rotation, password change, a deleted
// account); the router asks it, for each session at most once per SESSION_CHECK_TTL_MS per replica, so a revocation
// takes effect within that time while a shopper's steady traffic costs one small query per session per interval
// instead of one per request. Concurrent requests of one session share one question.
import { CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import { SESSION_CHECK_ISSUER, SESSION_CHECK_QUERY, type SessionGrant } from "@shop/shared/session-transport";
import { LRUCache } from "lru-cache";
import { type Dispatcher, request } from "undici";

export interface SessionCheckOptions {
  /** The session subgraph's GraphQL URL in the loaded supergraph; undefined before one is loaded. */
  url: () => string | undefined;
  /** The key of its credentials to the session subgraph: credentialKey(router's key, SESSION_CHECK_ISSUER, subgraph). */
  credentialKey: string;
  dispatcher: Dispatcher;
  ttlMs: number;
  timeoutMs: number;
  logger: Logger;
}

interface Answer {
  active: boolean;
  checkedAt: number;
}

/** When the users service cannot be asked, a session it confirmed at most this long ago still counts (an access token's default life). */
const STALE_IF_ERROR_MS = 15 * 60_000;

export class SessionCheck {
  private readonly answers = new LRUCache<string, Answer>({ max: 100_000 });
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly options: SessionCheckOptions) {}

  /** True when session `sessionId` of `userId` is open; throws when nobody can tell (the users service unreachable). */
  async isActive(sessionId: string, userId: string): Promise<boolean> {
    const key = `${sessionId}\u0000${userId}`;
    const known = this.answers.get(key);
    if (known && (!known.active || performance.now() - known.checkedAt < this.options.ttlMs)) return known.active;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(sessionId, userId, known).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Takes a grant the session subgraph just sent for a request of `caller`: the caller's session may have been
   * rotated or ended, so this replica asks again next time instead of vouching for it; a new session is open, so its
   * first request needs no check.
   */
  granted(grant: SessionGrant, caller: { sessionId: string | null; userId: string | null }): void {
    if (caller.sessionId && caller.userId) this.answers.delete(`${caller.sessionId}\u0000${caller.userId}`);
    if (!("clear" in grant)) this.answers.set(`${grant.sessionId}\u0000${grant.userId}`, { active: true, checkedAt: performance.now() });
  }

  private async ask(sessionId: string, userId: string, known: Answer | undefined): Promise<boolean> {
    const key = `${sessionId}\u0000${userId}`;
    try {
      const active = await this.query(sessionId, userId);
      // A closed session never opens again: remembered as closed until evicted.
      this.answers.set(key, { active, checkedAt: performance.now() });
      return active;
    } catch (error) {
      if (known?.active && performance.now() - known.checkedAt < STALE_IF_ERROR_MS) {
        this.options.logger.warn({ err: error }, "session check failed; using the last answer");
        return true;
      }
      throw error;
    }
  }

  /**
   * Whether the supergraph being served has the session subgraph: one that does not (a foreign supergraph served
   * with `pnpm router --supergraph`) has no sessions to check, and its tokens are trusted until they expire.
   */
  applies(): boolean {
    return this.options.url() !== undefined;
  }

  private async query(id: string, userId: string): Promise<boolean> {
    const url = this.options.url();
    if (!url) throw new Error("no supergraph with the session subgraph loaded");
    const operation = { query: SESSION_CHECK_QUERY, operationName: "SessionActive", variables: { id, userId } };
    const response = await request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [CREDENTIAL_HEADER]: await signCredential(this.options.credentialKey, { issuer: SESSION_CHECK_ISSUER, userId }, operation),
      },
      body: JSON.stringify(operation),
      dispatcher: this.options.dispatcher,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body = (await response.body.json()) as { data?: { _sessionActive?: unknown } | null; errors?: unknown[] };
    if (response.statusCode !== 200 || typeof body.data?._sessionActive !== "boolean") {
      throw new Error(`session check answered HTTP ${response.statusCode}: ${JSON.stringify(body.errors ?? body).slice(0, 200)}`);
    }
    return body.data._sessionActive;
  }
}
