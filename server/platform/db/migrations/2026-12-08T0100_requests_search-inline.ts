import { type Kysely, sql } from 'kysely';

// Frozen in time: global search at a million requests (issue #7 point 2). A request row holds its text three times
// (body, body_original, search_text), so PostgreSQL moved most `search_text` values out of line into the TOAST table,
// and every candidate the search rechecks cost a TOAST index lookup and fetch (about 25 µs a row against 5 µs for an
// inline text on the bench machine). Storage MAIN keeps the searched texts in the row (compressed when that helps):
// the body and the typed original go out of line first. Rows written before this migration keep their layout until
// they are next updated.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table request alter column search_text set storage main`.execute(db);
  await sql`alter table request alter column reply_text set storage main`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table request alter column reply_text set storage extended`.execute(db);
  await sql`alter table request alter column search_text set storage extended`.execute(db);
}
