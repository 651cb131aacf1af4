import type { Permission, Role, Scope } from '../../../contracts/roles.js';

/** The signed-in user a request acts for, with the data scope every scoped query takes. */
export interface Actor {
  readonly userId: number;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  readonly scope: Scope;
  readonly unitId: number | null;
  readonly sessionId: string;
  readonly isAdmin: boolean;
}

/** Route options every route must carry: a permission, or `public: true` (checked at startup). */
export type RouteAccess =
  | { readonly permission: Permission; readonly public?: never; readonly allowPending?: boolean }
  | { readonly public: true; readonly permission?: never }
  | {
      readonly authenticated: true;
      readonly public?: never;
      readonly permission?: never;
      readonly allowPending?: boolean;
    };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
