import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarDay, CalendarYear } from '../../../../contracts/calendar';
import { api } from '../../../lib/api';

export type { CalendarDay, CalendarDayKind as DayKind, CalendarYear } from '../../../../contracts/calendar';

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => [...calendarKeys.all, year] as const,
};

/** GET /api/calendar/:year: every day of the year with whether it is a statutory working day. */
export function useCalendarYear(year: number) {
  return useQuery({ queryKey: calendarKeys.year(year), queryFn: () => api.get<CalendarYear>(`/api/calendar/${year}`) });
}

/** Override one day (e.g. when the State Council publishes next year's schedule). */
export function useOverrideDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ day, isWorking, name }: { day: string; isWorking: boolean; name: string | null }) =>
      api.put<CalendarDay>(`/api/calendar/days/${day}`, { isWorking, name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

/** Drop an override: the day goes back to the official schedule (or the Monday–Friday default). */
export function useResetDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => api.delete<CalendarDay>(`/api/calendar/days/${day}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}
