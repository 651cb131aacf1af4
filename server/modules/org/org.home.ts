import type { HomeCard } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { countDivisionsInScope } from './divisions.repository.js';
import { can } from './org.policy.js';
import { countPeopleInScope } from './people.repository.js';
import { countUnitsInScope } from './units.repository.js';

/**
 * The org cards of a user's home page: units, people and divisions, each counted within the user's
 * scope (a township cadre sees their township's figures, a county leader the county's); none without org:read.
 */
export async function orgHomeCards(deps: Deps, actor: Actor): Promise<HomeCard[]> {
  if (!can(actor, 'read')) return [];
  const [units, people, divisions] = await Promise.all([
    countUnitsInScope(deps.db, actor.scope),
    countPeopleInScope(deps.db, actor.scope),
    countDivisionsInScope(deps.db, actor.scope),
  ]);
  return [
    { key: 'org/units', label: { zh: '单位', en: 'Units' }, count: units },
    { key: 'org/people', label: { zh: '人员', en: 'People' }, count: people },
    { key: 'org/divisions', label: { zh: '行政区划', en: 'Divisions' }, count: divisions },
  ];
}
