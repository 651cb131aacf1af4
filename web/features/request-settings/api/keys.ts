/** Query keys of the request-settings pages. */
export const settingsKeys = {
  all: ['request-settings'] as const,
  counties: () => [...settingsKeys.all, 'counties'] as const,
  settings: (county: string) => [...settingsKeys.all, 'settings', county] as const,
  rules: (county: string) => [...settingsKeys.all, 'rules', county] as const,
  categories: () => ['org', 'categories', 'tree'] as const,
};
