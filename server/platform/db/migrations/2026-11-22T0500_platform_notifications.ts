import { type Kysely, sql } from 'kysely';

// Frozen in time: in-app notifications and the SMS outbox (platform/notify).
// - `notification`: one row per recipient account; bilingual title and body; `object_type`/`object_id` and `link`
//   point at what it is about (a request). Written in the transaction of the event that causes it.
// - `sms_outbox`: messages waiting for the SMS adapter; the phone and the text only encrypted (the text may carry a
//   one-time rating link); drained by a scheduled job with retries and backoff.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notification (
      id bigint generated always as identity primary key,
      recipient_user_id int not null references user_account(id) on delete cascade,
      kind text not null,
      title_zh text not null,
      title_en text not null,
      body_zh text not null,
      body_en text not null,
      object_type text,
      object_id int,
      link text,
      created_at timestamptz not null,
      read_at timestamptz
    )`.execute(db);
  await sql`create index notification_recipient_idx on notification(recipient_user_id, id desc)`.execute(db);
  await sql`
    create index notification_unread_idx on notification(recipient_user_id, id desc) where read_at is null`.execute(db);
  await sql`
    create table sms_outbox (
      id bigint generated always as identity primary key,
      phone_enc text not null,
      text_enc text not null,
      purpose text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz
    )`.execute(db);
  await sql`create index sms_outbox_due_idx on sms_outbox(next_attempt_at) where status = 'pending'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists sms_outbox`.execute(db);
  await sql`drop table if exists notification`.execute(db);
}
