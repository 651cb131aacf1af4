import { type Kysely, sql } from 'kysely';

// Frozen in time: the requests module's projection learns merged duplicates and the dispatcher's and units' queues.
// - `merged_into_id`: the original a duplicate was merged into (重复件合并); the original's detail lists its duplicates.
// - `extension_pending`: a unit's extension request awaits the dispatcher (the extensions queue).
// - `disputed`: the dispatcher's disputed queue (争议件) — returned by a second unit, or a reply sent back and not
//   yet answered again.
// All three are rebuilt from the event log on every write, like the rest of the row; merges are backfilled from the
// log here (the other two are recomputed at the request's next write).
// Partial indexes serve the queues and the list's sort orders (due soon and overdue read the running deadline).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table request
      add column merged_into_id int references request(id),
      add column extension_pending boolean not null default false,
      add column disputed boolean not null default false`.execute(db);
  await sql`
    update request r set merged_into_id = (e.payload->>'originalId')::int
      from request_event e where e.request_id = r.id and e.type = 'merged_into'`.execute(db);
  await sql`create index request_merged_into_idx on request(merged_into_id) where merged_into_id is not null`.execute(
    db,
  );
  await sql`create index request_extension_pending_idx on request(received_at) where extension_pending`.execute(db);
  await sql`create index request_disputed_idx on request(received_at) where disputed`.execute(db);
  await sql`create index request_bounced_idx on request(received_at) where bounced`.execute(db);
  await sql`create index request_resolution_due_idx on request(resolution_deadline) where state = 'in_progress'`.execute(
    db,
  );
  await sql`create index request_response_due_idx on request(response_deadline) where state = 'dispatched'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_response_due_idx`.execute(db);
  await sql`drop index if exists request_resolution_due_idx`.execute(db);
  await sql`drop index if exists request_bounced_idx`.execute(db);
  await sql`drop index if exists request_disputed_idx`.execute(db);
  await sql`drop index if exists request_extension_pending_idx`.execute(db);
  await sql`drop index if exists request_merged_into_idx`.execute(db);
  await sql`
    alter table request
      drop column if exists disputed,
      drop column if exists extension_pending,
      drop column if exists merged_into_id`.execute(db);
}
