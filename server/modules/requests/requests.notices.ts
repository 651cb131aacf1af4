/*
 * What a request's new events set off, written in the transaction that appends them (so an acknowledged write never
 * loses its notice): in-app notices to the accounts the table in domain/notifications.ts names, a text message to
 * the lead unit's contact phone for urging notices, notified criticism and pressing (only where the unit has a
 * phone on record), and the citizen's one-time rating link when a reply or a direct answer goes out (only where
 * the request has the citizen's phone). Texts to units name the request number only: no personal data.
 */
import type { RequestEvent } from '../../../contracts/requests.js';
import { listAccountsWithPermission } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { insertNotifications, type NewNotification, queueSms } from '../../platform/notify/index.js';
import { divisionAncestors, findUnitById } from '../org/index.js';
import { type NoticeAudience, noticesForEvents } from './domain/notifications.js';
import type { RequestSnapshot } from './domain/request-state.js';
import { issueRatingLink } from './rating-links.issue.js';
import { findCitizenPhoneEnc } from './rating-links.repository.js';
import { loadRequestSettings } from './settings.repository.js';

const PHONE_CONTEXT = 'citizen.phone';

export interface AppendedEvents {
  requestId: number;
  tenantCode: string;
  divisionCode: string;
  /** The account that caused them (not told of its own action); null for the system and citizens. */
  actorUserId: number | null;
  events: readonly RequestEvent[];
  /** The request after the events. */
  after: RequestSnapshot;
}

/** The accounts an audience names: handlers of units, or dispatchers whose scope covers the request's place. */
async function recipientsOf(trx: Db, audience: NoticeAudience, divisionCode: string): Promise<number[]> {
  if (audience.kind === 'unitHandlers') {
    const accounts = await listAccountsWithPermission(trx, 'requests:handle', { unitIds: audience.unitIds });
    return accounts.map((a) => a.userId);
  }
  const lineage = new Set((await divisionAncestors(trx, divisionCode)).map((d) => d.code));
  const accounts = await listAccountsWithPermission(trx, 'requests:dispatch');
  return accounts
    .filter((a) => a.scopeKind === 'all' || (a.scopeKind === 'division' && lineage.has(a.scopeDivisionCode ?? '')))
    .map((a) => a.userId);
}

/** Writes the notices, unit texts and rating links of newly appended events, in the caller's transaction. */
export async function recordRequestSideEffects(
  trx: Db,
  deps: Pick<Deps, 'cipher' | 'config'>,
  appended: AppendedEvents,
  now: Date,
): Promise<void> {
  const { after, requestId } = appended;
  const notices = noticesForEvents(appended.events, {
    number: after.number,
    title: after.title,
    leadUnitId: after.leadUnitId,
  });
  const rows: NewNotification[] = [];
  for (const n of notices) {
    for (const userId of await recipientsOf(trx, n.audience, appended.divisionCode)) {
      if (userId === appended.actorUserId) continue;
      rows.push({
        recipientUserId: userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        objectType: 'request',
        objectId: requestId,
        link: `/requests/${requestId}`,
      });
    }
    if (n.smsToUnit && after.leadUnitId !== null) {
      const phone = (await findUnitById(trx, after.leadUnitId))?.phone;
      if (phone) {
        await queueSms(trx, deps.cipher, { phone, text: `【连心】${n.title.zh}：${n.body.zh}`, purpose: n.kind }, now);
      }
    }
  }
  await insertNotifications(trx, rows, now);

  if (appended.events.some((e) => e.type === 'reply_submitted' || e.type === 'answered_directly')) {
    const phoneEnc = await findCitizenPhoneEnc(trx, requestId);
    if (phoneEnc) {
      const settings = await loadRequestSettings(trx, appended.tenantCode);
      await issueRatingLink(
        trx,
        deps,
        {
          requestId,
          tenantCode: appended.tenantCode,
          number: after.number,
          replyRound: after.replies.length,
          phone: deps.cipher.decrypt(phoneEnc, PHONE_CONTEXT),
          ratingWindowDays: settings.ratingWindowDays,
        },
        now,
      );
    }
  }
}
