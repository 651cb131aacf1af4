import pg from 'pg';

/** Creates the bench database when missing, then drops and recreates its public schema: every run starts empty. */
export async function resetPgDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new pg.Client({ connectionString: admin.toString() });
  await a.connect();
  try {
    const found = await a.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await a.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await a.end();
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('drop schema if exists public cascade');
    await c.query('create schema public');
  } finally {
    await c.end();
  }
}
