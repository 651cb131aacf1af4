import { type Kysely, sql } from 'kysely';

// Frozen in time: the citizen's one-time rating link (回访链接). Only the SHA-256 of the random token is stored,
// with the request, the reply round it rates and its expiry (the rating window); `used_at` marks it spent.
// Also a partial index on request(state, id) for the scheduled jobs' scans.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_rating_link (
      token_hash text primary key,
      tenant_code char(12) not null,
      request_id int not null references request(id) on delete cascade,
      reply_round int not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index request_rating_link_request_idx on request_rating_link(request_id)`.execute(db);
  // The scheduled jobs page through the requests in progress (escalation) and replied (closing unrated) by id.
  await sql`create index request_job_scan_idx on request(state, id) where state in ('in_progress', 'replied')`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_job_scan_idx`.execute(db);
  await sql`drop table if exists request_rating_link`.execute(db);
}
