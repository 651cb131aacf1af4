import { type Kysely, sql } from 'kysely';

// Frozen in time: indexes for the org module's list sorting (people by pinyin, divisions by level).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index person_name_pinyin_idx on person(name_pinyin, id)`.execute(db);
  await sql`create index division_level_idx on division(level)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists division_level_idx`.execute(db);
  await sql`drop index if exists person_name_pinyin_idx`.execute(db);
}
