import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Reads the one ordered migrations folder; file names are ISO timestamps plus the owning module. */
async function loadMigrations(): Promise<Record<string, Migration>> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}_.+\.ts$/.test(f)).sort();
  const out: Record<string, Migration> = {};
  for (const file of files) {
    out[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
  }
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and typed against no schema
function migrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: loadMigrations } });
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `Migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function migrateToLatest(db: Kysely<any>) {
  return check(await migrator(db).migrateToLatest());
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function migrateDown(db: Kysely<any>, steps = 1) {
  let last: MigrationResultSet | undefined;
  for (let i = 0; i < steps; i++) last = check(await migrator(db).migrateDown());
  return last;
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function migrateAllDown(db: Kysely<any>) {
  const m = migrator(db);
  for (;;) {
    const r = check(await m.migrateDown());
    if (!r.results || r.results.length === 0) return;
  }
}

/** How many migrations exist and how many are applied: /readyz needs both equal. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function migrationStatus(db: Kysely<any>): Promise<{ total: number; applied: number; pending: string[] }> {
  const all = await migrator(db).getMigrations();
  const pending = all.filter((m) => !m.executedAt).map((m) => m.name);
  return { total: all.length, applied: all.length - pending.length, pending };
}

/** Whether the database already holds user accounts (so it was used before, under some key). */
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function databaseHoldsAccounts(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from information_schema.tables where table_name = 'user_account'`.execute(db);
  if (!r.rows[0]?.n) return false;
  const rows = await sql<{ n: number }>`select count(*)::int as n from user_account`.execute(db);
  return (rows.rows[0]?.n ?? 0) > 0;
}
