import { type Kysely, sql } from 'kysely';

// Frozen in time: the figures read a period of counting months across every county the caller sees (a county-wide
// leader passes no county code), which the (tenant_code, counting_month, unit_id) index cannot serve; at a million
// requests the monthly ranking scanned the whole fact table (150 ms of 160 MB read per call, measured by npm run bench).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index request_unit_fact_month_unit on request_unit_fact (counting_month, unit_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_unit_fact_month_unit`.execute(db);
}
