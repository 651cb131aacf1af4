import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../../platform/db/database.js';
import { requestInScope } from './requests.repository.js';

/**
 * The sealed contact fields of a request the scope covers (undefined when it is absent or outside the scope): the
 * name and phone tokens, null where the citizen gave none (anonymous reports keep neither).
 */
export async function findRequestContactTokens(
  db: Db,
  scope: Scope,
  userId: number,
  id: number,
): Promise<{ nameEnc: string | null; phoneEnc: string | null } | undefined> {
  return db
    .selectFrom('request as r')
    .select(['r.citizenNameEnc as nameEnc', 'r.citizenPhoneEnc as phoneEnc'])
    .where('r.id', '=', id)
    .where(requestInScope(scope, userId, 'r'))
    .executeTakeFirst();
}
