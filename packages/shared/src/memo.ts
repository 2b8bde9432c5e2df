// One value per key, made on first use and kept for the process (e.g. a JWT signer or verifier per secret).

/** The value `map` holds for `key`, made by `make` (and kept) the first time. */
export function getOrCreate<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
