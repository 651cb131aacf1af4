/**
 * The load client's ledger and its check against the database. Every intake the client sends is written down before
 * it is sent (number in the run, idempotency key, SHA-256 of the body); an answer of 201/200 makes it acknowledged
 * (id, request number, receipt code). After a fault the database must hold every acknowledged write exactly as sent,
 * one row per key, and each unacknowledged one wholly (request row, its events, its audit entry) or not at all.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { verifyAuditChain } from '../server/platform/audit/index.js';
import { type Db, openDatabase } from '../server/platform/db/database.js';
import type { Session, Target } from './lib.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface LedgerEntry {
  n: number;
  key: string;
  bodyHash: string;
  body: string;
  status: 'pending' | 'ack' | 'rejected';
  httpStatus?: number;
  id?: number;
  number?: string;
  receiptCode?: string;
}

export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  private n = 0;
  readonly statuses: Record<string, number> = {};
  resets = 0;

  constructor(readonly tag: string) {}

  next(bodyFor: (n: number) => string): LedgerEntry {
    const n = ++this.n;
    const body = bodyFor(n);
    const entry: LedgerEntry = { n, key: `${this.tag}-${n}`, bodyHash: sha256(body), body, status: 'pending' };
    this.entries.set(entry.key, entry);
    return entry;
  }

  count(status: LedgerEntry['status']): number {
    let c = 0;
    for (const e of this.entries.values()) if (e.status === status) c++;
    return c;
  }
}

const BODIES = [
  '小区门口的路灯坏了半个多月，晚上出行很不安全，希望尽快维修',
  '楼下餐馆油烟直排，噪音持续到深夜，影响居民休息',
  '村里主干道有一段塌陷，雨后积水严重，行人经过很危险',
  '供暖温度一直达不到标准，家里只有十四五度，老人孩子受不了',
];

export function bodyFor(tag: string, n: number): string {
  return `${BODIES[n % BODIES.length]}（${tag} 第${n}件）`;
}

/** Send one intake of the ledger; network failures leave it pending (unacknowledged). */
export async function sendIntake(
  base: string,
  session: Session,
  ledger: Ledger,
  entry: LedgerEntry,
  divisionCode: string,
  timeoutMs = 10_000,
): Promise<{ status: number | null; ms: number; error?: string }> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({
        channel: 'hotline',
        type: 'complaint',
        body: entry.body,
        divisionCode,
        idempotencyKey: entry.key,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    ledger.statuses[res.status] = (ledger.statuses[res.status] ?? 0) + 1;
    entry.httpStatus = res.status;
    if (res.status === 201 || res.status === 200) {
      const json = JSON.parse(text) as { id: number; number: string; receiptCode?: string };
      if (entry.id !== undefined && entry.id !== json.id) throw new Error(`key ${entry.key} answered two ids`);
      entry.status = 'ack';
      entry.id = json.id;
      entry.number = json.number;
      if (json.receiptCode) entry.receiptCode = json.receiptCode;
    } else if (res.status < 500) {
      entry.status = 'rejected';
    }
    return { status: res.status, ms: performance.now() - started };
  } catch (err) {
    ledger.resets++;
    ledger.statuses.network = (ledger.statuses.network ?? 0) + 1;
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { status: null, ms: performance.now() - started, error: cause };
  }
}

