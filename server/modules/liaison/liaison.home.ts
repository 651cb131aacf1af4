// Home cards of the liaison module: a cadre's households, an organiser's unpaired households.
import type { HomeCard } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import type { Actor } from '../../platform/http/actor.js';
import { findPersonIdOfUser } from '../org/index.js';
import { householdCoverage, openPairingCounts } from './liaison.repository.js';

/** What the liaison module offers the user on the home page, counted in their scope. */
export async function liaisonHomeCards(deps: Deps, actor: Actor): Promise<HomeCard[]> {
  const cards: HomeCard[] = [];
  if (actor.permissions.has('liaison:visit')) {
    const personId = await findPersonIdOfUser(deps.db, actor.userId);
    const count = personId === null ? 0 : ((await openPairingCounts(deps.db, [personId])).get(personId) ?? 0);
    cards.push({ key: 'liaison/visit', label: { zh: '我的联系户', en: 'My households' }, count });
  }
  if (actor.permissions.has('liaison:manage')) {
    const c = await householdCoverage(deps.db, actor.scope, undefined, 1);
    cards.push({
      key: 'liaison/households',
      label: { zh: '未结对农户', en: 'Unpaired households' },
      count: c.households - c.paired,
    });
  }
  return cards;
}
