import { type Kysely, sql } from 'kysely';

// Frozen in time: the requests module's projection learns appeals (申诉) and whistles (吹哨报到).
// - `whistle_unit_ids`: the departments summoned by the request's whistle; they see the request (scope) to report in.
// - `rates_excluded_unit_ids`: units whose approved appeal takes the request out of their rates (核减), never the record.
// - `appeal_pending`: some unit's appeal awaits the dispatcher (the appeals queue).
// All three are rebuilt from the event log on every write, like the rest of the row.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table request
      add column whistle_unit_ids int[] not null default '{}',
      add column rates_excluded_unit_ids int[] not null default '{}',
      add column appeal_pending boolean not null default false`.execute(db);
  await sql`create index request_whistle_idx on request using gin (whistle_unit_ids)`.execute(db);
  await sql`create index request_appeal_pending_idx on request(received_at) where appeal_pending`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_appeal_pending_idx`.execute(db);
  await sql`drop index if exists request_whistle_idx`.execute(db);
  await sql`
    alter table request
      drop column if exists appeal_pending,
      drop column if exists rates_excluded_unit_ids,
      drop column if exists whistle_unit_ids`.execute(db);
}
