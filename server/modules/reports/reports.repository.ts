/*
 * Storage of published rankings: insert a frozen version, read versions back. Rows are never updated or deleted (a
 * trigger refuses it); the JSON columns are written as text and parsed on the way out.
 */
import type { Selectable } from 'kysely';
import type { MetricWeights } from '../../../contracts/metrics.js';
import type { UnitKind } from '../../../contracts/org.js';
import type { FrozenRanking, FrozenRankingRow } from '../../../contracts/reports.js';
import type { Db } from '../../platform/db/database.js';
import type { PublishedRankingTable } from './reports.tables.js';

export interface StoredRanking {
  id: number;
  countyCode: string;
  countyName: string;
  month: string;
  unitKind: UnitKind;
  version: number;
  publishedAt: Date;
  publishedBy: string;
  note: string | null;
  reason: string | null;
  ranking: FrozenRanking;
}

const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function toStored(r: Selectable<PublishedRankingTable>): StoredRanking {
  return {
    id: r.id,
    countyCode: r.tenantCode,
    countyName: r.countyName,
    month: r.month,
    unitKind: r.unitKind as UnitKind,
    version: r.version,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
    note: r.note,
    reason: r.reason,
    ranking: {
      weights: parsed(r.weights) as MetricWeights,
      minVolume: r.minVolume,
      rows: parsed(r.rows) as FrozenRankingRow[],
      redListUnitIds: parsed(r.redList) as number[],
      blackListUnitIds: parsed(r.blackList) as number[],
    },
  };
}

/** The latest version of a county's ranking of one class for one month, or undefined. */
export async function findLatestRanking(
  db: Db,
  key: { countyCode: string; month: string; unitKind: string },
): Promise<StoredRanking | undefined> {
  const row = await db
    .selectFrom('publishedRanking')
    .selectAll()
    .where('tenantCode', '=', key.countyCode)
    .where('month', '=', key.month)
    .where('unitKind', '=', key.unitKind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function findRankingById(db: Db, id: number): Promise<StoredRanking | undefined> {
  const row = await db.selectFrom('publishedRanking').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/** The version just before this one of the same county, month and class, if any. */
export async function findPreviousRanking(db: Db, r: StoredRanking): Promise<StoredRanking | undefined> {
  const row = await db
    .selectFrom('publishedRanking')
    .selectAll()
    .where('tenantCode', '=', r.countyCode)
    .where('month', '=', r.month)
    .where('unitKind', '=', r.unitKind)
    .where('version', '<', r.version)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/** The highest version per county, month and class among the given ids' keys (to mark the latest ones). */
export async function latestVersions(
  db: Db,
  keys: { countyCode: string; month: string; unitKind: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('publishedRanking')
    .select(['tenantCode', 'month', 'unitKind'])
    .select((eb) => eb.fn.max('version').as('version'))
    .where('tenantCode', 'in', [...new Set(keys.map((k) => k.countyCode))])
    .where('month', 'in', [...new Set(keys.map((k) => k.month))])
    .groupBy(['tenantCode', 'month', 'unitKind'])
    .execute();
  for (const r of rows)
    out.set(rankingKey({ countyCode: r.tenantCode, month: r.month, unitKind: r.unitKind }), Number(r.version));
  return out;
}

export const rankingKey = (k: { countyCode: string; month: string; unitKind: string }) =>
  `${k.countyCode}|${k.month}|${k.unitKind}`;

/** Published versions, newest month first, then class, then newest version; at most `limit`. */
export async function listRankings(
  db: Db,
  filter: { countyCodes?: string[]; countyCode?: string; month?: string; unitKind?: string; limit: number },
): Promise<StoredRanking[]> {
  let q = db.selectFrom('publishedRanking').selectAll();
  if (filter.countyCode) q = q.where('tenantCode', '=', filter.countyCode);
  if (filter.month) q = q.where('month', '=', filter.month);
  if (filter.unitKind) q = q.where('unitKind', '=', filter.unitKind);
  const rows = await q
    .orderBy('month', 'desc')
    .orderBy('tenantCode')
    .orderBy('unitKind')
    .orderBy('version', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toStored);
}

/** The counties that published a month's ranking of one class (to pick the county when only one did). */
export async function findPublishingCounties(db: Db, month: string, unitKind: string): Promise<string[]> {
  const rows = await db
    .selectFrom('publishedRanking')
    .select('tenantCode')
    .distinct()
    .where('month', '=', month)
    .where('unitKind', '=', unitKind)
    .execute();
  return rows.map((r) => r.tenantCode);
}

/** Every county and month with a published ranking, and the classes published, newest month first. */
export async function listPublishedMonths(
  db: Db,
): Promise<{ countyCode: string; countyName: string; month: string; unitKinds: UnitKind[] }[]> {
  const rows = await db
    .selectFrom('publishedRanking')
    .select(['tenantCode', 'month', 'unitKind'])
    .select((eb) => eb.fn.max('countyName').as('countyName'))
    .groupBy(['tenantCode', 'month', 'unitKind'])
    .orderBy('month', 'desc')
    .orderBy('tenantCode')
    .orderBy('unitKind')
    .execute();
  const out: { countyCode: string; countyName: string; month: string; unitKinds: UnitKind[] }[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.countyCode === r.tenantCode && last.month === r.month) {
      last.unitKinds.push(r.unitKind as UnitKind);
    } else {
      out.push({
        countyCode: r.tenantCode,
        countyName: String(r.countyName),
        month: r.month,
        unitKinds: [r.unitKind as UnitKind],
      });
    }
  }
  return out;
}

/** Stores a frozen version; the unique key (county, month, class, version) refuses a concurrent twin. */
export async function insertRanking(
  trx: Db,
  r: Omit<StoredRanking, 'id'> & { publishedByUserId: number | null },
): Promise<number> {
  const row = await trx
    .insertInto('publishedRanking')
    .values({
      tenantCode: r.countyCode,
      countyName: r.countyName,
      month: r.month,
      unitKind: r.unitKind,
      version: r.version,
      publishedAt: r.publishedAt,
      publishedByUserId: r.publishedByUserId,
      publishedBy: r.publishedBy,
      note: r.note,
      reason: r.reason,
      weights: JSON.stringify(r.ranking.weights),
      minVolume: r.ranking.minVolume,
      rows: JSON.stringify(r.ranking.rows),
      redList: JSON.stringify(r.ranking.redListUnitIds),
      blackList: JSON.stringify(r.ranking.blackListUnitIds),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
