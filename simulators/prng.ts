/** mulberry32: a tiny seeded PRNG, so fault sequences are reproducible from `--seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent streams per fault kind derived from one seed, so turning one fault on or off at
 * runtime does not shift the sequence of another.
 */
export function seededStreams<K extends string>(seed: number, kinds: readonly K[]): Record<K, () => number> {
  const out = {} as Record<K, () => number>;
  kinds.forEach((k, i) => {
    out[k] = mulberry32((seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0);
  });
  return out;
}
