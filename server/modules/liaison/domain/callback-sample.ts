// Random call-backs (随机回访): which visits to call back, drawn reproducibly from a recorded seed, so an inspector
// (or an auditor later) regenerates exactly the same list from the same seed and the same visits.

/** A 32-bit hash of a string (FNV-1a), to turn a seed text into the generator's state. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small deterministic generator of floats in [0, 1). */
function generator(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks up to `size` distinct visit ids from the candidates, the same ones for the same seed and candidate set
 * whatever order the candidates come in (they are sorted first), returned in ascending id order.
 */
export function sampleCallbacks(seed: string, candidateIds: readonly number[], size: number): number[] {
  const pool = [...new Set(candidateIds)].sort((a, b) => a - b);
  const next = generator(hashSeed(seed));
  const n = Math.min(size, pool.length);
  // A partial Fisher–Yates shuffle: the first n positions are the sample.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n).sort((a, b) => a - b);
}
