import { type Kysely, sql } from 'kysely';

// Frozen in time: attachments (附件) — images and PDFs uploaded by staff for replies, appeals, assist notes and intake.
// The bytes live under the data folder, content-addressed by SHA-256 (`$DATA_DIR/attachments/ab/cd/<sha256>`); this
// table holds one row per upload: the sniffed type, the size, the original name (normalised), who uploaded it and,
// once a request uses it, the request, the event of that request's log it belongs to and when it was linked. An
// attachment is linked once and never moves to another request. `tenant_code` is the request's county, set on linking.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table attachment (
      id uuid primary key,
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf')),
      size int not null check (size > 0),
      name text not null check (length(name) between 1 and 200),
      uploaded_by int not null references user_account(id),
      uploaded_at timestamptz not null,
      request_id int references request(id),
      event_seq int,
      linked_at timestamptz,
      tenant_code char(12) check (tenant_code ~ '^[0-9]{12}$'),
      check ((request_id is null) = (linked_at is null)),
      check (request_id is not null or event_seq is null)
    )`.execute(db);
  await sql`create index attachment_request_idx on attachment(request_id, event_seq) where request_id is not null`.execute(
    db,
  );
  await sql`create index attachment_sha256_idx on attachment(sha256)`.execute(db);
  await sql`create index attachment_unlinked_idx on attachment(uploaded_by, uploaded_at) where request_id is null`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists attachment`.execute(db);
}
