import { type Kysely, sql } from 'kysely';

// Frozen in time: a unit-scoped reader sees the requests its units lead, assist or were summoned to, and those its
// user received (首问, first_owner_user_id). The other three conditions have indexes; without one on the first owner
// the planner read the whole request table for every unit-scoped list and count (the unit inbox's tab counts took
// 39 s at a million requests, npm run bench).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index request_first_owner_idx on request (first_owner_user_id) where first_owner_user_id is not null`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_first_owner_idx`.execute(db);
}
