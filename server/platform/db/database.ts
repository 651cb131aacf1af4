import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { type EmbeddedRecovery, PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'embedded' | 'server';
  close(): Promise<void>;
  /** Embedded only: a gzipped tarball of the data folder (a consistent copy, for backups and test templates). */
  dumpDataDir?: () => Promise<Blob>;
}

// Both drivers return the same JavaScript types: bigint and numeric as numbers (our counts and
// amounts fit), dates as 'YYYY-MM-DD' strings (never shifted by the process time zone).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const keepString = (v: string) => v;
pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(NUMERIC, toNumber);
pg.types.setTypeParser(DATE, keepString);

const plugins = [new CamelCasePlugin()];

export interface OpenOptions {
  /** postgres:// URL: use a PostgreSQL server. */
  databaseUrl?: string | undefined;
  /** Folder for embedded PGlite; 'memory://' for a throwaway in-memory database. */
  dataDir?: string;
  /** A PGlite data-folder dump (from dumpDataDir) to start an in-memory database from. */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

/** Open the database: PostgreSQL when a URL is given, else embedded PGlite (locked folder). */
export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    pool.on('error', () => {}); // an idle client lost with the server; the pool replaces it
    // A client checked out (inside a transaction, between two statements) when the server goes away emits 'error'
    // too; unheard, that would end the process. Its next statement fails instead and the request answers 503.
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'server', close: () => db.destroy() };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  const create = (loadDataDir?: Blob | File) =>
    PGlite.create({
      ...(inMemory ? {} : { dataDir }),
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString },
    });
  try {
    const client = await create(opts.loadDataDir);
    const dialect = new PGliteDialect(client, inMemory ? undefined : embeddedRecovery(dataDir, () => create()));
    const db = new Kysely<Database>({ dialect, plugins });
    return {
      db,
      kind: 'embedded',
      dumpDataDir: () => dialect.currentClient().dumpDataDir('gzip'),
      close: async () => {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * After PGlite failed to write its folder (see pglite-dialect.ts): the disk counts as writable again when a probe
 * file can be written, fsynced and removed; then the folder is opened afresh. Each attempt is written to stderr as
 * a log line (the embedded database has no logger of its own).
 */
function embeddedRecovery(dataDir: string, reopen: () => Promise<PGlite>): EmbeddedRecovery {
  const probe = path.join(dataDir, '.lianxin-disk-probe');
  return {
    diskWritable: () => {
      try {
        const fd = fs.openSync(probe, 'w');
        try {
          fs.writeSync(fd, 'probe');
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        fs.rmSync(probe, { force: true });
        return true;
      } catch {
        return false;
      }
    },
    reopen,
    onAttempt: (err) => {
      const line = err
        ? { level: 40, time: Date.now(), msg: 'embedded database still stopped: reopening failed', err: err.message }
        : { level: 30, time: Date.now(), msg: 'embedded database reopened after the disk took writes again' };
      process.stderr.write(`${JSON.stringify(line)}\n`);
    },
  };
}
