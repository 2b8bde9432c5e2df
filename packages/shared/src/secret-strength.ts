// Production refuses weak secrets: too short, too little entropy (32 identical characters, "abab..."), or one of the
// sample values committed to this repository (deploy/.env.example, the local Kubernetes overlay), which anyone can
// read. One check for every secret setting of every process, called by config.ts's `secret()`.

/** Sample secrets committed to the repository (test/secret-samples.test.ts keeps this list in step with the files). */
export const COMMITTED_SAMPLE_SECRETS: ReadonlySet<string> = new Set([
  "dev-only-jwt-secret-change-me-0123456789",
  "dev-only-subgraph-secret-change-me-012345",
  "local-dev-only-jwt-secret-0123456789abcdef",
  "local-dev-only-subgraph-secret-0123456789ab",
  "-Lopf9OaxcTPxKjTShVe_2WymFllK84QqS4p4VKFWpE",
  "-R28zyuaSHkHaFxM5MtNnCchuv2CMMkovQEelDghbaY",
  "72YSpMSvO0QaSG1omeyvGMxuMt1cCZxBpufk_vcohBc",
  "9AX369R3fil5vXMEkOZtxb8HeOU6L8eSFPE66nA25k8",
  "GqfCM6lQRmU4zMc4LLp9Wm8XTxJs1ysV6igpcbg5VsA",
  "IdIwDGveEmVcTQJtR4lV2ReFL5SAkHj3-lL2mq6JE3k",
  "J0Im9Ma6SdYQHY9bOAVrQKiY9dR-8GgLtGEYvngU7-k",
  "JbtLZNQmVqqAU-LgoP2yrvQk44DT4cYyHF0cCWFyBVc",
  "LVqbhypIbXEpx712KCzM5tZoA95m9GvOPLYmduPUhlY",
  "M4ehWzJ6yzvrskAFT8K36w2hDer8iLbiNnywPFS2p6g",
  "Og-C5Wff1bLnqCbP33GBqmStU3b-EiSx5sIibEN5u58",
  "W7lrhZA1OPobpAvQhE4jmyDPi972LXYXLA1EaJsp1HE",
  "ZH5828yGKU_UiiMxXqH0-d2w8eyQ_NPmXggfMm0iA1k",
  "akQyLMcFKOAcTg2nSY5-ivuejFBP_GtojKCHsyOXCDk",
  "oHW9RFTMbiqHJkchvf9Rki-3OUkOp5Eq-MW0T8oyehk",
  "sacSzqjhqXd6rK7jB4u6jNKG2OZUzkNE41V785UsF_o",
  "0UI8axYTQKtYjCR6R-HDpPz77Hk6ElNN0oXbVc0_gfI",
  "C0yxXvzMC1aDAYivW5hvV7YS5clqBKSLS0prFSmdscE",
  "DBZtv9lUM6RvF9Cj6RyBvFlk0o9DukgKqVAvWn3AZ9g",
  "DGpFmqq6ds_Oo6gqysN6P-wlW9Qgad_LeQeH9YevIOM",
  "FXWgNRJ90OjBkjrQfKhQVcdEh4RjADZj-D3qRy6XTnk",
  "Ft-fc99EBEmK_XQtULz8O1jHmXlY9GSjqcPZ8hM2KH4",
  "FtjyxVzI_naPR3s5D1b1L-V4BQ97Ho2mZ3s7MqabENk",
  "GxehOWs1hXFjT5vQhSJrnO63qXD66d3AP4QX_YoSMVI",
  "HDYLO7NzHmWBS1bMO6L-sPCqsdOXDrBJF3KoGGJObhg",
  "HfdUvVj4VEpcN62rJRyGjQSXb2hk3g812UpcQNuGigY",
  "L1sF1moddMMTPDDBDx1-SgpBf9JshpcRlJ2krJTOhlc",
  "NDhDmElSvuoqPnIT8eJ8BQOEePwuq6X2nNT5oNiucFg",
  "NVHdbDvshdGyXm1A87d89ufOB1ipT29TOhs7sWikbJM",
  "O13vYCtXMIe9COBVlstePlj82tQswHBp2OFtJ6QC1UI",
  "PoDeyUCbqHOtCM3nhoe8ABQEcMzBFuhMY9qLDLsITR4",
  "Rzwo5MndF7K99PdxjHRCCNp6RK5_hipEC9LoNFce6g0",
  "SQV4s7XFD-7H-C0McKNzNvcQEc4p8_OT3JQ9GpHbAUs",
  "UA4Q0t0m_Tkt9W11Zlurz4Alcg0xeljx_XYzGDopEuY",
  "Zl0H_gY0h8lmXSaDNliUB6sizOrYV9A4znKL6-gS78Y",
  "_HZrIyeI9KTrOPsYvgOWx46kQyuYvdtyn1-5aQGqnMg",
  "bq312iXQJCj_eJ5ebZ-VK3QjOZoWdiUobiUtrz8gnZI",
  "bsxkoS3Y8JdpQuqqlN4A0-agFSllHryLf60eVfs_XGM",
  "dx5jyXvX1rMzZK8LpFlH3_Xf2On86bGCgniTX_1JNFk",
  "htMyqe7UTTiCoXu9KgTd0l15aFxzWFfT9UJTNEDG7QE",
  "jmzIDeBJ77gEZCHDMPKFpSSyXrcvk-cuIm9CYW4W1UQ",
  "nTk9G6Gmf9m_wB39aS0JJ2cDQWzvsOgmq8yuLnCqW70",
  "nwDQnqYFVVhH431cTFIGQz9nx1odOLeD5ov8BLvaNGA",
  "oCgz1E9NRx5ILZdoB-uWvubHqnk1e1YOwNfpsK2_kmU",
  "pamwUG6qcHWFQKoLXsJAI_vOsryrRij-C-N3sD4e4ks",
  "rcnHhcEPvAAQ9sUP-kyaCIhTJKnhTpqwj-B7j3TfyKs",
  "sZveCQnQVDotMZc-YIVefVncAcXXA8GQoGHxIchgAyE",
  "t7xfcq1UplCGDgdadCqfs3kKhv1ApzOHpKyj7-u1_Dc",
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
