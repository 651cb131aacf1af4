// Open311 GeoReport v2 rules that need no I/O: the format of a path, and how our lifecycle maps to open/closed.
import type { Open311Format } from '../../../../contracts/open311.js';
import type { RequestState } from '../../../../contracts/requests.js';

/** `services.json` → { name: 'services', format: 'json' }; null for anything but .json and .xml. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Open311Format } : null;
}

/**
 * Open311 knows two states: 'closed' once the citizen has an answer (replied, rated, closed, or merged into another
 * request that carries on), 'open' before — a reopened request is open again.
 */
export function open311Status(state: RequestState): 'open' | 'closed' {
  return ['replied', 'rated', 'closed', 'merged'].includes(state) ? 'closed' : 'open';
}

/** The states behind an Open311 status filter (`status=open,closed`); null when the filter names no known status. */
export function statesOfStatus(filter: string | undefined, all: readonly RequestState[]): RequestState[] | null {
  if (!filter) return [...all];
  const wanted = new Set(filter.split(',').map((s) => s.trim().toLowerCase()));
  if ([...wanted].some((s) => s !== 'open' && s !== 'closed')) return null;
  return all.filter((s) => wanted.has(open311Status(s)));
}
