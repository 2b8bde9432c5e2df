// The address a request came from, as far as the router can trust it: the socket's peer, or, behind
// TRUSTED_PROXY_HOPS proxies that each append to X-Forwarded-For, the entry the outermost trusted proxy added.
// Entries further left are whatever the client wrote, so they are never read.
import type { IncomingMessage } from "node:http";

/** IPv6 clients usually get a /64 each: a budget per address would let one client rotate through 2^64 of them. */
function ipv6Prefix(address: string): string {
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** One key per client: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64 prefix. */
export function addressKey(address: string): string {
  const plain = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return plain.includes(":") ? ipv6Prefix(plain.replace(/%.*$/, "")) : plain;
}

export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedProxyHops === 0) return addressKey(peer);
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((entry) => entry.trim()).filter(Boolean);
  // [client, proxy 1, ..., proxy n-1] + the peer (proxy n): the client is trustedProxyHops entries left of the end.
  const chain = [...forwarded, peer];
  return addressKey(chain[Math.max(chain.length - 1 - trustedProxyHops, 0)]!);
}
