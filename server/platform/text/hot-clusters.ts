import { bandKeys, signatureSimilarity, type TextSignature } from './near-duplicate.js';

/**
 * Hot-topic clusters (热点, issue #7 point 4): messages about the same concrete problem — similar text at the same
 * place. Pure: union-find over the near-duplicate pairs that the LSH bands propose, an edge when
 *   - the MinHash similarity reaches `similar`, and
 *   - the places agree: the two messages share a place key (e.g. the division code), or either has no place at all
 *     (then the text must reach `similarNoPlace`).
 * A band bucket larger than `maxBucket` is skipped (a boilerplate text shared by very many messages proposes no pairs).
 */

export interface ClusterItem {
  /** Estimated-similarity input: the MinHash signature of the message. */
  signature: TextSignature;
  /** Place keys (e.g. the division code); empty when unknown. */
  places: readonly string[];
}

export interface ClusterOptions {
  similar?: number;
  similarNoPlace?: number;
  minSize?: number;
  maxBucket?: number;
}

export const CLUSTER_DEFAULTS = { similar: 0.3, similarNoPlace: 0.5, minSize: 3, maxBucket: 200 } as const;

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let y = x;
    while (this.parent[y] !== r) {
      const next = this.parent[y] as number;
      this.parent[y] = r;
      y = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function placesAgree(a: readonly string[], b: readonly string[]): boolean | null {
  if (a.length === 0 || b.length === 0) return null;
  return a.some((p) => b.includes(p));
}

/** Groups of item indexes (each ascending) with at least `minSize` members, the biggest first (ties: first member). */
export function clusterItems(items: readonly ClusterItem[], options: ClusterOptions = {}): number[][] {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const buckets = new Map<number, number[]>();
  items.forEach((item, i) => {
    for (const key of bandKeys(item.signature)) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
  });
  const uf = new UnionFind(items.length);
  for (const bucket of buckets.values()) {
    if (bucket.length < 2 || bucket.length > o.maxBucket) continue;
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x] as number;
        const j = bucket[y] as number;
        // Already in one cluster (through this bucket or another): nothing to compare.
        if (uf.find(i) === uf.find(j)) continue;
        const a = items[i] as ClusterItem;
        const b = items[j] as ClusterItem;
        const agree = placesAgree(a.places, b.places);
        if (agree === false) continue;
        const need = agree === null ? o.similarNoPlace : o.similar;
        if (signatureSimilarity(a.signature, b.signature) >= need) uf.union(i, j);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < items.length; i++) {
    const root = uf.find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()]
    .filter((g) => g.length >= o.minSize)
    .sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number));
}

export interface PeriodCluster {
  /** Indexes of all members (both periods), ascending. */
  members: number[];
  /** Members received in the current period and in the previous one. */
  current: number;
  previous: number;
  /** (current − previous) / previous; null when the previous period had none (a new topic). */
  growth: number | null;
}

/**
 * Clusters of one period with growth: items of the current and the previous period are clustered together, and a
 * cluster is reported when at least `minSize` of its members fall in the current period; biggest first.
 */
export function periodClusters(
  items: readonly (ClusterItem & { inCurrent: boolean })[],
  options: ClusterOptions = {},
): PeriodCluster[] {
  const minSize = options.minSize ?? CLUSTER_DEFAULTS.minSize;
  return clusterItems(items, { ...options, minSize: 2 })
    .map((members) => {
      const current = members.filter((i) => items[i]?.inCurrent).length;
      const previous = members.length - current;
      return { members, current, previous, growth: previous === 0 ? null : (current - previous) / previous };
    })
    .filter((c) => c.current >= minSize)
    .sort((a, b) => b.current - a.current || (a.members[0] as number) - (b.members[0] as number));
}
