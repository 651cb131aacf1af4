import { z } from 'zod';
import { roleSchema, scopeSchema } from './roles.js';
import { PERMISSIONS } from './roles.js';

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
