/**
 * Query keys of the org module, one factory per resource: mutations invalidate by the broadest
 * key they affect (e.g. every units list after a create), reads use the narrow ones.
 */
export const orgKeys = {
  all: ['org'] as const,
  divisions: {
    all: ['org', 'divisions'] as const,
    lists: () => [...orgKeys.divisions.all, 'list'] as const,
    tree: (root?: string) => [...orgKeys.divisions.all, 'tree', root ?? null] as const,
    detail: (code: string) => [...orgKeys.divisions.all, 'detail', code] as const,
  },
  units: {
    all: ['org', 'units'] as const,
    lists: () => [...orgKeys.units.all, 'list'] as const,
    detail: (id: number) => [...orgKeys.units.all, 'detail', id] as const,
  },
  categories: {
    tree: () => ['org', 'categories', 'tree'] as const,
  },
  people: {
    all: ['org', 'people'] as const,
    lists: () => [...orgKeys.people.all, 'list'] as const,
    detail: (id: number) => [...orgKeys.people.all, 'detail', id] as const,
  },
};
