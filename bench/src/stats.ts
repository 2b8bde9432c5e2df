// The arithmetic of the report: medians over rounds and ours/peer ratios.

/** The median of the values (the mean of the middle two for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

/** ours / peer; NaN when either side is missing or the peer's value is zero. */
export function ratio(ours: number, peer: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return Number.NaN;
  return ours / peer;
}

/** Rounds to `digits` significant decimals for the JSON report, keeping NaN as null. */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
