// Before any load: logs the demo shoppers in through a gateway and records each scenario's correct answer.
// Our router's data is checked against the demo data; every other contender must return the very same data
// (for the checkout, the same answers with the new orders' ids blanked). The exact bytes a gateway answered a
// fixed operation with become what every response under load must equal.
import { CANCEL, checkStep, PAY, PLACE, type Step, stepBody, withoutIds } from "./checkout.ts";
import { post, type RunningGateway } from "./gateways.ts";
import type { Scenario, Shopper } from "./scenarios.ts";
import type { BenchShopper } from "./shoppers.ts";

const LOGIN = "mutation BenchLogin($email: String!, $password: String!) { login(email: $email, password: $password) { token } }";

export interface Reference {
  headers: Record<string, string>;
  /** The fixed operation and its exact answer; absent for the checkout chain. */
  fixed?: { body: string; expectBody: string };
  /** Many shoppers: the fixed operation sent under each shopper's token in turn, with that shopper's exact answer. */
  rotating?: { body: string; shoppers: Array<{ authorization: string; expectBody: string }> };
  /** JSON of the answers' `data`, compared across gateways. */
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

/** Logs a shopper in through the gateway and returns the bearer token. */
export async function login(gateway: RunningGateway, email: string, password: string): Promise<string> {
  const { status, text } = await post(gateway.url, LOGIN, {}, { email, password });
  const token = (parse(gateway, "login", status, text).data as { login?: { token?: string } } | undefined)?.login?.token;
  if (!token) throw new Error(`${gateway.definition.label}: login returned no token`);
  return token;
}

/** Runs one pass of the checkout chain by hand, checking every step; the answers with ids blanked. */
async function checkoutOnce(gateway: RunningGateway, headers: Record<string, string>): Promise<string> {
  const answers: string[] = [];
  const queries: Record<Step, string> = { place: PLACE, pay: PAY, cancel: CANCEL };
  for (const steps of [["place", "pay"], ["place", "cancel"]] as Step[][]) {
    let orderId: string | undefined;
    for (const step of steps) {
      const { variables } = JSON.parse(stepBody(step, orderId)) as { variables: Record<string, unknown> };
      const { status, text } = await post(gateway.url, queries[step], headers, variables);
      try {
        orderId = checkStep(step, status, text, orderId);
      } catch (error) {
        throw new Error(`${gateway.definition.label}: checkout ${(error as Error).message}; answer ${text.slice(0, 300)}`);
      }
      answers.push(withoutIds(text));
    }
  }
  return `[${answers.join(",")}]`;
}

/** A bench shopper signed in: their data and their bearer token. */
export interface SignedInShopper {
  shopper: BenchShopper;
  token: string;
}

/** Each shopper's answer, checked against their own data (ours) or against ours (a peer); a second request must be byte-identical. */
async function referencePerShopper(gateway: RunningGateway, scenario: Scenario, shoppers: SignedInShopper[], expectedData?: string): Promise<Reference> {
  const query = scenario.query!;
  const answers: Array<{ authorization: string; expectBody: string }> = [];
  const data: string[] = [];
  for (const { shopper, token } of shoppers) {
    const headers = { authorization: `Bearer ${token}` };
    const first = await post(gateway.url, query, headers);
    const json = parse(gateway, `scenario ${scenario.name} for ${shopper.email}`, first.status, first.text);
    if (expectedData === undefined) scenario.checkShopper!(json.data, shopper);
    data.push(JSON.stringify(json.data));
    const second = await post(gateway.url, query, headers);
    if (second.text !== first.text) throw new Error(`${gateway.definition.label}: scenario ${scenario.name} answers ${shopper.email} differently twice`);
    answers.push({ authorization: headers.authorization, expectBody: first.text });
  }
  const all = `[${data.join(",")}]`;
  if (expectedData !== undefined && all !== expectedData) {
    throw new Error(`${gateway.definition.label}: scenario ${scenario.name} returned other data than our router:\n  ${all.slice(0, 400)}\n  expected ${expectedData.slice(0, 400)}`);
  }
  return { headers: {}, rotating: { body: JSON.stringify({ query }), shoppers: answers }, data: all };
}

export async function reference(
  gateway: RunningGateway,
  scenario: Scenario,
  tokens: Record<Exclude<Shopper, "many">, string | undefined>,
  shoppers: SignedInShopper[],
  expectedData?: string,
): Promise<Reference> {
  if (scenario.shopper === "many") return referencePerShopper(gateway, scenario, shoppers, expectedData);
  const token = tokens[scenario.shopper];
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (!scenario.query) {
    const data = await checkoutOnce(gateway, headers);
    if (expectedData !== undefined && data !== expectedData) {
      throw new Error(`${gateway.definition.label}: checkout answers differ from our router's:\n  ${data.slice(0, 400)}\n  expected ${expectedData.slice(0, 400)}`);
    }
    return { headers, data };
  }
  const body = JSON.stringify({ query: scenario.query });
  const first = await post(gateway.url, scenario.query, headers);
  const json = parse(gateway, `scenario ${scenario.name}`, first.status, first.text);
  const data = JSON.stringify(json.data);
  if (expectedData === undefined) scenario.check?.(json.data);
  else if (data !== expectedData) {
    throw new Error(`${gateway.definition.label}: scenario ${scenario.name} returned other data than our router:\n  ${data.slice(0, 400)}\n  expected ${expectedData.slice(0, 400)}`);
  }
  const second = await post(gateway.url, scenario.query, headers);
  if (second.text !== first.text) {
    throw new Error(`${gateway.definition.label}: scenario ${scenario.name} answers differ between two requests; the bench compares bodies exactly`);
  }
  return { headers, fixed: { body, expectBody: first.text }, data };
}
