import { type Kysely, sql } from 'kysely';

// Frozen in time: the duplicate check's candidate lookup as a database function (issue #7 point 3, requests module).
// `request_duplicate_candidates(phone_hash, since, band_keys, per_key, text_candidates, caller_candidates)` returns the
// ids of the requests received since `since` that share an LSH band key (the newest `per_key` per key, read from the
// covering index request_text_band_key; the `text_candidates` sharing the most keys kept, newer first on ties) or the
// caller's phone hash (the newest `caller_candidates`), each with its MinHash signature in array_send's binary form.
// Why a function: PL/pgSQL keeps the plan of its statement for the session, so the check, run at every pause while an
// operator types, is not planned again each time (planning was about a third of its database time at 1 million
// requests); and the signatures travel as 532 bytes of binary instead of 64 numbers printed and parsed as text. The
// reader's scope and the rows shown stay in the repository's query around it.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function request_duplicate_candidates(
      p_phone_hash text, p_since timestamptz, p_band_keys int4[],
      p_per_key int, p_text_candidates int, p_caller_candidates int
    ) returns table (request_id int, signature bytea) language plpgsql stable as $$
    begin
      return query
        with caller as (
          select c.id from request c
          where p_phone_hash is not null and c.citizen_phone_hash = p_phone_hash and c.received_at >= p_since
          order by c.received_at desc limit p_caller_candidates
        ),
        hits as (
          select b.request_id as id from unnest(p_band_keys) as k(key)
          cross join lateral (
            select tb.request_id, tb.received_at from request_text_band tb
            where tb.band_key = k.key and tb.received_at >= p_since
            order by tb.received_at desc limit p_per_key
          ) b
          group by b.request_id
          order by count(*) desc, max(b.received_at) desc
          limit p_text_candidates
        ),
        ids as (select h.id from hits h union select c.id from caller c)
        select ids.id, array_send(s.signature)
        from ids left join request_text_signature s on s.request_id = ids.id;
    end $$`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists request_duplicate_candidates(text, timestamptz, int4[], int, int, int)`.execute(db);
}
