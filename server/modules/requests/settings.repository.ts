/*
 * A county's request settings (办理规则): the policy bounds of the rules, the escalation ladder and the rating
 * window. Every use case reads them through loadRequestSettings so that administrators' changes apply everywhere
 * at once; while a county has configured nothing, the built-in defaults apply.
 */
import {
  type EscalationLadder,
  escalationLadderSchema,
  requestPolicySchema,
  type Satisfaction,
  satisfactionSchema,
} from '../../../contracts/requests.js';
import type { Db } from '../../platform/db/database.js';
import { noteRequestConfigChange } from './config-changes.js';
import { DEFAULT_ESCALATION_LADDER } from './domain/escalation.js';
import { DEFAULT_REQUEST_POLICY, type RequestPolicy } from './domain/request-commands.js';

export interface RequestSettings {
  policy: RequestPolicy;
  /** The escalation ladder (预警 → 催办 → 通报) the scheduled job applies. */
  ladder: EscalationLadder;
  /** Days after a reply within which the citizen may rate; after them the request closes unrated. */
  ratingWindowDays: number;
  /** How an unrated request counts in the satisfaction rate (the figures of the metrics module read this). */
  unratedCountsAs: Satisfaction;
}

export const DEFAULT_REQUEST_SETTINGS: Readonly<RequestSettings> = Object.freeze({
  policy: DEFAULT_REQUEST_POLICY,
  ladder: DEFAULT_ESCALATION_LADDER,
  ratingWindowDays: 7,
  unratedCountsAs: 'satisfied',
});

/** The settings with when and by whom they were last saved (version 0: never saved, the defaults). */
export interface StoredRequestSettings extends RequestSettings {
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const parsedJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * The settings row of a county with each unset (NULL) or unreadable part replaced by its default, so that a value
 * written by an older release never stops the jobs; the write path validates with the same schemas.
 */
export async function loadStoredRequestSettings(db: Db, tenantCode: string): Promise<StoredRequestSettings> {
  const row = await db.selectFrom('requestSetting').selectAll().where('tenantCode', '=', tenantCode).executeTakeFirst();
  if (!row) return { ...DEFAULT_REQUEST_SETTINGS, version: 0, updatedAt: null, updatedBy: null };
  const policy = row.policy === null ? null : requestPolicySchema.safeParse(parsedJson(row.policy));
  const ladder = row.ladder === null ? null : escalationLadderSchema.safeParse(parsedJson(row.ladder));
  const unrated = satisfactionSchema.safeParse(row.unratedCountsAs);
  return {
    policy: policy?.success ? policy.data : DEFAULT_REQUEST_SETTINGS.policy,
    ladder: ladder?.success ? ladder.data : DEFAULT_REQUEST_SETTINGS.ladder,
    ratingWindowDays: row.ratingWindowDays ?? DEFAULT_REQUEST_SETTINGS.ratingWindowDays,
    unratedCountsAs: unrated.success ? unrated.data : DEFAULT_REQUEST_SETTINGS.unratedCountsAs,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The settings in force for a county (tenant code = the county's division code). */
export async function loadRequestSettings(db: Db, tenantCode: string): Promise<RequestSettings> {
  const { version: _v, updatedAt: _a, updatedBy: _b, ...settings } = await loadStoredRequestSettings(db, tenantCode);
  return settings;
}

/** Locks a county's settings row for a save (no row: nothing to lock, the insert's primary key guards the race). */
export async function lockRequestSettings(trx: Db, tenantCode: string): Promise<number> {
  const row = await trx
    .selectFrom('requestSetting')
    .select('version')
    .where('tenantCode', '=', tenantCode)
    .forUpdate()
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** Writes a county's settings (all parts), bumping the version. */
export async function saveRequestSettings(
  trx: Db,
  tenantCode: string,
  settings: RequestSettings,
  by: { name: string; at: Date },
): Promise<number> {
  const values = {
    policy: JSON.stringify(settings.policy),
    ladder: JSON.stringify(settings.ladder),
    ratingWindowDays: settings.ratingWindowDays,
    unratedCountsAs: settings.unratedCountsAs,
    updatedAt: by.at,
    updatedBy: by.name,
  };
  const row = await trx
    .insertInto('requestSetting')
    .values({ tenantCode, ...values, version: 1 })
    .onConflict((oc) =>
      oc.column('tenantCode').doUpdateSet((eb) => ({ ...values, version: eb('requestSetting.version', '+', 1) })),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  noteRequestConfigChange(tenantCode);
  return row.version;
}
