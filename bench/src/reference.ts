// Before any load: logs the demo user in through a gateway and records each scenario's correct answer.
// Our router's data is checked against the demo data; every peer must return the very same data. The exact
// bytes a gateway answered become what every response under load must equal.
import { post, type RunningGateway } from "./gateways.ts";
import type { Scenario } from "./scenarios.ts";

const LOGIN = "mutation BenchLogin($email: String!, $password: String!) { login(email: $email, password: $password) { token } }";

export interface Reference {
  headers: Record<string, string>;
  body: string;
  /** The exact response body every request under load must get. */
  expectBody: string;
  /** JSON of `data`, compared across gateways. */
  data: string;
}

function parse(gateway: RunningGateway, what: string, status: number, text: string): { data?: unknown } {
  let json: { data?: unknown; errors?: unknown[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new Error(`${gateway.definition.label}: ${what} answered ${status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  if (status !== 200 || json.errors?.length) {
    throw new Error(`${gateway.definition.label}: ${what} answered ${status} with errors: ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  }
  return json;
}

/** Logs Ada in through the gateway and returns her bearer token. */
export async function login(gateway: RunningGateway, email: string, password: string): Promise<string> {
  const { status, text } = await post(gateway.url, LOGIN, {}, { email, password });
  const token = (parse(gateway, "login", status, text).data as { login?: { token?: string } } | undefined)?.login?.token;
  if (!token) throw new Error(`${gateway.definition.label}: login returned no token`);
  return token;
}

export async function reference(gateway: RunningGateway, scenario: Scenario, token: string, expectedData?: string): Promise<Reference> {
  const headers: Record<string, string> = scenario.authenticated ? { authorization: `Bearer ${token}` } : {};
  const body = JSON.stringify({ query: scenario.query });
  const first = await post(gateway.url, scenario.query, headers);
  const json = parse(gateway, `scenario ${scenario.name}`, first.status, first.text);
  const data = JSON.stringify(json.data);
  if (expectedData === undefined) scenario.check(json.data);
  else if (data !== expectedData) {
    throw new Error(`${gateway.definition.label}: scenario ${scenario.name} returned other data than our router:\n  ${data.slice(0, 400)}\n  expected ${expectedData.slice(0, 400)}`);
  }
  const second = await post(gateway.url, scenario.query, headers);
  if (second.text !== first.text) {
    throw new Error(`${gateway.definition.label}: scenario ${scenario.name} answers differ between two requests; the bench compares bodies exactly`);
  }
  return { headers, body, expectBody: first.text, data };
}
