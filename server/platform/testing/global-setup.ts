import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureCalendarSeeded } from '../calendar/index.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export const TEMPLATE_DB = 'lianxin_test_template';

/**
 * Prepare one migrated database that every test file copies: a PGlite data-folder dump, or,
 * with TEST_DATABASE_URL, a PostgreSQL template database.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${TEMPLATE_DB}'`);
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    const handle = await openDatabase({ databaseUrl: templateUrl.toString(), poolSize: 2 });
    await migrateToLatest(handle.db);
    await ensureCalendarSeeded(handle.db);
    await handle.close();
    provide('templateDb', TEMPLATE_DB);
    return;
  }
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  await ensureCalendarSeeded(handle.db);
  const dump = await handle.dumpDataDir!();
  await handle.close();
  const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-test-')), 'template.tar.gz');
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  provide('pgliteDump', dumpFile);
}
