// A DataLoader batch's answer: one value per key, in the keys' order, from the rows one query fetched for all keys.

/** For each key, the row whose `keyOf` is that key, or null. */
export function oneEach<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): Array<T | null> {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** For each key, the rows whose `keyOf` is that key, in the rows' order ([] for none). */
export function allEach<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const byKey = new Map<K, T[]>();
  for (const row of rows) {
    const group = byKey.get(keyOf(row));
    if (group) group.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
