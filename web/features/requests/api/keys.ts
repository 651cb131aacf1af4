/**
 * Query keys of the requests module: actions invalidate `requestKeys.all` (lists, details, proposals)
 * because one step changes the request's row in every list it appears in.
 */
export const requestKeys = {
  all: ['requests'] as const,
  lists: () => [...requestKeys.all, 'list'] as const,
  detail: (id: number) => [...requestKeys.all, 'detail', id] as const,
  queueCounts: () => [...requestKeys.all, 'queue-counts'] as const,
  proposal: (id: number) => [...requestKeys.all, 'proposal', id] as const,
  duplicates: (q: { phone?: string; divisionCode?: string; text?: string }) =>
    [...requestKeys.all, 'duplicates', q] as const,
  callerHistory: (q: { phone?: string; requestId?: number }) => [...requestKeys.all, 'caller-history', q] as const,
  /** Look-ups of the organisation, under the org module's prefixes so its mutations refresh them. */
  categories: () => ['org', 'categories', 'tree'] as const,
  unitName: (id: number) => ['org', 'units', 'detail', id] as const,
  division: (code: string) => ['org', 'divisions', 'detail', code] as const,
};
