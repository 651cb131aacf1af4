// Messages between bench/run.ts (the parent, load generator) and bench/server.ts (the server child) over IPC.

export type ParentMessage =
  /**
   * Run the raw INSERT for `warmSeconds` unmeasured, then for `seconds`, with `concurrency` loops, copying every row
   * the intake of `templateId` wrote.
   */
  { type: 'raw'; templateId: number; seconds: number; warmSeconds: number; concurrency: number } | { type: 'stop' };

export interface RawResult {
  rows: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface ReadyMessage {
  type: 'ready';
  port: number;
  /** Migrations, the demo county and the requests, in ms. */
  seedMs: number;
  /** The database of an earlier --reuse run was used as it was (nothing generated). */
  reused: boolean;
  /** The demo county and the requests generated through the rules (demo loader), in ms. */
  generateMs: number;
  /** Copying them in the database up to the scale, in ms. */
  copyMs: number;
  /** VACUUM (ANALYZE) of the loaded tables, in ms. */
  analyseMs: number;
  /** Requests generated through the rules, and how many copies of them. */
  generated: number;
  copies: number;
  requests: number;
  events: number;
  facts: number;
  /** Liaison households and visits (the demo loader's ledger copied to about 0.3 households per request). */
  households: number;
  visits: number;
  /** Copying the liaison ledger, in ms. */
  liaisonCopyMs: number;
  logins: { username: string; password: string }[];
  /** Village codes of the demo county (places for the intake's bodies). */
  villages: string[];
  /** Ids of up to 1,000 stored requests drawn across the table (a repeatable sample), for the detail reads. */
  requestIds: number[];
  rssMb: number;
}

export type ServerMessage =
  | ReadyMessage
  | { type: 'progress'; step: string; done: number; total: number }
  | ({ type: 'raw-done' } & RawResult)
  | { type: 'error'; message: string };
