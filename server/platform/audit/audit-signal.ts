// The in-process signal from `appendAudit` to the running sealers (audit-sealer.ts): "an entry was just written".
// It fires before the writer's commit; a sealer therefore keeps sealing for a short while after the last signal.

const listeners = new Set<() => void>();

/** Called by appendAudit after each insert. */
export function noteAuditAppended(): void {
  for (const listener of listeners) listener();
}

/** Subscribe to the signal; returns the unsubscribe function. */
export function onAuditAppended(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
