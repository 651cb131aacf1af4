import { type Kysely, sql } from 'kysely';

// Frozen in time: administrators configure a county's request rules.
// - `request_setting`: one row per county (tenant) with the policy bounds and the escalation ladder as JSON (validated
//   by the application's schemas before they are written), the rating window and how unrated requests count; a NULL
//   column means "the built-in default". `version` counts saves (optimistic concurrency for the settings form).
// - `request_time_limit_rule.updated_by`: who last changed a rule (the audit log has the full history).
// - `request.category_code` now references `category(code)`: a category in use by requests can be deactivated but
//   never deleted (the org module's delete meets the foreign key and answers 409).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_setting (
      tenant_code char(12) primary key,
      policy jsonb,
      ladder jsonb,
      rating_window_days int check (rating_window_days between 1 and 90),
      unrated_counts_as text check (unrated_counts_as in ('satisfied','basically_satisfied','unsatisfied')),
      version int not null default 1,
      updated_at timestamptz not null default now(),
      updated_by text
    )`.execute(db);
  await sql`alter table request_time_limit_rule add column updated_by text`.execute(db);
  await sql`
    alter table request
      add constraint request_category_code_fk foreign key (category_code) references category(code)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table request drop constraint if exists request_category_code_fk`.execute(db);
  await sql`alter table request_time_limit_rule drop column if exists updated_by`.execute(db);
  await sql`drop table if exists request_setting`.execute(db);
}
