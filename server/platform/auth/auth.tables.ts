import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UserAccountTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  personId: number | null;
  unitId: number | null;
  passwordHash: string;
  passwordChangedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  mustChangePassword: Generated<boolean>;
  totpSecretEnc: string | null;
  totpEnabled: Generated<boolean>;
  totpLastStep: number | null;
  failedAttempts: Generated<number>;
  lockoutCount: Generated<number>;
  lockedUntil: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  disabled: Generated<boolean>;
  scopeKind: Generated<string>;
  scopeUnitId: number | null;
  scopeDivisionCode: string | null;
  locale: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserRoleTable {
  userId: number;
  role: string;
}

export interface UserSessionTable {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  totpVerified: Generated<boolean>;
  endedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  endReason: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  at: Timestamp;
  username: string;
  ip: string;
  success: boolean;
}

export interface AuthTables {
  userAccount: UserAccountTable;
  userRole: UserRoleTable;
  userSession: UserSessionTable;
  loginAttempt: LoginAttemptTable;
}
