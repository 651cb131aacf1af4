import { type Kysely, sql } from 'kysely';

// Frozen in time: mass liaison (联系群众, issue #8, liaison module). Every table carries the owning county (tenant).
// - `liaison_household`: the household ledger (民情台账); the contact's name and phone are sealed with the platform
//   field cipher, the phone also kept masked and as a lookup hash; members and tags are JSON.
// - `liaison_pairing`: a cadre (person id) paired with a household; ended pairings stay (能进能出: end reason, the
//   pairing that replaced it). At most one open pairing per cadre and household.
// - `liaison_visit`: one visit (走访), idempotent by the client's key; a problem found points at the request it became.
// - `liaison_diary`: a cadre's daily note (民情日记), one per cadre and day.
// - `liaison_commitment`: a commitment (承诺) per post or per deed, with deadline, evidence and public ratings.
// - `liaison_deed`: a deed done for the people (为民办实事), with beneficiaries and aid money in fen.
// - `liaison_party_member_report`: an in-service party member registered with a community (在职党员报到).
// - `liaison_callback_batch` / `liaison_callback`: call-back lists drawn from a recorded seed, and their outcomes.
// - `liaison_setting`: the pairing quota rule per county.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table liaison_household (
      id serial primary key,
      tenant_code char(12) not null,
      division_code char(12) not null,
      address text not null,
      head_name text not null,
      contact_name_enc text,
      contact_phone_enc text,
      contact_phone_mask text,
      contact_phone_hash text,
      tags jsonb not null default '[]',
      members jsonb not null default '[]',
      note text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index liaison_household_division on liaison_household (division_code)`.execute(db);
  await sql`create index liaison_household_tenant on liaison_household (tenant_code)`.execute(db);

  await sql`
    create table liaison_pairing (
      id serial primary key,
      tenant_code char(12) not null,
      cadre_person_id int not null,
      household_id int not null references liaison_household (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      end_reason text,
      replaced_by_id int references liaison_pairing (id),
      created_by_user_id int,
      check ((ended_at is null) = (end_reason is null))
    )`.execute(db);
  await sql`create unique index liaison_pairing_open on liaison_pairing (cadre_person_id, household_id) where ended_at is null`.execute(
    db,
  );
  await sql`create index liaison_pairing_household on liaison_pairing (household_id)`.execute(db);

  await sql`
    create table liaison_visit (
      id serial primary key,
      tenant_code char(12) not null,
      cadre_person_id int not null,
      household_id int not null references liaison_household (id),
      visited_at timestamptz not null,
      recorded_at timestamptz not null,
      form text not null check (form in ('home', 'phone', 'forum')),
      learned text not null default '',
      needs text not null default '',
      opinions text not null default '',
      problem text,
      idempotency_key text not null unique,
      request_id int,
      recorded_by_user_id int
    )`.execute(db);
  await sql`create index liaison_visit_cadre on liaison_visit (cadre_person_id, visited_at)`.execute(db);
  await sql`create index liaison_visit_household on liaison_visit (household_id, visited_at)`.execute(db);
  await sql`create index liaison_visit_at on liaison_visit (tenant_code, visited_at)`.execute(db);

  await sql`
    create table liaison_diary (
      id serial primary key,
      tenant_code char(12) not null,
      cadre_person_id int not null,
      author_user_id int,
      day date not null,
      new_problems text not null default '',
      new_ideas text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (cadre_person_id, day)
    )`.execute(db);

  await sql`
    create table liaison_commitment (
      id serial primary key,
      tenant_code char(12) not null,
      cadre_person_id int not null,
      kind text not null check (kind in ('post', 'deed')),
      title text not null,
      content text not null,
      deadline date not null,
      public boolean not null default true,
      created_at timestamptz not null,
      fulfilled_at timestamptz,
      evidence text,
      rating_count int not null default 0,
      rating_total int not null default 0,
      check ((fulfilled_at is null) = (evidence is null))
    )`.execute(db);
  await sql`create index liaison_commitment_cadre on liaison_commitment (cadre_person_id)`.execute(db);

  await sql`
    create table liaison_deed (
      id serial primary key,
      tenant_code char(12) not null,
      cadre_person_id int not null,
      household_id int references liaison_household (id),
      title text not null,
      description text not null default '',
      done_on date not null,
      beneficiaries int not null check (beneficiaries >= 0),
      aid_fen bigint not null default 0 check (aid_fen >= 0),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index liaison_deed_cadre on liaison_deed (cadre_person_id, done_on)`.execute(db);

  await sql`
    create table liaison_party_member_report (
      id serial primary key,
      tenant_code char(12) not null,
      person_id int not null,
      community_code char(12) not null,
      post text not null,
      registered_on date not null,
      services jsonb not null default '[]',
      appraisal text,
      unique (person_id, community_code)
    )`.execute(db);

  await sql`
    create table liaison_callback_batch (
      id serial primary key,
      tenant_code char(12) not null,
      seed text not null,
      period_from date not null,
      period_to date not null,
      size int not null,
      created_at timestamptz not null,
      created_by_user_id int
    )`.execute(db);
  await sql`
    create table liaison_callback (
      id serial primary key,
      batch_id int not null references liaison_callback_batch (id),
      visit_id int not null references liaison_visit (id),
      outcome text not null default 'pending' check (outcome in ('pending', 'confirmed', 'denied', 'unreachable')),
      note text,
      recorded_at timestamptz,
      recorded_by_user_id int,
      unique (batch_id, visit_id)
    )`.execute(db);
  await sql`create index liaison_callback_visit on liaison_callback (visit_id)`.execute(db);

  await sql`
    create table liaison_setting (
      tenant_code char(12) primary key,
      quota_rule jsonb not null,
      updated_at timestamptz not null
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'liaison_setting',
    'liaison_callback',
    'liaison_callback_batch',
    'liaison_party_member_report',
    'liaison_deed',
    'liaison_commitment',
    'liaison_diary',
    'liaison_visit',
    'liaison_pairing',
    'liaison_household',
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
