import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { scheduledJobs } from './jobs.js';
import { ensureStandardTaxonomy } from './modules/org/index.js';
import { ensureCalendarSeeded } from './platform/calendar/index.js';
import { createFieldCipher } from './platform/crypto/field-cipher.js';
import { loadOrCreateKey } from './platform/crypto/key-file.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { databaseHoldsAccounts, migrateToLatest } from './platform/db/migrate.js';
import type { Deps } from './platform/deps.js';
import { trackConnections } from './platform/http/drain.js';
import { keepStdioErrorsFromEndingTheProcess, resilientLogStream } from './platform/http/log-stream.js';
import { startJobs } from './platform/jobs/index.js';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist');

/** Open the configured database (embedded folder locked, or server) and build the deps of a process. */
export async function createDeps(
  config: Config,
  opts: { createKey?: boolean } = {},
): Promise<{ deps: Deps; handle: DatabaseHandle }> {
  // A new key is made only for a new database: data encrypted under a lost key must not be
  // silently joined by data under a fresh one.
  const pgdata = path.join(config.dataDir, 'pgdata');
  const embeddedExists = !config.databaseUrl && fs.existsSync(path.join(pgdata, 'PG_VERSION'));
  const { key, created } = loadOrCreateKey(config.keyFile, { create: (opts.createKey ?? true) && !embeddedExists });
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: pgdata, poolSize: config.dbPoolSize });
  if (created && config.databaseUrl && (await databaseHoldsAccounts(handle.db))) {
    await handle.close();
    fs.rmSync(config.keyFile, { force: true });
    throw new Error(
      `The database already holds data but the key file ${config.keyFile} is missing: restore the key (LIANXIN_KEY_FILE) first. ` +
        `数据库已有数据但找不到密钥文件，请先恢复密钥。`,
    );
  }
  const deps: Deps = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    cipher: createFieldCipher(key),
    now: () => new Date(),
  };
  return { deps, handle };
}

export interface ServeOptions {
  /** Load the demo county when the database is empty (first run). */
  seedDemoOnFirstRun: boolean;
  log?: (line: string) => void;
  /** Progress of the first-run demo load (the county, then DEMO_REQUESTS requests of its year). */
  onSeedProgress?: (progress: { done: number; total: number; step: string }) => void;
}

/**
 * Bring a database up to date: apply pending migrations, seed the working-day calendar and, on an empty taxonomy,
 * install the standard one (诉求分类) so that every deployment can classify requests at once. `serve` and
 * `lianxin migrate` both run it; it changes nothing on an up-to-date database.
 */
export async function prepareDatabase(db: Deps['db']) {
  const result = await migrateToLatest(db);
  await ensureCalendarSeeded(db);
  await ensureStandardTaxonomy(db);
  return result;
}

/**
 * Start the server: migrate, load the demo county on first run, listen, and close cleanly on
 * SIGTERM/SIGINT (in-flight requests finish, then the database closes).
 */
export async function serve(config: Config, opts: ServeOptions): Promise<() => Promise<void>> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { deps, handle } = await createDeps(config);
  try {
    await prepareDatabase(deps.db);
    if (opts.seedDemoOnFirstRun) {
      const { seedDemoIfEmpty } = await import('./seeds/demo-county.js');
      await seedDemoIfEmpty(deps, {
        log,
        loginsFile: path.join(config.dataDir, 'demo-logins.json'),
        requests: config.demoRequests,
        ...(opts.onSeedProgress ? { onProgress: opts.onSeedProgress } : {}),
      });
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  const webDist = config.webDist ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  // The log and the console lines survive failing writes (disk full, I/O errors, a closed pipe): see log-stream.ts.
  keepStdioErrorsFromEndingTheProcess();
  const logStream = resilientLogStream(1);
  const app = await createApp(deps, {
    logger: { level: config.logLevel, stream: logStream },
    webDist: hasWeb ? webDist : undefined,
  });
  const connections = trackConnections(app.server);
  await app.listen({ port: config.port, host: config.host });
  if (handle.kind === 'embedded') {
    log(
      `Embedded database (PGlite) in ${config.dataDir}: survives a killed process, not a power cut; use PostgreSQL (DATABASE_URL) in production. 嵌入式数据库不防断电，生产环境请使用 PostgreSQL。`,
    );
  }
  log(`Lianxin 连心 is serving on http://localhost:${config.port}${hasWeb ? '' : ' (API only: web app not built)'}`);
  // Scheduled jobs start after listen; each runs only in the server holding its lease (JOBS_ENABLED=false: none here).
  const jobs = config.jobs.enabled
    ? startJobs(deps, scheduledJobs(config), {
        intervalMs: config.jobs.intervalSeconds * 1000,
        log: {
          info: (message, fields) => app.log.info(fields ?? {}, message),
          error: (message, err) => app.log.error({ err }, message),
        },
      })
    : undefined;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting; requests already sent (in progress, queued for the embedded database's one connection, or
      // written on a keep-alive connection and not read yet) are answered with `Connection: close`, then the
      // connections close (see platform/http/drain.ts). Running job passes finish and give their leases back.
      const [drained] = await Promise.all([connections.drain(), jobs?.stop()]);
      log(
        `Drained in ${drained.ms} ms (listening socket closed after ${drained.listenerClosedMs} ms): ` +
          `${drained.answeredWhileDraining} requests answered meanwhile (${drained.held} held until then), ` +
          `${drained.closedQuiet} quiet connections closed, ${drained.forced} cut at the timeout`,
      );
      await app.close(); // nothing left to wait for: runs the onClose hooks
      await handle.close(); // after the last query: PGlite's queue is empty
    })();
    return closing;
  };
  const onSignal = (signal: string) => {
    log(`${signal} received: finishing in-flight requests and closing the database`);
    close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return close;
}
