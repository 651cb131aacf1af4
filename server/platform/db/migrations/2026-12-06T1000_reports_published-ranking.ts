import { type Kysely, sql } from 'kysely';

// Frozen in time: published monthly rankings (issue #5 point 4, reports module).
// - `published_ranking`: one row per published version of a county's ranking of one class (kind) of unit for one
//   counting month. The ranking is frozen as JSON (the weights and minimum volume in force, every unit's row, the
//   red and black lists as unit ids), so later events never change what was published. A correction is a new row
//   with the next version and a reason. Rows are never changed or deleted: a trigger refuses UPDATE, DELETE and
//   TRUNCATE on both databases.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table published_ranking (
      id serial primary key,
      tenant_code char(12) not null,
      county_name text not null,
      month char(7) not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      unit_kind text not null,
      version int not null check (version >= 1),
      published_at timestamptz not null,
      published_by_user_id int,
      published_by text not null,
      note text,
      reason text,
      weights jsonb not null,
      min_volume int not null,
      rows jsonb not null,
      red_list jsonb not null,
      black_list jsonb not null,
      unique (tenant_code, month, unit_kind, version),
      check (version = 1 or reason is not null)
    )`.execute(db);
  await sql`create index published_ranking_month on published_ranking (month, tenant_code)`.execute(db);
  await sql`
    create function published_ranking_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'PUBLISHED_RANKING_IMMUTABLE: published rankings are frozen' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger published_ranking_no_update before update or delete on published_ranking for each row execute function published_ranking_refuse_change()`.execute(
    db,
  );
  await sql`create trigger published_ranking_no_truncate before truncate on published_ranking for each statement execute function published_ranking_refuse_change()`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists published_ranking`.execute(db);
  await sql`drop function if exists published_ranking_refuse_change()`.execute(db);
}
