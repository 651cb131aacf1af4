import { type Kysely, sql } from 'kysely';

// Frozen in time: the audit chain is sealed after commit instead of inside every writing transaction (which held one
// advisory lock from the entry's insert to the commit's WAL flush and so serialised every write of the system).
// An entry is now inserted with its chain columns NULL (`chain_seq`, `prev_hash`, `hash`); a sealer links committed
// entries later under its own lock, and the chain's order is `chain_seq` (consecutive from 1), no longer the id.
// Existing rows were chained in id order: they get chain positions 1..n in that order and keep their hashes, so an
// existing data folder still verifies. The append-only trigger now lets exactly one change through: an unsealed row
// receiving its three chain columns, every other column unchanged; a sealed row stays immutable.

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_entry add column chain_seq bigint`.execute(db);
  await sql`alter table audit_entry alter column prev_hash drop not null`.execute(db);
  await sql`alter table audit_entry alter column hash drop not null`.execute(db);
  await sql`alter table audit_entry disable trigger audit_entry_no_update`.execute(db);
  await sql`
    update audit_entry a set chain_seq = o.seq
    from (select id, row_number() over (order by id) as seq from audit_entry) o
    where a.id = o.id`.execute(db);
  await sql`alter table audit_entry enable trigger audit_entry_no_update`.execute(db);
  await sql`create unique index audit_entry_chain_seq_idx on audit_entry (chain_seq)`.execute(db);
  await sql`create index audit_entry_unsealed_idx on audit_entry (id) where chain_seq is null`.execute(db);
  // All three chain columns are set together or not at all.
  await sql`
    alter table audit_entry add constraint audit_entry_sealed_whole check (
      (chain_seq is null and prev_hash is null and hash is null)
      or (chain_seq is not null and prev_hash is not null and hash is not null))`.execute(db);
  await sql`
    create or replace function audit_entry_refuse_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.chain_seq is null and new.chain_seq is not null
         and (new.id, new.at, new.actor_user_id, new.actor_name, new.action, new.object_type, new.object_id,
              new.before, new.after, new.detail, new.request_id)
           is not distinct from
             (old.id, old.at, old.actor_user_id, old.actor_name, old.action, old.object_type, old.object_id,
              old.before, old.after, old.detail, old.request_id) then
        return new;
      end if;
      raise exception 'AUDIT_IMMUTABLE: audit_entry is append-only' using errcode = 'P0001';
    end $$`.execute(db);
}

// Down needs every entry sealed (run `lianxin audit verify` first, which seals): the old shape has no unsealed rows.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_entry_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'AUDIT_IMMUTABLE: audit_entry is append-only' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`alter table audit_entry drop constraint if exists audit_entry_sealed_whole`.execute(db);
  await sql`drop index if exists audit_entry_unsealed_idx`.execute(db);
  await sql`drop index if exists audit_entry_chain_seq_idx`.execute(db);
  await sql`alter table audit_entry alter column hash set not null`.execute(db);
  await sql`alter table audit_entry alter column prev_hash set not null`.execute(db);
  await sql`alter table audit_entry drop column chain_seq`.execute(db);
}
