import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResult } from '../../../../contracts/search';
import { api, type Query } from '../../../lib/api';

export const searchKeys = {
  all: ['search'] as const,
  results: (query: Query) => [...searchKeys.all, query] as const,
};

/** GET /api/search with the page's parameters; nothing is asked while the query is empty. */
export function useSearch(query: Query & { q: string }) {
  return useQuery({
    queryKey: searchKeys.results(query),
    queryFn: () => api.get<SearchResult>('/api/search', query),
    enabled: query.q.trim() !== '',
    placeholderData: keepPreviousData,
  });
}
