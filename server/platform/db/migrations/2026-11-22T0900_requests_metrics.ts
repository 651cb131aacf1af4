import { type Kysely, sql } from 'kysely';

// Frozen in time: the figures of 接诉即办 (issue #5).
// - `request_unit_fact`: what each request counts for each unit responsible for it (the lead of a dispatch, or a
//   department its whistle summoned), plus one request-level row per request (`is_primary`) that division and
//   category figures sum. Deleted and re-inserted with every write of the request, in the write's transaction, and
//   rebuilt exactly by `lianxin metrics rebuild`. Outcomes that a passing deadline decides are stored as 'pending'
//   with their due instant; the queries decide them with their own clock.
// - `request_metric_weight`: the composite score's weights per county and class (kind) of unit; none → 30/35/35.
// - `request (category_code, received_at)`: hot topics count categories by week.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_unit_fact (
      request_id int not null references request(id),
      unit_id int,
      tenant_code char(12) not null,
      counting_month char(7) not null,
      received_at timestamptz not null,
      division_code char(12) not null,
      category_code text,
      is_primary boolean not null,
      dispatched boolean not null,
      response_outcome text not null check (response_outcome in ('in_time','late','pending','none')),
      response_due_at timestamptz,
      handled boolean not null,
      accepted_in_time boolean not null,
      returned boolean not null,
      replied boolean not null,
      resolution_outcome text not null check (resolution_outcome in ('in_time','late','pending','none')),
      resolution_due_at timestamptz,
      rated boolean not null,
      resolved boolean not null,
      satisfaction text check (satisfaction in ('satisfied','basically_satisfied','unsatisfied')),
      satisfaction_points double precision not null,
      rating_unrated boolean not null,
      reopened int not null,
      handling_hours double precision,
      excluded boolean not null,
      bounced boolean not null,
      whistle_summoned boolean not null,
      whistle_outcome text not null check (whistle_outcome in ('in_time','late','pending','none')),
      whistle_due_at timestamptz
    )`.execute(db);
  await sql`create unique index request_unit_fact_request_unit on request_unit_fact (request_id, coalesce(unit_id, 0))`.execute(
    db,
  );
  await sql`create index request_unit_fact_unit_month on request_unit_fact (tenant_code, counting_month, unit_id)`.execute(
    db,
  );
  await sql`create index request_unit_fact_division_month on request_unit_fact (division_code, counting_month)`.execute(
    db,
  );
  await sql`create index request_unit_fact_category_month on request_unit_fact (category_code, counting_month)`.execute(
    db,
  );
  await sql`
    create table request_metric_weight (
      tenant_code char(12) not null,
      unit_kind text not null,
      response double precision not null check (response between 0 and 100),
      resolution double precision not null check (resolution between 0 and 100),
      satisfaction double precision not null check (satisfaction between 0 and 100),
      updated_at timestamptz not null default now(),
      updated_by text,
      primary key (tenant_code, unit_kind),
      check (abs(response + resolution + satisfaction - 100) < 0.000001)
    )`.execute(db);
  await sql`create index request_category_received on request (category_code, received_at)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists request_category_received`.execute(db);
  await sql`drop table if exists request_metric_weight`.execute(db);
  await sql`drop table if exists request_unit_fact`.execute(db);
}
