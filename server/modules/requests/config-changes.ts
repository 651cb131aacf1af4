/*
 * Changes of a county's request settings and time-limit rules, as seen by this process: every write of them (the
 * settings and time-limit-rules repositories) notes the county here, and intake-config.ts's short-lived cache drops
 * the county's entry and caches nothing for it for a while after the note (the write's transaction may not have
 * committed yet when the note is taken). No imports: both the writers and the cache depend on this module alone.
 */

const changes = new Map<string, { generation: number; at: number }>();

/** How long after a noted change the county's settings are read from the database on every intake (ms). */
export const QUIET_AFTER_CHANGE_MS = 2000;

/** Notes that a county's settings or time-limit rules are being changed (called by their writes, in or out of a transaction). */
export function noteRequestConfigChange(tenantCode: string): void {
  const last = changes.get(tenantCode);
  changes.set(tenantCode, { generation: (last?.generation ?? 0) + 1, at: performance.now() });
}

/** The county's change counter, and whether a change was noted within QUIET_AFTER_CHANGE_MS. */
export function requestConfigChanges(tenantCode: string): { generation: number; quiet: boolean } {
  const last = changes.get(tenantCode);
  if (!last) return { generation: 0, quiet: false };
  return { generation: last.generation, quiet: performance.now() - last.at < QUIET_AFTER_CHANGE_MS };
}
