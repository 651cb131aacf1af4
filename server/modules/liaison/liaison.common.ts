// What the liaison use cases share: the actor they act for, field errors, the county of a place, paging, the quota rule.
import { DEFAULT_QUOTA_RULE, type QuotaRule } from '../../../contracts/liaison.js';
import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { findPersonIdOfUser } from '../org/index.js';
import { findQuotaRule } from './liaison.repository.js';

export type LiaisonActor = Pick<
  Actor,
  'userId' | 'username' | 'displayName' | 'permissions' | 'scope' | 'unitId' | 'roles'
>;

/** The zone liaison days and hours are counted in: China Standard Time, UTC+8 all year. */
export const UTC_OFFSET_MINUTES = 480;

/** A 400 naming one field, in both languages. */
export function fieldError(field: string, zh: string, en: string): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError('VALIDATION_FAILED', {
    issues: [{ ...zhIssue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/** The county-level division (tenant) a place belongs to. */
export function tenantOf(divisionCode: string): string {
  return `${divisionCode.slice(0, 6)}000000`;
}

export const pageArgs = (q: { page: number; pageSize: number }) => ({
  offset: (q.page - 1) * q.pageSize,
  limit: q.pageSize,
});

/** The person a signed-in cadre records visits as; an account linked to nobody cannot. */
export async function cadrePersonOf(db: Db, actor: LiaisonActor): Promise<number> {
  const personId = await findPersonIdOfUser(db, actor.userId);
  if (personId === null) throw new AppError('LIAISON_NOT_A_CADRE');
  return personId;
}

/** The county's pairing quota rule, or the default (county 4, section 2, ordinary 1). */
export async function quotaRuleOf(db: Db, tenantCode: string): Promise<QuotaRule> {
  return (await findQuotaRule(db, tenantCode)) ?? DEFAULT_QUOTA_RULE;
}

/** 'YYYY-MM-DD' local day → the UTC instant its local midnight falls on. */
export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - UTC_OFFSET_MINUTES * 60_000);
}

/** The half-open instant range [from 00:00, to+1 00:00) of local days. */
export function periodOf(from: string, to: string): { from: Date; to: Date } {
  if (to < from) throw fieldError('to', '结束日期不能早于开始日期', 'the end date is before the start date');
  return { from: localMidnight(from), to: new Date(localMidnight(to).getTime() + 86_400_000) };
}
