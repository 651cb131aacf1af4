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
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  /** True while a holder owns the connection (ownership passes straight to the next waiter). */
  #busy = false;
  readonly #waiters: (() => void)[] = [];
  #idle: (() => void) | undefined;
  readonly #connection: PGliteConnection;

  /** Set by the first failed write of PGlite's own files: every later acquisition is refused. */
  #stopped: Error | undefined;

  constructor(private readonly client: PGlite) {
    this.#connection = new PGliteConnection(client, (err) => {
      this.#stopped ??= err;
    });
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    else this.#busy = true;
    if (this.#stopped) {
      await this.releaseConnection();
      throw new EmbeddedDatabaseStoppedError(this.#stopped);
    }
    return this.#connection;
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
 * not ready) until an operator restarts it; the restart recovers from the write-ahead log. Code 57P03
 * (cannot_connect_now), which the HTTP layer answers with 503.
 */
export class EmbeddedDatabaseStoppedError extends Error {
  readonly code = '57P03';
  constructor(cause: Error) {
    super(
      `The embedded database stopped after a failed write of its files (${cause.message}); restart the server. ` +
        `嵌入式数据库写入文件失败，已停止接受写入，请重启服务。`,
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
