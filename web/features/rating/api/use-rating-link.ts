import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RatingLinkRateBody, RatingLinkView } from '../../../../contracts/rating-links';
import { api } from '../../../lib/api';

export const ratingKeys = {
  all: ['rating-links'] as const,
  link: (token: string) => [...ratingKeys.all, token] as const,
};

const path = (token: string) => `/api/public/rating-links/${encodeURIComponent(token)}`;

/** The rating page's data (public, no session): the request's number, its reply, whether it can be rated. */
export function useRatingLink(token: string) {
  return useQuery({
    queryKey: ratingKeys.link(token),
    queryFn: () => api.get<RatingLinkView>(path(token), undefined, { skipAuthRedirect: true }),
    retry: false,
  });
}

export function useRateByLink(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RatingLinkRateBody) =>
      api.post<{ number: string; reopened: boolean }>(path(token), body, { skipAuthRedirect: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ratingKeys.link(token) }),
  });
}
