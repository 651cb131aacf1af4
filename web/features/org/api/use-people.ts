import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../../contracts/common';
import type { Person, PersonCreate, PersonPatch } from '../../../../contracts/org';
import type { ListParams } from '../../../components/server-table';
import { api } from '../../../lib/api';
import { orgKeys } from './keys';

export const fetchPeople = (params: ListParams) => api.get<Page<Person>>('/api/org/people', params);

export function usePerson(id: number | undefined) {
  return useQuery({
    queryKey: orgKeys.people.detail(id ?? 0),
    queryFn: () => api.get<Person>(`/api/org/people/${id}`),
    enabled: !!id,
  });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonCreate) => api.post<Person>('/api/org/people', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.people.all }),
  });
}

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PersonPatch }) => api.patch<Person>(`/api/org/people/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.people.all }),
  });
}

/** Remove a person (they leave the register but stay in the history and the audit log). */
export function useRemovePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<Person>(`/api/org/people/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.people.all }),
  });
}

/** Reveal one masked field of a person; the server records who looked and why in the audit log. */
export function useRevealPerson() {
  return useMutation({
    mutationFn: ({ id, field }: { id: number; field: 'phone' | 'idNumber' }) =>
      api.post<{ value: string }>(`/api/org/people/${id}/reveal`, { field }),
  });
}
