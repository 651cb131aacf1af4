/*
 * Administration of a county's request settings (办理规则): the policy bounds, the escalation ladder, the rating
 * window and how unrated requests count. Reads and saves are limited to counties in the administrator's scope; every
 * save is audited in its transaction.
 */
import type { RequestSettingsInput, RequestSettingsView } from '../../../contracts/requests.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, toFieldIssues } from '../../platform/http/errors.js';
import { divisionAncestors } from '../org/index.js';
import {
  loadStoredRequestSettings,
  lockRequestSettings,
  type StoredRequestSettings,
  saveRequestSettings,
} from './settings.repository.js';

export type SettingsActor = Pick<Actor, 'userId' | 'username' | 'displayName' | 'scope'>;

/**
 * Checks that a county exists and lies in the administrator's scope: `all` reaches every county, a division scope
 * the counties at or below its division; a unit-scoped account configures nothing (a unit is not a county's owner).
 */
export async function countyOrFail(db: Db, actor: SettingsActor, countyCode: string): Promise<void> {
  const lineage = await divisionAncestors(db, countyCode);
  if (lineage.length === 0) {
    const zh = toFieldIssues([{ path: ['countyCode'], message: `县（区）${countyCode} 不存在` }], 'zh')[0]!;
    const en = toFieldIssues([{ path: ['countyCode'], message: `county ${countyCode} does not exist` }], 'en')[0]!;
    throw new AppError('REQUEST_COUNTY_UNKNOWN', {
      issues: [{ ...zh, messageZh: zh.messageZh, messageEn: en.messageEn }],
    });
  }
  const scope = actor.scope;
  if (scope.kind === 'all') return;
  if (scope.kind === 'division' && lineage.some((d) => d.code === scope.divisionCode)) return;
  throw new AppError('AUTH_OUT_OF_SCOPE');
}

const view = (countyCode: string, s: StoredRequestSettings): RequestSettingsView => ({
  countyCode,
  policy: s.policy,
  ladder: s.ladder,
  ratingWindowDays: s.ratingWindowDays,
  unratedCountsAs: s.unratedCountsAs,
  configured: s.version > 0,
  version: s.version,
  updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  updatedBy: s.updatedBy,
});

/** The settings in force for a county, marked as the defaults while it has saved none. */
export async function getRequestSettings(
  deps: Pick<Deps, 'db'>,
  actor: SettingsActor,
  countyCode: string,
): Promise<RequestSettingsView> {
  await countyOrFail(deps.db, actor, countyCode);
  return view(countyCode, await loadStoredRequestSettings(deps.db, countyCode));
}

/**
 * Saves a county's settings as a whole (validated by requestSettingsSchema: bounds, ladder fractions within 0–1,
 * levels once each and in ladder order). A form loaded at an older version gets 409 REQUEST_SETTINGS_STALE rather
 * than silently overwriting a colleague's change. The new values apply to the next command and the next job run.
 */
export async function updateRequestSettings(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: SettingsActor,
  countyCode: string,
  input: RequestSettingsInput & { expectedVersion?: number },
  httpRequestId: string,
): Promise<RequestSettingsView> {
  const now = deps.now();
  await countyOrFail(deps.db, actor, countyCode);
  const { expectedVersion, ...settings } = input;
  const who = auditActorOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    const version = await lockRequestSettings(trx, countyCode);
    if (expectedVersion !== undefined && expectedVersion !== version) throw new AppError('REQUEST_SETTINGS_STALE');
    const before = await loadStoredRequestSettings(trx, countyCode);
    await saveRequestSettings(trx, countyCode, settings, { name: who.name, at: now });
    await appendAudit(trx, {
      actor: who,
      action: 'request.settings.update',
      objectType: 'request_setting',
      objectId: countyCode,
      before: {
        policy: before.policy,
        ladder: before.ladder,
        ratingWindowDays: before.ratingWindowDays,
        unratedCountsAs: before.unratedCountsAs,
      },
      after: settings,
      requestId: httpRequestId,
      at: now,
    });
  });
  return view(countyCode, await loadStoredRequestSettings(deps.db, countyCode));
}
