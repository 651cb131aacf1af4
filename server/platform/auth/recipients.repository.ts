import { type Permission, ROLE_PERMISSIONS, type Role } from '../../../contracts/roles.js';
import type { Db } from '../db/database.js';

/** An active account that may receive notices, with what decides whether a notice concerns it. */
export interface NoticeRecipient {
  userId: number;
  unitId: number | null;
  scopeKind: string;
  scopeDivisionCode: string | null;
}

const rolesGranting = (permission: Permission): Role[] =>
  (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes(permission));

/**
 * The enabled accounts whose roles grant `permission`, optionally only those belonging to one of `unitIds` (the
 * staff of a unit: account.unit_id). Used to address notices; a unit with no such account gets none.
 */
export async function listAccountsWithPermission(
  db: Db,
  permission: Permission,
  filter: { unitIds?: readonly number[] } = {},
): Promise<NoticeRecipient[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  let q = db
    .selectFrom('userAccount as a')
    .select(['a.id as userId', 'a.unitId', 'a.scopeKind', 'a.scopeDivisionCode'])
    .where('a.disabled', '=', false)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('userRole as r')
          .select('r.userId')
          .whereRef('r.userId', '=', 'a.id')
          .where('r.role', 'in', rolesGranting(permission)),
      ),
    );
  if (filter.unitIds) q = q.where('a.unitId', 'in', [...filter.unitIds]);
  return q.orderBy('a.id').execute();
}
