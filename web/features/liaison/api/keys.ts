/** Query keys of the liaison pages. */
export const liaisonKeys = {
  all: ['liaison'] as const,
  my: () => [...liaisonKeys.all, 'my'] as const,
  myVisits: () => [...liaisonKeys.all, 'my', 'visits'] as const,
  myDiaries: () => [...liaisonKeys.all, 'my', 'diaries'] as const,
  households: () => [...liaisonKeys.all, 'households'] as const,
  pairings: (householdId: number) => [...liaisonKeys.all, 'pairings', householdId] as const,
  coverage: () => [...liaisonKeys.all, 'coverage'] as const,
  formalism: (from: string, to: string) => [...liaisonKeys.all, 'formalism', from, to] as const,
  figures: (groupBy: string, from: string, to: string) => [...liaisonKeys.all, 'figures', groupBy, from, to] as const,
};
