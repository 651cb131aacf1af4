import type { Permission, Scope } from '../../../contracts/roles.js';

/** Who acts on the organisation: a signed-in user, or the CLI's system actor (scope all). */
export interface OrgActor {
  readonly userId: number | null;
  readonly displayName: string;
  readonly permissions: ReadonlySet<Permission>;
  readonly scope: Scope;
}

export type OrgAction = 'read' | 'write' | 'reveal' | 'import' | 'export' | 'createRoot';

/** What an action touches, as far as the policy needs to know: whether it lies inside the actor's scope. */
export interface OrgThing {
  readonly inScope?: boolean;
  /** For 'createRoot': a division root, or a unit root (a division-scoped user may add top-level units in their area). */
  readonly rootOf?: 'division' | 'unit';
}

/**
 * Decide whether an actor may do an organisation action: reading needs org:read, changing and importing need
 * org:write, revealing personal data needs people:reveal, and nothing may touch a record outside the actor's scope;
 * a new root of the division tree needs the whole organisation in scope, a new root unit at least a division scope.
 */
export function can(actor: OrgActor, action: OrgAction, thing: OrgThing = {}): boolean {
  if (thing.inScope === false) return false;
  switch (action) {
    case 'read':
    case 'export':
      return actor.permissions.has('org:read');
    case 'write':
    case 'import':
      return actor.permissions.has('org:write');
    case 'reveal':
      return actor.permissions.has('people:reveal');
    case 'createRoot':
      if (!actor.permissions.has('org:write')) return false;
      return thing.rootOf === 'unit' ? actor.scope.kind !== 'unit' : actor.scope.kind === 'all';
  }
}

/** The actor the CLI acts as (`lianxin import/export`): every org permission, the whole organisation in scope. */
export function systemActor(displayName = 'system'): OrgActor {
  return {
    userId: null,
    displayName,
    permissions: new Set<Permission>(['org:read', 'org:write', 'people:reveal']),
    scope: { kind: 'all' },
  };
}
