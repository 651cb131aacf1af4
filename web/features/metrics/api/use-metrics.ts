import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type {
  HotTopicsResponse,
  MetricDrillFigure,
  MetricDrillResponse,
  MetricGroupsResponse,
  RankingResponse,
  ScorecardResponse,
  ScorecardRow,
  TrendResponse,
} from '../../../../contracts/metrics';
import type { TreeNode, UnitKind } from '../../../../contracts/org';
import type { RequestSummary } from '../../../../contracts/requests';
import type { ListParams } from '../../../components/server-table';
import { api, type Query } from '../../../lib/api';
import { metricsKeys } from './keys';

/** The filters every figure takes (contracts/metrics.ts metricsQuerySchema). */
export interface MetricsFilters {
  from: string;
  to: string;
  divisionCode?: string;
  categoryCode?: string;
  unitKind?: UnitKind;
}

const STALE = 60_000;

/**
 * The totals of the period: the request-level rows (GET /api/metrics/divisions at county level) or, with a class of
 * unit, the rows of units of that class (GET /api/metrics/units) — the same rows the trend and the drill-down use.
 */
export function usePeriodTotals(f: MetricsFilters) {
  const path = f.unitKind ? '/api/metrics/units' : '/api/metrics/divisions';
  const q: Query = f.unitKind ? { ...f } : { ...f, level: 'county' };
  return useQuery({
    queryKey: metricsKeys.groups(f.unitKind ? 'units' : 'divisions', q),
    queryFn: () => api.get<MetricGroupsResponse>(path, q),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

/** The figures month by month over the period (every month listed). */
export function useTrend(f: MetricsFilters & { unitId?: number }) {
  return useQuery({
    queryKey: metricsKeys.trend(f),
    queryFn: () => api.get<TrendResponse>('/api/metrics/trend', { ...f }),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

export interface RankingFilters {
  month: string;
  unitKind: UnitKind;
  divisionCode?: string;
  categoryCode?: string;
}

/** The monthly ranking of one class of unit, with its red and black lists. */
export function useRanking(q: RankingFilters) {
  return useQuery({
    queryKey: metricsKeys.ranking(q),
    queryFn: () => api.get<RankingResponse>('/api/metrics/ranking', { ...q }),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

/** Downloads the ranking as XLSX with exactly the filters shown. */
export const downloadRanking = (q: RankingFilters) =>
  api.download('/api/metrics/ranking.xlsx', { ...q }, `ranking-${q.month}.xlsx`);

/** The most frequent and fastest-growing categories per township in one ISO week. */
export function useHotTopics(q: { week: string; divisionCode?: string; limit?: number }) {
  return useQuery({
    queryKey: metricsKeys.hotTopics(q),
    queryFn: () => api.get<HotTopicsResponse>('/api/metrics/hot-topics', { ...q }),
    staleTime: STALE,
    placeholderData: keepPreviousData,
  });
}

/** One page of the requests behind a figure (ServerTable's fetcher). */
export const fetchDrill = (params: ListParams) =>
  api.get<MetricDrillResponse>('/api/metrics/drill', params) as Promise<
    MetricDrillResponse & Page<MetricDrillResponse['items'][number]>
  >;

/** One page of the requests of a hot topic: received in the week, in the township and category. */
export const fetchHotRequests = (params: ListParams) => api.get<Page<RequestSummary>>('/api/requests', params);

/** The scorecard rows are listed at most this many (pages of 200, the endpoint's largest page). */
export const SCORECARD_MAX_ROWS = 2000;
const SCORECARD_PAGE = 200;

/**
 * A unit's scorecard for a period, with all of its rows (up to SCORECARD_MAX_ROWS, newest first) so the page can list
 * every request that cost points, not only those of one page.
 */
export function useScorecard(unitId: number, q: { from: string; to: string }) {
  return useQuery({
    queryKey: metricsKeys.scorecard(unitId, q),
    queryFn: async () => {
      const first = await api.get<ScorecardResponse>(`/api/metrics/scorecard/${unitId}`, {
        ...q,
        page: 1,
        pageSize: SCORECARD_PAGE,
      });
      const rows: ScorecardRow[] = [...first.rows.items];
      const pages = Math.ceil(Math.min(first.rows.total, SCORECARD_MAX_ROWS) / SCORECARD_PAGE);
      for (let page = 2; page <= pages; page++) {
        const next = await api.get<ScorecardResponse>(`/api/metrics/scorecard/${unitId}`, {
          ...q,
          page,
          pageSize: SCORECARD_PAGE,
        });
        rows.push(...next.rows.items);
      }
      return { ...first, allRows: rows };
    },
    enabled: unitId > 0,
    staleTime: STALE,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The top level of the request categories (一级), for the dashboard's filter. */
export function useTopCategories() {
  return useQuery({
    queryKey: metricsKeys.categoryTree(),
    queryFn: async () => {
      const answer = await api.get<TreeNode[] | TreeNode>('/api/org/categories');
      return Array.isArray(answer) ? answer : [answer];
    },
    staleTime: 5 * 60_000,
    select: (tree) => tree.map((n) => ({ value: n.code, label: n.name })),
  });
}

/** code → name of every category (for drill rows). */
export function useCategoryNames(): Map<string, string> {
  const { data } = useQuery({
    queryKey: ['org', 'categories', 'all'] as const,
    queryFn: () => api.get<{ code: string; name: string }[]>('/api/org/categories/all'),
    staleTime: 5 * 60_000,
  });
  return new Map((data ?? []).map((c) => [c.code, c.name]));
}

export function useUnitName(id: number | undefined) {
  return useQuery({
    queryKey: metricsKeys.unitName(id ?? 0),
    queryFn: () => api.get<{ id: number; name: string }>(`/api/org/units/${id}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export type { MetricDrillFigure };