/** Keep `concurrency` clients posting new intakes until `stop()` is called. */
export function runLoad(
  base: string,
  session: Session,
  ledger: Ledger,
  divisions: string[],
  concurrency: number,
  onResult?: (r: { status: number | null; ms: number; error?: string; at: number }) => void,
): { stop: () => Promise<void> } {
  let running = true;
  const workers = Array.from({ length: concurrency }, async (_, w) => {
    while (running) {
      const entry = ledger.next((n) => bodyFor(ledger.tag, n));
      const r = await sendIntake(base, session, ledger, entry, divisions[(entry.n + w) % divisions.length]!);
      onResult?.({ ...r, at: performance.now() });
      if (r.status === null) await new Promise((res) => setTimeout(res, 50)); // the server is gone: don't spin
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

export function openTarget(target: Target) {
  return openDatabase(
    target.databaseUrl
      ? { databaseUrl: target.databaseUrl, poolSize: 2 }
      : { dataDir: path.join(target.dataDir, 'pgdata') },
  );
}

export interface LedgerCheck {
  acknowledged: number;
  acknowledgedMissing: number;
  acknowledgedDifferent: number;
  pending: number;
  pendingPresent: number;
  pendingAbsent: number;
  partial: number;
  duplicateKeys: number;
  requestsWithoutEvents: number;
  requestsWithoutAudit: number;
  auditChainOk: boolean;
  auditEntries: number;
  problems: string[];
}

/** Compare the ledger with the database (the server stopped, or running on PostgreSQL). */
export async function checkLedger(db: Db, ledger: Ledger): Promise<LedgerCheck> {
  const keys = [...ledger.entries.keys()];
  const rows = new Map<
    string,
    { id: number; number: string; bodyOriginal: string; receiptCodeHash: string; events: number; audits: number }[]
  >();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    if (!chunk.length) continue;
    const found = await db
      .selectFrom('request as r')
      .select((eb) => [
        'r.id',
        'r.number',
        'r.idempotencyKey',
        'r.bodyOriginal',
        'r.receiptCodeHash',
        eb
          .selectFrom('requestEvent as e')
          .whereRef('e.requestId', '=', 'r.id')
          .select((e) => e.fn.countAll<number>().as('c'))
          .as('events'),
        eb
          .selectFrom('auditEntry as a')
          .where('a.action', '=', 'request.create')
          .whereRef('a.objectId', '=', sql<string>`r.id::text`)
          .select((a) => a.fn.countAll<number>().as('c'))
          .as('audits'),
      ])
      .where('r.idempotencyKey', 'in', chunk)
      .execute();
    for (const f of found) {
      const list = rows.get(f.idempotencyKey!) ?? [];
      list.push({
        id: f.id,
        number: f.number,
        bodyOriginal: f.bodyOriginal,
        receiptCodeHash: f.receiptCodeHash,
        events: Number(f.events ?? 0),
        audits: Number(f.audits ?? 0),
      });
      rows.set(f.idempotencyKey!, list);
    }
  }
  const c: LedgerCheck = {
    acknowledged: 0,
    acknowledgedMissing: 0,
    acknowledgedDifferent: 0,
    pending: 0,
    pendingPresent: 0,
    pendingAbsent: 0,
    partial: 0,
    duplicateKeys: 0,
    requestsWithoutEvents: 0,
    requestsWithoutAudit: 0,
    auditChainOk: false,
    auditEntries: 0,
    problems: [],
  };
  const problem = (p: string) => {
    if (c.problems.length < 20) c.problems.push(p);
  };
  for (const e of ledger.entries.values()) {
    const found = rows.get(e.key) ?? [];
    if (found.length > 1) {
      c.duplicateKeys++;
      problem(`${e.key}: ${found.length} rows`);
    }
    const row = found[0];
    if (row && (row.events < 1 || row.audits !== 1)) {
      c.partial++;
      problem(`${e.key}: request row with ${row.events} events and ${row.audits} audit entries`);
    }
    if (e.status === 'ack') {
      c.acknowledged++;
      if (!row) {
        c.acknowledgedMissing++;
        problem(`${e.key}: acknowledged as ${e.number} but absent`);
      } else if (
        row.id !== e.id ||
        row.number !== e.number ||
        sha256(row.bodyOriginal) !== e.bodyHash ||
        (e.receiptCode !== undefined && row.receiptCodeHash !== sha256(e.receiptCode))
      ) {
        c.acknowledgedDifferent++;
        problem(`${e.key}: stored row differs from the acknowledged write`);
      }
    } else if (e.status === 'pending') {
      c.pending++;
      if (row) c.pendingPresent++;
      else c.pendingAbsent++;
    }
  }
  const global = await sql<{ noEvents: number; noAudit: number; dups: number }>`
    select
      (select count(*) from request r where not exists (select 1 from request_event e where e.request_id = r.id))::int as "noEvents",
      (select count(*) from request r where not exists (
         select 1 from audit_entry a where a.action = 'request.create' and a.object_id = r.id::text))::int as "noAudit",
      (select count(*) from (select idempotency_key from request where idempotency_key is not null
         group by idempotency_key having count(*) > 1) d)::int as dups`.execute(db);
  const g = global.rows[0]!;
  c.requestsWithoutEvents = Number(g.noEvents);
  c.requestsWithoutAudit = Number(g.noAudit);
  c.duplicateKeys = Math.max(c.duplicateKeys, Number(g.dups));
  if (c.requestsWithoutEvents) problem(`${c.requestsWithoutEvents} requests without events`);
  if (c.requestsWithoutAudit) problem(`${c.requestsWithoutAudit} requests without their audit entry`);
  const chain = await verifyAuditChain(db);
  c.auditChainOk = chain.ok;
  c.auditEntries = chain.checked;
  if (!chain.ok) problem(`audit chain broken: ${JSON.stringify(chain)}`);
  return c;
}

export function ledgerHolds(c: LedgerCheck): boolean {
  return (
    c.acknowledgedMissing === 0 &&
    c.acknowledgedDifferent === 0 &&
    c.partial === 0 &&
    c.duplicateKeys === 0 &&
    c.requestsWithoutEvents === 0 &&
    c.requestsWithoutAudit === 0 &&
    c.auditChainOk
  );
}
