import type { Db } from '../db/database.js';
import type { Job } from '../jobs/index.js';
import { sealAuditChain } from './audit.repository.js';
import { onAuditAppended } from './audit-signal.js';

/*
 * The in-process sealer of the audit chain (the design is described in audit.repository.ts). Every appendAudit
 * signals it; it then runs `sealAuditChain` after `delayMs`, and keeps running one pass after another (each
 * `delayMs` apart) until `tailMs` have passed since the last signal: the signal comes before the writer's commit,
 * and a pass only sees committed entries. Passes never overlap. Idle, it does nothing. It seals once at start (what
 * a killed process or a CLI command left unsealed) and once at stop. Errors are reported, never thrown: the jobs
 * tick and the next verification seal anyway.
 */

export interface AuditSealer {
  /** Seal now (after any pass in progress) and wait; for tests and shutdown. */
  flush(): Promise<void>;
  /** Stop listening, wait for the pass in progress, seal one last time. */
  stop(): Promise<void>;
}

export interface AuditSealerOptions {
  delayMs?: number;
  tailMs?: number;
  onError?: (err: unknown) => void;
}

export function startAuditSealer(db: Db, opts: AuditSealerOptions = {}): AuditSealer {
  const delayMs = opts.delayMs ?? 100;
  const tailMs = opts.tailMs ?? 2000;
  const onError = opts.onError ?? ((err: unknown) => console.error('audit sealer: pass failed', err));
  let lastSignal = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const pass = (): Promise<void> => {
    const p = sealAuditChain(db).then(
      () => undefined,
      (err: unknown) => {
        if (!stopped) onError(err);
      },
    );
    running = p.finally(() => {
      running = undefined;
      if (!stopped && Date.now() - lastSignal < tailMs) schedule();
    });
    return running;
  };
  const schedule = () => {
    if (stopped || timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      void pass();
    }, delayMs);
    timer.unref();
  };
  const unsubscribe = onAuditAppended(() => {
    lastSignal = Date.now();
    schedule();
  });
  schedule();

  return {
    async flush() {
      await running;
      await sealAuditChain(db);
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      await sealAuditChain(db).catch(onError);
    },
  };
}

/** The jobs tick's sealing pass (`platform.audit-seal`): catches whatever no in-process sealer has. */
export const auditSealJob: Job = {
  name: 'platform.audit-seal',
  run: async (deps) => ({ sealed: await sealAuditChain(deps.db) }),
};
