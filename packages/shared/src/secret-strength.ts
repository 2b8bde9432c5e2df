// Production refuses weak secrets: too short, too little entropy (32 identical characters, "abab..."), or one of the
// sample values committed to this repository (deploy/.env.example, the local Kubernetes overlay), which anyone can
// read. One check for every secret setting of every process, called by config.ts's `secret()`.

/** Sample secrets committed to the repository (test/secret-samples.test.ts keeps this list in step with the files). */
export const COMMITTED_SAMPLE_SECRETS: ReadonlySet<string> = new Set([
  "dev-only-jwt-secret-change-me-0123456789",
  "dev-only-subgraph-secret-change-me-012345",
  "local-dev-only-jwt-secret-0123456789abcdef",
  "local-dev-only-subgraph-secret-0123456789ab",
]);

export const MIN_SECRET_LENGTH = 32;
/**
 * The least estimated entropy accepted, in bits: the value's length times the Shannon entropy of its own character
 * frequencies. `openssl rand -base64 32` (44 characters) scores about 200, 32 random hex digits about 115;
 * 32 identical characters score 0 and a repeated pair 32.
 */
export const MIN_SECRET_BITS = 96;

/** The estimated entropy of `value` in bits (an upper bound for patterned strings; it catches the lazy ones). */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  const characters = [...value];
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * characters.length;
}

/** True when `value` is one shorter block written out again and again ("0123456789abcdef0123456789abcdef"). */
export function isRepeatedBlock(value: string): boolean {
  for (let size = 1; size <= value.length / 2; size++) {
    if (value.length % size === 0 && value.slice(size) + value.slice(0, size) === value) return true;
  }
  return false;
}

/** Why `value` is not fit to be a production secret, in one line naming `name`; null when it is. */
export function weakSecretReason(name: string, value: string): string | null {
  if (COMMITTED_SAMPLE_SECRETS.has(value)) return `${name} is a sample value committed to the repository; generate one with \`openssl rand -base64 32\``;
  if (value.length < MIN_SECRET_LENGTH) return `${name} must be at least ${MIN_SECRET_LENGTH} characters`;
  if (isRepeatedBlock(value) || estimatedEntropyBits(value) < MIN_SECRET_BITS) return `${name} is too predictable (repeated characters or a short pattern); generate one with \`openssl rand -base64 32\``;
  return null;
}
