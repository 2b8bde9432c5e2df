// Per-operation budgets, checked once the operation is parsed and picked (persisted operations included):
// every operation of a signed-in account, and the mutations that attackers repeat (guessing passwords,
// creating accounts, placing orders to hold stock). The field names are the public contract of issue 15.
import type { ApolloServerPlugin } from "@apollo/server";
import type { RouterContext } from "../context.ts";
import { type Budgets, take } from "./budgets.ts";
import { emailArgument, type RootField, rootFields } from "./root-fields.ts";

export const GUARDED_MUTATIONS = { login: "login", signUp: "signUp", placeOrder: "placeOrder" } as const;

interface LoginAttempt {
  responseKey: string;
  /** The account whose budget this attempt took a point of (undefined: none taken yet, or no email). */
  email: string | undefined;
  /** Whether it took a point of the address's budget. */
  address: boolean;
}

export function rateLimitPlugin(budgets: Budgets): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      const logins: LoginAttempt[] = [];
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) return;
          const { clientAddress: address, userId } = contextValue;
          if (userId) await take(budgets.requestsPerAccount, userId, "requests from this account");
          if (operation.operation !== "mutation") return;
          for (const field of rootFields(operation, document)) {
            await guard(budgets, field, request.variables ?? {}, address, userId, logins);
          }
        },
        // A login's failure is known only from its answer: no AuthPayload under its key. The points were taken
        // before it ran (so a parallel burst cannot outrun the count); a success gives them back and clears the
        // account's run of failures; a request refused before execution (no `data`) gives them back too.
        async willSendResponse({ response, contextValue }) {
          if (logins.length === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          // `data: null` (a failed non-null login nulls the whole result) still means it ran.
          const ran = result.data !== undefined;
          for (const login of logins) {
            const succeeded = ran && result.data?.[login.responseKey] != null;
            if (succeeded && login.email) await budgets.loginFailuresPerAccount.delete(login.email);
            if (!ran && login.email) await budgets.loginFailuresPerAccount.reward(login.email, 1);
            if ((succeeded || !ran) && login.address) await budgets.loginFailuresPerAddress.reward(contextValue.clientAddress, 1);
          }
        },
      };
    },
  };
}

async function guard(
  budgets: Budgets,
  field: RootField,
  variables: Record<string, unknown>,
  address: string,
  userId: string | null,
  logins: LoginAttempt[],
): Promise<void> {
  switch (field.name) {
    case GUARDED_MUTATIONS.signUp:
      await take(budgets.signUpsPerAddress, address, "sign-ups from this address");
      return;
    case GUARDED_MUTATIONS.placeOrder:
      await take(budgets.ordersPerAddress, address, "orders from this address");
      if (userId) await take(budgets.ordersPerAccount, userId, "orders from this account");
      return;
    case GUARDED_MUTATIONS.login: {
      // Recorded before each point is taken: a refused take counts too, and is given back if the request never ran.
      const attempt: LoginAttempt = { responseKey: field.responseKey, email: undefined, address: true };
      logins.push(attempt);
      await take(budgets.loginFailuresPerAddress, address, "failed logins from this address");
      attempt.email = emailArgument(field, variables);
      if (attempt.email) await take(budgets.loginFailuresPerAccount, attempt.email, "failed logins for this account");
      return;
    }
  }
}
