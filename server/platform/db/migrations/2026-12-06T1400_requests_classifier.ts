import { type Kysely, sql } from 'kysely';

// Frozen in time: request classification and work-style tagging (issue #7 points 5 and 7, requests module).
// - `classifier_model`: every trained classifier (gzip-compressed JSON in `model`), with how many classified requests
//   it learnt from and its held-out figures in `metrics`; the latest row is the one used. Only the last few are kept
//   (the service deletes older rows after training).
// - `request_work_style`: a request whose text reads as a complaint about cadres' work style (作风类), tagged at
//   intake with the kinds found and the signals that fired (the explanation shown to discipline inspectors). A row
//   of its own rather than a column of `request`: the request row is a projection rebuilt from the event log, and
//   the tag is a reading of the text, not an event of the request's handling.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table classifier_model (
      id serial primary key,
      trained_at timestamptz not null,
      examples int not null check (examples >= 0),
      metrics jsonb not null,
      model bytea not null
    )`.execute(db);
  await sql`
    create table request_work_style (
      request_id int primary key references request (id) on delete cascade,
      tenant_code char(12) not null,
      kinds text[] not null,
      signals jsonb not null,
      detected_at timestamptz not null
    )`.execute(db);
  await sql`create index request_work_style_tenant_detected on request_work_style (tenant_code, detected_at)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists request_work_style`.execute(db);
  await sql`drop table if exists classifier_model`.execute(db);
}
