export interface SortOrder<F extends string> {
  field: F;
  direction: 'asc' | 'desc';
}

/**
 * Read a list's `sort` parameter ('name' ascending, '-name' descending) against the fields that list allows;
 * null when the field is not sortable, so the caller can name the bad parameter.
 */
export function parseSort<F extends string>(
  sort: string | undefined,
  allowed: readonly F[],
  fallback: SortOrder<F>,
): SortOrder<F> | null {
  if (!sort) return fallback;
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^-/, '');
  return (allowed as readonly string[]).includes(field) ? { field: field as F, direction } : null;
}

/** Escape LIKE wildcards in user input so a search for '50%' matches the characters, not a pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
