import type { RequestContactReveal } from '../../../contracts/requests.js';
import { appendAudit, auditActorOf } from '../../platform/audit/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { findRequestContactTokens } from './contact-reveal.repository.js';
import { NAME_CONTEXT, PHONE_CONTEXT, type RequestsActor } from './requests.service.js';

/**
 * Shows one contact field of a request's citizen in full (回访、联系群众) to an actor holding requests:reveal whose
 * scope covers the request — for a handler, a request its unit leads, assists or was whistled for. The reveal is
 * written to the audit log (field and reason, never the value) in the transaction that decrypts it, so no value
 * leaves without its record. An absent request and one outside the scope answer alike (404); an anonymous report
 * or a request taken without that field answers REQUEST_CONTACT_EMPTY.
 */
export async function revealRequestContact(
  deps: Deps,
  actor: RequestsActor,
  id: number,
  body: RequestContactReveal,
  requestId?: string,
): Promise<{ value: string }> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findRequestContactTokens(trx, actor.scope, actor.userId, id);
    if (!row) throw new AppError('REQUEST_NOT_FOUND');
    const token = body.field === 'phone' ? row.phoneEnc : row.nameEnc;
    if (!token) throw new AppError('REQUEST_CONTACT_EMPTY', { field: body.field });
    const value = deps.cipher.decrypt(token, body.field === 'phone' ? PHONE_CONTEXT : NAME_CONTEXT);
    await appendAudit(trx, {
      actor: auditActorOf(actor),
      action: 'request.reveal_contact',
      objectType: 'request',
      objectId: id,
      detail: { field: body.field, reason: body.reason ?? null },
      requestId: requestId ?? null,
      at: now,
    });
    return { value };
  });
}
