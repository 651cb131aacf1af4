export const portalKeys = {
  all: ['portal'] as const,
  categories: () => [...portalKeys.all, 'categories'] as const,
  places: (parent: string | undefined) => [...portalKeys.all, 'places', parent ?? ''] as const,
  placePath: (code: string) => [...portalKeys.all, 'place-path', code] as const,
  track: (number: string, code: string) => [...portalKeys.all, 'track', number, code] as const,
  hotTopics: (month: string | undefined) => [...portalKeys.all, 'hot-topics', month ?? ''] as const,
  rankingMonths: () => [...portalKeys.all, 'ranking-months'] as const,
  ranking: (q: Record<string, string>) => [...portalKeys.all, 'ranking', q] as const,
  misconduct: () => ['misconduct'] as const,
  misconductList: (q: Record<string, unknown>) => [...portalKeys.misconduct(), 'list', q] as const,
  misconductDetail: (id: number) => [...portalKeys.misconduct(), 'detail', id] as const,
};
