/*
 * Storage of a county's configured time-limit rules (request_time_limit_rule), with their ids for administration.
 * The request use cases read the same table through loadTimeLimitRules (requests.repository.ts).
 */
import { type LimitDuration, type TimeLimitRule, timeLimitRuleSchema } from '../../../contracts/requests.js';
import type { Db } from '../../platform/db/database.js';
import { noteRequestConfigChange } from './config-changes.js';

export interface StoredTimeLimitRule extends TimeLimitRule {
  id: number;
  updatedAt: Date;
  updatedBy: string | null;
}

const duration = (amount: unknown, unit: string | null): LimitDuration | undefined =>
  amount === null || unit === null ? undefined : ({ amount: Number(amount), unit } as LimitDuration);

const columnsOf = (rule: TimeLimitRule) => ({
  label: rule.label,
  categoryCode: rule.categoryCode ?? null,
  type: rule.type ?? null,
  urgency: rule.urgency ?? null,
  responseAmount: rule.response?.amount ?? null,
  responseUnit: rule.response?.unit ?? null,
  resolutionAmount: rule.resolution?.amount ?? null,
  resolutionUnit: rule.resolution?.unit ?? null,
  returnWindowAmount: rule.returnWindow?.amount ?? null,
  returnWindowUnit: rule.returnWindow?.unit ?? null,
});

/** A county's configured rules with their ids, most general first (no category, then by category, type, urgency). */
export async function listStoredTimeLimitRules(db: Db, tenantCode: string): Promise<StoredTimeLimitRule[]> {
  const rows = await db
    .selectFrom('requestTimeLimitRule')
    .selectAll()
    .where('tenantCode', '=', tenantCode)
    .orderBy('categoryCode', (ob) => ob.asc().nullsFirst())
    .orderBy('type', (ob) => ob.asc().nullsFirst())
    .orderBy('urgency', (ob) => ob.asc().nullsFirst())
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...timeLimitRuleSchema.parse({
      label: r.label,
      categoryCode: r.categoryCode,
      type: r.type,
      urgency: r.urgency,
      response: duration(r.responseAmount, r.responseUnit),
      resolution: duration(r.resolutionAmount, r.resolutionUnit),
      returnWindow: duration(r.returnWindowAmount, r.returnWindowUnit),
    }),
    id: r.id,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  }));
}

/** Serialises rule changes of one county (a transaction-scoped advisory lock on the tenant code). */
export async function lockTimeLimitRules(trx: Db, tenantCode: string): Promise<void> {
  await trx
    .selectNoFrom((eb) =>
      eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(`time-limit:${tenantCode}`)])]).as('l'),
    )
    .execute();
}

export async function insertTimeLimitRules(
  trx: Db,
  tenantCode: string,
  rules: readonly TimeLimitRule[],
  by: { name: string; at: Date },
): Promise<number[]> {
  if (rules.length === 0) return [];
  const rows = await trx
    .insertInto('requestTimeLimitRule')
    .values(rules.map((rule) => ({ tenantCode, ...columnsOf(rule), updatedAt: by.at, updatedBy: by.name })))
    .returning('id')
    .execute();
  noteRequestConfigChange(tenantCode);
  return rows.map((r) => r.id);
}

export async function updateTimeLimitRule(
  trx: Db,
  tenantCode: string,
  id: number,
  rule: TimeLimitRule,
  by: { name: string; at: Date },
): Promise<void> {
  await trx
    .updateTable('requestTimeLimitRule')
    .set({ ...columnsOf(rule), updatedAt: by.at, updatedBy: by.name })
    .where('tenantCode', '=', tenantCode)
    .where('id', '=', id)
    .execute();
  noteRequestConfigChange(tenantCode);
}

export async function deleteTimeLimitRule(trx: Db, tenantCode: string, id: number): Promise<void> {
  await trx.deleteFrom('requestTimeLimitRule').where('tenantCode', '=', tenantCode).where('id', '=', id).execute();
  noteRequestConfigChange(tenantCode);
}
