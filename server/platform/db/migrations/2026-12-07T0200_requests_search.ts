import { type Kysely, sql } from 'kysely';

// Frozen in time: global search (issue #7 point 2) over requests, households and people.
// - `request.reply_text`: the latest reply (not sent back) in normalised form, searched and highlighted beside the
//   title, body and address (`search_text` keeps only those, so the duplicate check's similarity is unchanged).
//   Backfilled from the last reply event of each replied request (stored as written: older replies are not
//   normalised until the request's next event rewrites the projection).
// - `liaison_household.search_text`: the head's name and the address, lower-cased, kept by PostgreSQL itself (a
//   generated column, so imports and the demo loader need not know about it).
// Both get a pg_trgm GIN index, so `like '%…%'` over them uses the index for queries of three characters or more.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`alter table request add column reply_text text not null default ''`.execute(db);
  await sql`
    update request r set reply_text = coalesce(
      (select coalesce(e.payload->>'text', e.payload->>'reply', '') from request_event e
        where e.request_id = r.id and e.type in ('reply_submitted', 'answered_directly')
        order by e.seq desc limit 1), '')
    where r.replied_at is not null`.execute(db);
  await sql`create index request_reply_trgm on request using gin (reply_text gin_trgm_ops)`.execute(db);

  await sql`
    alter table liaison_household add column search_text text
      generated always as (lower(head_name || ' ' || address)) stored`.execute(db);
  await sql`create index liaison_household_search_trgm on liaison_household using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists liaison_household_search_trgm`.execute(db);
  await sql`alter table liaison_household drop column if exists search_text`.execute(db);
  await sql`drop index if exists request_reply_trgm`.execute(db);
  await sql`alter table request drop column if exists reply_text`.execute(db);
}
