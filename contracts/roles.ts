import { z } from 'zod';

/** Roles of DESIGN.md §1. The three administrator roles are mutually exclusive (三员分立). */
export const ROLES = [
  'system_admin', // 系统管理员: organisation and configuration
  'security_admin', // 安全管理员: accounts, roles, scopes
  'audit_admin', // 审计管理员: reads the audit log only
  'operator', // 话务员 / 受理员
  'dispatcher', // 派单员
  'handler', // 承办人
  'cadre', // 干部
  'inspector', // 督查员
  'discipline', // 纪检: reads identities of anonymous reports, with a recorded reason
  'leader', // 领导
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** Permissions are 'module:action'. Routes declare one; the role table below grants them. */
export const PERMISSIONS = [
  'org:read',
  'org:write',
  'people:reveal',
  'accounts:read',
  'accounts:manage',
  'audit:read',
  'calendar:read',
  'calendar:write',
  'config:write',
  'requests:intake',
  'requests:dispatch',
  'requests:handle',
  'requests:read',
  /** Show a request's citizen contact (name, phone) in full: to call the citizen back; every reveal is audited. */
  'requests:reveal',
  'requests:press',
  'requests:configure',
  'requests:work-style',
  'metrics:read',
  'reports:read',
  'reports:publish',
  'misconduct:read',
  'misconduct:reveal',
  'liaison:visit',
  'liaison:manage',
  'liaison:read',
  'liaison:inspect',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: [
    'org:read',
    'org:write',
    'calendar:read',
    'calendar:write',
    'config:write',
    'requests:configure',
    'reports:read',
    'reports:publish',
    'liaison:manage',
    'liaison:read',
  ],
  security_admin: ['org:read', 'accounts:read', 'accounts:manage'],
  audit_admin: ['audit:read'],
  operator: ['org:read', 'calendar:read', 'requests:intake', 'requests:read', 'requests:reveal'],
  dispatcher: [
    'org:read',
    'calendar:read',
    'requests:dispatch',
    'requests:read',
    'requests:reveal',
    'requests:intake',
    'metrics:read',
    'reports:read',
  ],
  handler: ['org:read', 'calendar:read', 'requests:handle', 'requests:read', 'requests:reveal'],
  cadre: ['org:read', 'calendar:read', 'liaison:visit'],
  inspector: [
    'org:read',
    'calendar:read',
    'people:reveal',
    'requests:read',
    'metrics:read',
    'reports:read',
    'liaison:read',
    'liaison:inspect',
  ],
  discipline: [
    'requests:work-style',
    'misconduct:read',
    'misconduct:reveal',
    'org:read',
    'calendar:read',
    'people:reveal',
    'metrics:read',
    'reports:read',
    'liaison:inspect',
  ],
  leader: [
    'org:read',
    'calendar:read',
    'people:reveal',
    'requests:read',
    'requests:press',
    'metrics:read',
    'reports:read',
    'liaison:read',
  ],
};

/** Whether a set of roles breaks the separation of administrator duties (三员分立). */
export function violatesAdminSeparation(roles: readonly Role[]): boolean {
  return roles.filter((r) => ADMIN_ROLES.includes(r)).length > 1;
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  operator: { zh: '话务员', en: 'Hotline operator' },
  dispatcher: { zh: '派单员', en: 'Dispatcher' },
  handler: { zh: '承办人', en: 'Unit handler' },
  cadre: { zh: '干部', en: 'Cadre' },
  inspector: { zh: '督查员', en: 'Inspector' },
  discipline: { zh: '纪检监察', en: 'Discipline inspection' },
  leader: { zh: '领导', en: 'Leader' },
};

/** A data scope: what part of the organisation a user's view is limited to. */
export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('unit'), unitId: z.number().int().positive() }),
  z.object({ kind: z.literal('division'), divisionCode: z.string().regex(/^\d{12}$/) }),
]);
export type Scope = z.infer<typeof scopeSchema>;
