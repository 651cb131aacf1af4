import {
  type AcceptBatchResult,
  DISPATCHER_QUEUES,
  DUE_SOON_WORKING_HOURS,
  type QueueCounts,
  type RequestQueue,
  UNIT_QUEUES,
} from '../../../contracts/requests.js';
import type { HomeCard } from '../../app.js';
import { addWorkingHours, loadWorkingCalendar } from '../../platform/calendar/index.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { countQueues, countRequestsInState } from './requests.repository.js';
import { type RequestsActor, runRequestCommand } from './requests.service.js';

// The work queues of dispatchers and units (their tab counts), and batch acceptance (批量签收).

/** The queues a user works: dispatchers the dispatcher's, handlers their unit's; both for a user with both roles. */
export function queuesOf(actor: Pick<RequestsActor, 'permissions'>): RequestQueue[] {
  return [
    ...(actor.permissions.has('requests:dispatch') ? DISPATCHER_QUEUES : []),
    ...(actor.permissions.has('requests:handle') ? UNIT_QUEUES : []),
  ];
}

/** Each of the user's queues with its count in their scope, from one query (the tab badges). */
export async function getQueueCounts(deps: Pick<Deps, 'db' | 'now'>, actor: RequestsActor): Promise<QueueCounts> {
  const now = deps.now();
  const queues = queuesOf(actor);
  const dueBefore = queues.includes('due_soon')
    ? addWorkingHours(await loadWorkingCalendar(deps), now, DUE_SOON_WORKING_HOURS)
    : now;
  return countQueues(deps.db, actor.scope, actor.userId, queues, now, dueBefore);
}

/**
 * Accepts (签收) up to 100 requests, each in its own transaction with its own audit entry, in the order given: one
 * refusal (not the unit's, already accepted, out of scope) does not undo the others, and the answer says for each id
 * whether it was accepted or the error code it was refused with. An id given twice is tried once.
 */
export async function acceptBatch(
  deps: Deps,
  actor: RequestsActor,
  ids: readonly number[],
  httpRequestId: string,
  onUnexpected: (id: number, error: unknown) => void,
): Promise<AcceptBatchResult> {
  const results: AcceptBatchResult['results'] = [];
  for (const id of new Set(ids)) {
    try {
      const done = await runRequestCommand(deps, actor, id, { action: 'accept' }, httpRequestId);
      results.push({ id, ok: true, state: done.state, version: done.version });
    } catch (error) {
      if (error instanceof AppError) {
        results.push({ id, ok: false, code: error.code });
      } else {
        onUnexpected(id, error);
        results.push({ id, ok: false, code: 'INTERNAL' });
      }
    }
  }
  return { results };
}

/**
 * Home cards: the user's main queues with the same counts as the tabs they open (the dispatcher's new and returned,
 * the unit's to accept and in progress) and, for operators, the replies waiting for a call-back (回访).
 */
export async function requestHomeCards(deps: Pick<Deps, 'db' | 'now'>, actor: RequestsActor): Promise<HomeCard[]> {
  const counts = new Map((await getQueueCounts(deps, actor)).map((c) => [c.queue, c.count]));
  const cards: HomeCard[] = [];
  if (actor.permissions.has('requests:dispatch')) {
    cards.push({ key: 'requests/dispatch', label: { zh: '待派单', en: 'To dispatch' }, count: counts.get('new') ?? 0 });
    cards.push({
      key: 'requests/returned',
      label: { zh: '退单待审', en: 'Returned' },
      count: counts.get('returned') ?? 0,
    });
  }
  if (actor.permissions.has('requests:handle')) {
    cards.push({
      key: 'requests/inbox',
      label: { zh: '待签收', en: 'To accept' },
      count: counts.get('to_accept') ?? 0,
    });
    cards.push({
      key: 'requests/in-progress',
      label: { zh: '办理中', en: 'In progress' },
      count: counts.get('in_progress') ?? 0,
    });
  }
  if (actor.permissions.has('requests:intake') && !actor.permissions.has('requests:dispatch')) {
    cards.push({
      key: 'requests/callback',
      label: { zh: '待回访', en: 'To call back' },
      count: await countRequestsInState(deps.db, actor.scope, actor.userId, ['replied']),
    });
  }
  if (cards.length === 0 && actor.permissions.has('requests:read')) {
    cards.push({ key: 'requests', label: { zh: '诉求', en: 'Requests' } });
  }
  return cards;
}
