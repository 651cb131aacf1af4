import { z } from 'zod';
import { PERMISSIONS, ROLES, roleSchema, scopeSchema } from './roles.js';

export const loginBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'a 6-digit code')
    .optional(),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/** What the signed-in user is: returned by login and GET /api/auth/me. */
export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  scope: scopeSchema,
  scopeLabel: z.string(),
  unit: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  mustChangePassword: z.boolean(),
  passwordExpired: z.boolean(),
  totpEnabled: z.boolean(),
  /** An administrator without a second factor must enrol before doing anything else. */
  totpEnrolmentRequired: z.boolean(),
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number().int(),
  locale: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'lx_session';

// ---------------------------------------------------------------------------------------------
// Password policy problems (details.problems of AUTH_PASSWORD_WEAK)

export const PASSWORD_PROBLEMS = [
  'too_short',
  'too_few_classes',
  'contains_username',
  'contains_name',
  'common_password',
  'repetitive',
  'same_as_current',
] as const;
export const passwordProblemCodeSchema = z.enum(PASSWORD_PROBLEMS);
export type PasswordProblemCode = z.infer<typeof passwordProblemCodeSchema>;
export const passwordProblemSchema = z.object({ code: passwordProblemCodeSchema, message: z.string() });
export type PasswordProblem = z.infer<typeof passwordProblemSchema>;

// ---------------------------------------------------------------------------------------------
// TOTP second factor

const totpCode = z.string().regex(/^\d{6}$/, 'a 6-digit code');

export const totpConfirmBodySchema = z.object({ code: totpCode });
export const totpDisableBodySchema = z.object({ password: z.string().min(1).max(256) });
export const totpEnrolmentSchema = z.object({
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** PNG data URL of the otpauth:// QR code. */
  qrDataUrl: z.string(),
});
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

// ---------------------------------------------------------------------------------------------
// Accounts (security administrator). Timestamps travel as ISO 8601 strings.

/** Usernames of built-in accounts (not people): reserved, never offered for new accounts, left out of account lists. */
export const SYSTEM_ACCOUNT_PREFIX = 'system.';
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, '3–40 characters: lower-case letters, digits, dot, dash, underscore')
  .refine((v) => !v.startsWith(SYSTEM_ACCOUNT_PREFIX), `names starting with "${SYSTEM_ACCOUNT_PREFIX}" are reserved`);
const displayNameSchema = z.string().trim().min(1).max(50);
const rolesSchema = z.array(roleSchema).min(1).max(ROLES.length);

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  personId: z.number().int().nullable(),
  unit: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  roles: z.array(roleSchema),
  scope: scopeSchema,
  scopeLabel: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  /** Locked by repeated failures until `lockedUntil`. */
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  passwordChangedAt: z.string(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ACCOUNT_SORTS = ['username', 'displayName', 'createdAt', 'updatedAt', 'lockedUntil', 'id'] as const;

export const accountListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum([...ACCOUNT_SORTS, ...ACCOUNT_SORTS.map((s) => `-${s}` as const)]).optional(),
  /** Substring of the username or display name. */
  q: z.string().trim().min(1).max(50).optional(),
  role: roleSchema.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  locked: booleanQuery.optional(),
  disabled: booleanQuery.optional(),
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export const createAccountBodySchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  personId: z.number().int().positive().nullable().optional(),
  unitId: z.number().int().positive().nullable().optional(),
  roles: rolesSchema,
  scope: scopeSchema,
});
export type CreateAccountBody = z.infer<typeof createAccountBodySchema>;

export const updateAccountBodySchema = z
  .object({
    displayName: displayNameSchema,
    unitId: z.number().int().positive().nullable(),
    roles: rolesSchema,
    scope: scopeSchema,
    disabled: z.boolean(),
  })
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });
export type UpdateAccountBody = z.infer<typeof updateAccountBodySchema>;

/** A new account, with its temporary password shown this once. */
export const createdAccountSchema = z.object({ account: accountSchema, temporaryPassword: z.string() });
export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string() });
export const endedSessionsSchema = z.object({ ended: z.number().int() });

// ---------------------------------------------------------------------------------------------
// Audit log (audit administrator; kept here until the audit contracts get their own file)

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  detail: z.unknown(),
  requestId: z.string().nullable(),
  /** The entry's position in the hash chain; the three chain fields are null until it is sealed (within a second). */
  chainSeq: z.number().int().nullable(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(['id', '-id', 'at', '-at']).optional(),
    /** The actor's user id, or a substring of the actor's name. */
    actor: z.string().trim().min(1).max(60).optional(),
    /** An action ('auth.login'), or a prefix ending in '*' ('auth.*'). */
    action: z
      .string()
      .trim()
      .regex(/^[a-z0-9_.]+\*?$/i, 'an action name, optionally ending in *')
      .max(80)
      .optional(),
    objectType: z.string().trim().min(1).max(60).optional(),
    objectId: z.string().trim().min(1).max(80).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before from',
    path: ['to'],
  });
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({
      id: z.number().int(),
      reason: z.enum(['hash_mismatch', 'link_mismatch', 'missing_entry', 'unsealed_entry']),
    })
    .optional(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
