import type { Db } from '../../platform/db/database.js';
import { reserveRequestSequences } from './requests.repository.js';

/*
 * Request numbers come from one counter row per day (request_number_seq). Each draw is one autocommit UPDATE of that
 * row, and a row lock is held until the commit's WAL flush: drawn one intake at a time, concurrent intakes queue on
 * that row (seen as Lock waits in pg_stat_activity under `npm run bench`). So draws are grouped: while one UPDATE is
 * in flight, the intakes that ask for a number wait in this process; the next UPDATE then reserves as many numbers
 * as are waiting (last = last + n) and hands them out in the order they were asked for. A lone intake draws at once,
 * as before. Numbers stay unique and increasing within a day in each process; a number whose intake fails is a gap.
 */

interface DayQueue {
  waiting: { resolve: (seq: number) => void; reject: (err: unknown) => void }[];
  drawing: boolean;
}

const queues = new WeakMap<Db, Map<string, DayQueue>>();

/** The next sequence of the day for one intake (see above). */
export function drawRequestSequence(db: Db, day: string): Promise<number> {
  let days = queues.get(db);
  if (!days) {
    days = new Map();
    queues.set(db, days);
  }
  let queue = days.get(day);
  if (!queue) {
    queue = { waiting: [], drawing: false };
    days.set(day, queue);
  }
  const q = queue;
  const byDay = days;
  const promise = new Promise<number>((resolve, reject) => q.waiting.push({ resolve, reject }));
  const draw = () => {
    const batch = q.waiting.splice(0);
    if (batch.length === 0) {
      q.drawing = false;
      byDay.delete(day);
      return;
    }
    q.drawing = true;
    reserveRequestSequences(db, day, batch.length).then(
      (last) => {
        batch.forEach((w, i) => {
          w.resolve(last - batch.length + 1 + i);
        });
        draw();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
        draw();
      },
    );
  };
  if (!q.drawing) draw();
  return promise;
}
