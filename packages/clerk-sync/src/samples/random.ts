/**
 * mulberry32: small, fast, and the same sequence for the same seed on every platform. Scenarios
 * shuffle with it, and the fake Clerk instance is generated from it.
 *
 * @example const random = seededRandom(42); random() // 0.6011037519201636, every time
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A Clerk-style id (`user_…`, `org_…`) from a random source: reproducible with a seeded one. */
export function seededId(prefix: string, random: () => number): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let id = "";
  for (let i = 0; i < 27; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return `${prefix}_${id}`;
}
