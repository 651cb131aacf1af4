-- Global search at scale (issue #7 point 2): fills a scratch database with N requests of real citizen text, read from
-- ../shared/data (never copied into the repository), then builds the trigram indexes. Run from the repository root
-- on a freshly migrated scratch database, never on a real one:
--   createdb -h 127.0.0.1 -U postgres lianxin_search
--   DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_search npx lianxin migrate
--   psql -h 127.0.0.1 -U postgres -d lianxin_search -v N=300000 -f bench/search-scale.sql
--   SEARCH_DB_URL=postgres://postgres@127.0.0.1:5432/lianxin_search npx tsx bench/search-scale.ts
-- Each of the 6,400 messages of teddy2020c-train.csv is repeated N/6,400 times (in one township each, spread over
-- the minutes before 2026-12-01, one a minute, stored in that order); every third request carries a real reply from
-- teddy2020c-replies-train.csv.
\timing on
create table msgs (id text, title text, body text, category text, date text, department text, reply text,
  "user" text, n_copies text, record_type text, source text, match_score text);
\copy msgs from '../shared/data/teddy2020c-train.csv' csv header
create table replies_src (id text, title text, body text, category text, date text, department text, reply text,
  reply_date text, "user" text, source text);
\copy replies_src from '../shared/data/teddy2020c-replies-train.csv' csv header
create table m2 as select (row_number() over (order by id) - 1)::int as k, title, body from msgs;
create table r2 as select (row_number() over (order by id) - 1)::int as k, reply from replies_src;
insert into division (code, name, level, parent_code, path, search_text)
  values ('430100000000', '示范县', 'county', null, '430100000000/', '示范县') on conflict do nothing;
insert into division (code, name, level, parent_code, path, search_text)
  select '4301000' || lpad(t::text, 2, '0') || '000', '镇' || t, 'township', '430100000000',
    '430100000000/4301000' || lpad(t::text, 2, '0') || '000/', '镇' || t
  from generate_series(1, 10) t on conflict do nothing;
drop index if exists request_search_trgm;
drop index if exists request_reply_trgm;
insert into request (tenant_code, number, receipt_code_hash, channel, type, title, body, body_original, division_code,
  state, received_at, search_text, reply_text, replied_at)
select '430100000000', lpad(g::text, 13, '0'), 'x', 'hotline', 'help', m.title, m.body, m.body,
  '4301000' || lpad((g % 10 + 1)::text, 2, '0') || '000', case when g % 3 = 0 then 'closed' else 'in_progress' end,
  timestamptz '2026-12-01' - make_interval(mins => :N - g),
  lower(lpad(g::text, 13, '0') || ' ' || coalesce(m.title, '') || ' ' || m.body),
  case when g % 3 = 0 then coalesce(r.reply, '') else '' end,
  case when g % 3 = 0 then timestamptz '2026-12-01' else null end
from generate_series(1, :N) g
join m2 m on m.k = g % 6400
left join r2 r on r.k = g % 2259
-- In receipt order, as a live table grows (a join may otherwise hand the rows over grouped by message).
order by g;
-- A GIN build that fits in memory is several times faster than one that spills (64 MB by default).
set maintenance_work_mem = '1GB';
create index request_search_trgm on request using gin (search_text gin_trgm_ops);
create index request_reply_trgm on request using gin (reply_text gin_trgm_ops);
-- As autovacuum would: statistics, and the visibility map the newest-window bound reads index-only.
vacuum analyze request;
select count(*) as requests, pg_size_pretty(pg_total_relation_size('request')) as size from request;
