/**
 * Query keys of the metrics screens. Figures change with every request event, so they are read-only here and simply
 * refetched (a short stale time) rather than invalidated by mutations of another feature.
 */
export const metricsKeys = {
  all: ['metrics'] as const,
  groups: (kind: 'units' | 'divisions' | 'categories', q: object) => [...metricsKeys.all, kind, q] as const,
  trend: (q: object) => [...metricsKeys.all, 'trend', q] as const,
  ranking: (q: object) => [...metricsKeys.all, 'ranking', q] as const,
  hotTopics: (q: object) => [...metricsKeys.all, 'hot-topics', q] as const,
  drill: () => [...metricsKeys.all, 'drill'] as const,
  hotRequests: () => [...metricsKeys.all, 'hot-requests'] as const,
  scorecard: (unitId: number, q: object) => [...metricsKeys.all, 'scorecard', unitId, q] as const,
  /** Look-ups of the organisation, under the org module's prefixes so its mutations refresh them. */
  categoryTree: () => ['org', 'categories', 'tree'] as const,
  unitName: (id: number) => ['org', 'units', 'detail', id] as const,
};
