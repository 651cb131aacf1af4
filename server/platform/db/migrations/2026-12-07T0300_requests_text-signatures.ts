import { type Kysely, sql } from 'kysely';

// Frozen in time: near-duplicate lookup (issue #7 points 3 and 4, requests module).
// - `request_text_signature`: the MinHash signature (64 int4) of a request's normalised title + body, with its
//   reception time: read to score duplicate candidates and to cluster hot topics (热点). A table of its own rather
//   than a column of `request`: the request row is a projection rebuilt from the event log; this is a reading of
//   the text.
// - `request_text_band`: the signature's 16 LSH band keys, one row each. Lookup at intake probes
//   (band_key, received_at desc) per key and reads request_id from the index (covering), so it stays index probes at
//   a million requests. Lean on purpose (16 rows per request): no primary key and no foreign key (requests are never
//   deleted; the rows derive from the signature row), one index.
// Rows are written at intake in the intake's transaction; requests received before this migration are filled by
// `lianxin text backfill-signatures` (the demo seed runs it).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_text_signature (
      request_id int primary key references request (id) on delete cascade,
      received_at timestamptz not null,
      signature int4[] not null
    )`.execute(db);
  await sql`create index request_text_signature_received on request_text_signature (received_at)`.execute(db);
  await sql`
    create table request_text_band (
      band_key int4 not null,
      received_at timestamptz not null,
      request_id int not null
    )`.execute(db);
  await sql`create index request_text_band_key on request_text_band (band_key, received_at desc) include (request_id)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists request_text_band`.execute(db);
  await sql`drop table if exists request_text_signature`.execute(db);
}
