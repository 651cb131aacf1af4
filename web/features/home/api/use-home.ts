import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../../lib/api';

export interface HomeModule {
  key: string;
  label: string;
  count?: number;
  /** Where the card leads; when absent the web app's own route for the key is used. */
  path?: string;
}

export interface HomeSummary {
  user: {
    displayName: string;
    roles: Role[];
    /** Role names in the request's language. */
    roleLabels?: string[];
    unit: { id: number; name: string } | null;
    scopeLabel: string;
  };
  modules: HomeModule[];
}

export const homeKeys = {
  all: ['home'] as const,
  summary: (lang: string) => [...homeKeys.all, 'summary', lang] as const,
};

/** GET /api/home: the signed-in user's unit, scope and the modules they may open, with counts. */
export function useHome(lang: string) {
  return useQuery({ queryKey: homeKeys.summary(lang), queryFn: () => api.get<HomeSummary>('/api/home') });
}
