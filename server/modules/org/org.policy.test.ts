import { describe, expect, it } from 'vitest';
import { type Permission, permissionsOf, type Role, type Scope } from '../../../contracts/roles.js';
import { can, type OrgAction, type OrgActor, systemActor } from './org.policy.js';

const actor = (roles: Role[], scope: Scope = { kind: 'all' }): OrgActor => ({
  userId: 1,
  displayName: 't',
  permissions: permissionsOf(roles) as ReadonlySet<Permission>,
  scope,
});
const township: Scope = { kind: 'division', divisionCode: '139901001000' };
const unit: Scope = { kind: 'unit', unitId: 7 };

describe('who may do what to the organisation', () => {
  it.each<[string, OrgActor, OrgAction, { inScope?: boolean; rootOf?: 'division' | 'unit' } | undefined, boolean]>([
    ['a cadre reads', actor(['cadre']), 'read', undefined, true],
    ['a cadre cannot write', actor(['cadre']), 'write', undefined, false],
    ['a cadre cannot reveal personal data', actor(['cadre']), 'reveal', undefined, false],
    ['a leader reveals', actor(['leader']), 'reveal', { inScope: true }, true],
    ['a leader cannot reveal outside scope', actor(['leader']), 'reveal', { inScope: false }, false],
    ['a system administrator writes and imports', actor(['system_admin']), 'import', undefined, true],
    ['a system administrator cannot reveal', actor(['system_admin']), 'reveal', undefined, false],
    ['an audit administrator cannot even read', actor(['audit_admin']), 'read', undefined, false],
    ['nobody writes outside their scope', actor(['system_admin']), 'write', { inScope: false }, false],
    ['scope all adds root divisions', actor(['system_admin']), 'createRoot', { rootOf: 'division' }, true],
    [
      'a township administrator adds no root division',
      actor(['system_admin'], township),
      'createRoot',
      { rootOf: 'division' },
      false,
    ],
    [
      'a township administrator adds top-level units in the township',
      actor(['system_admin'], township),
      'createRoot',
      { rootOf: 'unit' },
      true,
    ],
    [
      'a unit-scoped administrator adds no top-level unit',
      actor(['system_admin'], unit),
      'createRoot',
      { rootOf: 'unit' },
      false,
    ],
    ['the CLI system actor imports', systemActor(), 'import', undefined, true],
  ])('%s', (_name, who, action, thing, expected) => {
    expect(can(who, action, thing)).toBe(expected);
  });
});
