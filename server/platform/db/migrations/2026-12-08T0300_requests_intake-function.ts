import { type Kysely, sql } from 'kysely';

// Frozen in time: the intake's one statement as a database function (issue #5 performance, requests module).
// `request_intake(request, division, category, events, audit, facts, signed_at, signature, band_keys)` inserts a new
// request from a JSON row (`jsonb_populate_record` over the table's own column types) with its events, its audit
// entry, its facts and its text signature and band keys, as data-modifying CTEs that take the new id from the
// request's INSERT, and returns that id; it inserts nothing (and returns NULL) when the place does not exist, the
// category (if any) does not exist or is inactive, or a row already holds the idempotency key. Why a function:
// PL/pgSQL keeps the statement's parse and plan for the session, where the same statement sent by the app was parsed
// and planned at every intake (about 0.25 ms of the database's ~1.7 ms per intake). The columns are the ones the
// intake writes on this date; the app calls the function only when its row has exactly these keys and falls back to
// the same statement of its own otherwise (requests.repository.ts insertIntakeRequest).

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function request_intake(
      p_request jsonb, p_division text, p_category text, p_events jsonb, p_audit jsonb, p_facts jsonb,
      p_signed_at timestamptz, p_signature int4[], p_band_keys int4[]
    ) returns int language plpgsql as $$
    declare
      v_id int;
    begin
      with r as (
        insert into request (tenant_code, number, receipt_code_hash, idempotency_key, channel, type, title, body,
          body_original, division_code, address, citizen_name_enc, citizen_phone_enc, citizen_phone_mask,
          citizen_phone_hash, state, received_at, first_owner_user_id, urgency, category_code, lead_unit_id,
          assist_unit_ids, accepted_at, response_deadline, resolution_deadline, replied_at, closed_at, bounced,
          whistle_unit_ids, rates_excluded_unit_ids, appeal_pending, merged_into_id, extension_pending, disputed,
          search_text, reply_text, version, updated_at)
        select x.tenant_code, x.number, x.receipt_code_hash, x.idempotency_key, x.channel, x.type, x.title, x.body,
          x.body_original, x.division_code, x.address, x.citizen_name_enc, x.citizen_phone_enc, x.citizen_phone_mask,
          x.citizen_phone_hash, x.state, x.received_at, x.first_owner_user_id, x.urgency, x.category_code,
          x.lead_unit_id, x.assist_unit_ids, x.accepted_at, x.response_deadline, x.resolution_deadline, x.replied_at,
          x.closed_at, x.bounced, x.whistle_unit_ids, x.rates_excluded_unit_ids, x.appeal_pending, x.merged_into_id,
          x.extension_pending, x.disputed, x.search_text, x.reply_text, x.version, x.updated_at
        from jsonb_populate_record(null::request, p_request) x
        where exists (select 1 from division d where d.code = p_division)
          and (p_category is null or exists (select 1 from category c where c.code = p_category and c.active))
        on conflict (idempotency_key) do nothing
        returning request.id, request.tenant_code
      ), e as (
        insert into request_event (tenant_code, request_id, seq, type, at, actor_user_id, actor_unit_id, actor_name,
          payload)
        select r.tenant_code, r.id, x.seq, x.type, x.at, x.actor_user_id, x.actor_unit_id, x.actor_name, x.payload
        from r, jsonb_populate_recordset(null::request_event, p_events) x
      ), a as (
        insert into audit_entry (object_id, at, actor_user_id, actor_name, action, object_type, before, after, detail,
          request_id)
        select r.id::text, x.at, x.actor_user_id, x.actor_name, x.action, x.object_type, x.before, x.after, x.detail,
          x.request_id
        from r, jsonb_populate_record(null::audit_entry, p_audit) x
      ), f as (
        insert into request_unit_fact (request_id, unit_id, tenant_code, counting_month, received_at, division_code,
          category_code, is_primary, dispatched, response_outcome, response_due_at, handled, accepted_in_time,
          returned, replied, resolution_outcome, resolution_due_at, rated, resolved, satisfaction,
          satisfaction_points, rating_unrated, reopened, handling_hours, excluded, bounced, whistle_summoned,
          whistle_outcome, whistle_due_at)
        select r.id, x.unit_id, x.tenant_code, x.counting_month, x.received_at, x.division_code, x.category_code,
          x.is_primary, x.dispatched, x.response_outcome, x.response_due_at, x.handled, x.accepted_in_time,
          x.returned, x.replied, x.resolution_outcome, x.resolution_due_at, x.rated, x.resolved, x.satisfaction,
          x.satisfaction_points, x.rating_unrated, x.reopened, x.handling_hours, x.excluded, x.bounced,
          x.whistle_summoned, x.whistle_outcome, x.whistle_due_at
        from r, jsonb_populate_recordset(null::request_unit_fact, coalesce(p_facts, '[]'::jsonb)) x
      ), s as (
        insert into request_text_signature (request_id, received_at, signature)
        select r.id, p_signed_at, p_signature from r where p_signature is not null
        on conflict (request_id) do nothing
        returning request_text_signature.request_id
      ), b as (
        insert into request_text_band (band_key, received_at, request_id)
        select k, p_signed_at, s.request_id from s, unnest(p_band_keys) as k
      )
      select r.id into v_id from r;
      return v_id;
    end $$`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists request_intake(jsonb, text, text, jsonb, jsonb, jsonb, timestamptz, int4[], int4[])`.execute(
    db,
  );
}
