// An amount in minor units, formatted for the shopper's locale.
import { formatPrice } from "../lib/money.ts";

export function Price({ cents, currency }: { cents: number; currency: string }) {
  return <span className="price">{formatPrice(cents, currency)}</span>;
}
