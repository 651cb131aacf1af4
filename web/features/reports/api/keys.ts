/** Query keys of the published-rankings page. */
export const reportKeys = {
  all: ['reports'] as const,
  counties: () => [...reportKeys.all, 'counties'] as const,
  versions: (county: string, month: string, unitKind: string) =>
    [...reportKeys.all, 'rankings', county, month, unitKind] as const,
  ranking: (id: number) => [...reportKeys.all, 'ranking', id] as const,
  diff: (id: number) => [...reportKeys.all, 'diff', id] as const,
};
