import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect for embedded PGlite. PGlite has exactly one connection, so the driver hands
 * it out to one holder at a time: a transaction owns it from BEGIN to COMMIT and every other
 * query waits. (The `kysely-pglite` package shares the connection without such a lock, which
 * lets two concurrent transactions interleave their statements.)
 */
export class PGliteDialect implements Dialect {
  #driver: PGliteDriver | undefined;
  /**
   * `recovery`, for a database in a folder: after PGlite failed to write its files, how to tell that the disk takes
   * writes again and how to open the folder afresh (PostgreSQL's own recovery from the write-ahead log, as at a
   * restart) — so the server comes back by itself once the disk does, instead of refusing until it is restarted.
   */
  constructor(
    private readonly client: PGlite,
    private readonly recovery?: EmbeddedRecovery,
  ) {}
  /** The PGlite instance queries go to now (a new one after a recovery). */
  currentClient(): PGlite {
    return this.#driver?.client ?? this.client;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    this.#driver = new PGliteDriver(this.client, this.recovery);
    return this.#driver;
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** How a stopped embedded database comes back (see PGliteDialect). */
export interface EmbeddedRecovery {
  /** Whether the disk under the folder takes a write and its fsync again (a probe file, written and removed). */
  diskWritable: () => boolean;
  /** A new PGlite on the same folder. */
  reopen: () => Promise<PGlite>;
  /** Told when a recovery was tried: `null` when the database is back, else why not. */
  onAttempt?: (error: Error | null) => void;
  /** The least time between two attempts, ms (default RECOVERY_INTERVAL_MS). */
  intervalMs?: number;
}

/** Least time between two recoveries of a stopped embedded database (each opens PGlite afresh: about a second). */
export const RECOVERY_INTERVAL_MS = 5000;
/** How many times the disk must take a probe write in a row, one per acquisition at least 500 ms apart. */
const PROBES_IN_A_ROW = 3;

class PGliteDriver implements Driver {
  /** True while a holder owns the connection (ownership passes straight to the next waiter). */
  #busy = false;
  readonly #waiters: (() => void)[] = [];
  #idle: (() => void) | undefined;
  #connection: PGliteConnection;

  /** Set by the first failed write of PGlite's own files: acquisitions are refused until a recovery succeeds. */
  #stopped: Error | undefined;
  #lastAttemptAt = 0;
  #probesOk = 0;
  #lastProbeAt = 0;
  /** Instances given up after a failed write: never asked anything again (PGlite was seen to spin when it was). */
  readonly #abandoned: PGlite[] = [];

  constructor(
    public client: PGlite,
    private readonly recovery?: EmbeddedRecovery,
  ) {
    this.#connection = this.#connect(client);
  }
  #connect(client: PGlite): PGliteConnection {
    return new PGliteConnection(client, (err) => {
      this.#stopped ??= err;
    });
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    else this.#busy = true;
    if (this.#stopped) await this.#tryRecovery();
    if (this.#stopped) {
      await this.releaseConnection();
      throw new EmbeddedDatabaseStoppedError(this.#stopped);
    }
    return this.#connection;
  }
  /**
   * Opens the folder afresh once the disk took a probe write several times in a row (so a disk that still fails is
   * not asked to replay the log): the old instance is abandoned, never closed (closing writes), and the new one
   * replays the write-ahead log like a restart. Runs while holding the connection, so nothing else queries meanwhile.
   */
  async #tryRecovery(): Promise<void> {
    const r = this.recovery;
    if (!r) return;
    const now = Date.now();
    if (now - this.#lastProbeAt >= 500) {
      this.#lastProbeAt = now;
      this.#probesOk = r.diskWritable() ? this.#probesOk + 1 : 0;
    }
    if (this.#probesOk < PROBES_IN_A_ROW || now - this.#lastAttemptAt < (r.intervalMs ?? RECOVERY_INTERVAL_MS)) return;
    this.#lastAttemptAt = now;
    this.#probesOk = 0;
    try {
      const fresh = await r.reopen();
      await fresh.query('select 1');
      this.#abandoned.push(this.client);
      this.client = fresh;
      this.#connection = this.#connect(fresh);
      this.#stopped = undefined;
      r.onAttempt?.(null);
    } catch (err) {
      r.onAttempt?.(err as Error);
    }
  }
  async releaseConnection(): Promise<void> {
    const next = this.#waiters.shift();
    if (next) {
      // PGlite runs its queries synchronously on this thread, and a promise hand-over would run the whole queue in
      // one stretch of microtasks: Node would neither accept connections nor read requests until it is empty (seen:
      // requests unread for 5 s under 16 clients, then reset when a SIGTERM closed the sockets that looked idle).
      // Handing over after a turn of the event loop lets accepts and reads happen between two holders.
      setImmediate(next);
    } else {
      this.#busy = false;
      this.#idle?.();
    }
  }
  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
  }
  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }
  /** Waits for the holder and every queued waiter to finish, then closes PGlite. */
  async destroy() {
    while (this.#busy) await new Promise<void>((resolve) => (this.#idle = resolve));
    this.#idle = undefined;
    if (!this.client.closed) await this.client.close();
  }
}

/**
 * A failed write of the embedded database's own files other than a full disk: SQLSTATE class 58 (io_error 58030),
 * or PostgreSQL's words for a failed write, flush or extension of a file, its write-ahead log ("log file") above all.
 * A full disk on a data file (53100, "No space left on device") is a plain error PostgreSQL recovers from, unless it
 * struck the write-ahead log.
 */
export function isEmbeddedStorageFailure(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  const message = err instanceof Error ? err.message : '';
  if (code.startsWith('58') || /PANIC/.test(message)) return true;
  if (/could not (write|fsync|extend|truncate|create|open)[^:]*(log file|WAL)/i.test(message)) return true;
  return /could not (write|fsync|extend|truncate)/i.test(message) && !/No space left|disk_full/i.test(message);
}

/**
 * Thrown for every query once PGlite failed to write its files. Under injected write errors (EIO on pwrite) PGlite
 * was seen to go on for a few statements and then spin inside WebAssembly for good — event loop, /healthz and
 * SIGTERM all unanswered. Refusing further queries keeps the process answering (503 DATABASE_UNAVAILABLE, /readyz
 * not ready) until the disk takes writes again and the folder is opened afresh (EmbeddedRecovery), which recovers
 * from the write-ahead log as a restart would. Code 57P03
 * (cannot_connect_now), which the HTTP layer answers with 503.
 */
export class EmbeddedDatabaseStoppedError extends Error {
  readonly code = '57P03';
  constructor(cause: Error) {
    super(
      `The embedded database stopped after a failed write of its files (${cause.message}); it reopens by itself ` +
        `once the disk takes writes again (or restart the server). 嵌入式数据库写入文件失败，已暂停；磁盘恢复可写后自动重新打开（或重启服务）。`,
      { cause },
    );
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly client: PGlite,
    private readonly onStorageFailure: (err: Error) => void,
  ) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    let result: Awaited<ReturnType<PGlite['query']>>;
    try {
      result = await this.client.query<R>(compiled.sql, [...compiled.parameters]);
    } catch (err) {
      if (isEmbeddedStorageFailure(err)) this.onStorageFailure(err as Error);
      throw err;
    }
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      ...(affected !== undefined && result.fields.length === 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }
  // biome-ignore lint/correctness/useYield: PGlite cannot stream; this throws before yielding.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
