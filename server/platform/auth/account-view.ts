import type { Account } from '../../../contracts/auth.js';
import type { Scope } from '../../../contracts/roles.js';
import type { Db } from '../db/database.js';
import { scopeOf } from '../http/auth-hook.js';
import type { Lang } from '../http/errors.js';
import { type AccountRecord, findScopeNames } from './account.repository.js';
import { lockStatus } from './domain/lockout.js';

/** The data scope stored on an account row. */
export function scopeOfAccount(a: Pick<AccountRecord, 'scopeKind' | 'scopeUnitId' | 'scopeDivisionCode'>): Scope {
  return scopeOf(a);
}

/** Human labels for scopes: the unit's or division's name, or the whole county; unknown ids show the id. */
export async function labelScopes(db: Db, scopes: readonly Scope[], lang: Lang): Promise<string[]> {
  const names = await findScopeNames(
    db,
    scopes.flatMap((s) => (s.kind === 'unit' ? [s.unitId] : [])),
    scopes.flatMap((s) => (s.kind === 'division' ? [s.divisionCode] : [])),
  );
  return scopes.map((s) => {
    if (s.kind === 'all') return lang === 'zh' ? '全县' : 'Whole county';
    if (s.kind === 'unit')
      return names.units.get(s.unitId) ?? (lang === 'zh' ? `单位 #${s.unitId}` : `Unit #${s.unitId}`);
    return names.divisions.get(s.divisionCode) ?? s.divisionCode;
  });
}

/** An account as the security administrator sees it: never the password hash or the TOTP secret. */
export function toAccountView(
  a: AccountRecord,
  extras: { unitName: string | null; lastLoginAt: Date | null; scopeLabel: string },
  now: Date,
): Account {
  const lock = lockStatus(a, now);
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    personId: a.personId,
    unit: a.unitId === null ? null : { id: a.unitId, name: extras.unitName ?? `#${a.unitId}` },
    roles: a.roles,
    scope: scopeOfAccount(a),
    scopeLabel: extras.scopeLabel,
    disabled: a.disabled,
    mustChangePassword: a.mustChangePassword,
    totpEnabled: a.totpEnabled,
    locked: lock.locked,
    lockedUntil: lock.locked ? lock.lockedUntil.toISOString() : null,
    failedAttempts: a.failedAttempts,
    passwordChangedAt: a.passwordChangedAt.toISOString(),
    lastLoginAt: extras.lastLoginAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** What the audit log records of an account, before and after a change: no secrets, no hashes. */
export function auditViewOf(a: AccountRecord): Record<string, unknown> {
  return {
    username: a.username,
    displayName: a.displayName,
    personId: a.personId,
    unitId: a.unitId,
    roles: [...a.roles].sort(),
    scope: scopeOfAccount(a),
    disabled: a.disabled,
    mustChangePassword: a.mustChangePassword,
    totpEnabled: a.totpEnabled,
    failedAttempts: a.failedAttempts,
    lockedUntil: a.lockedUntil?.toISOString() ?? null,
  };
}
