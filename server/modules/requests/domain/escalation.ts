/*
 * The escalation ladder (预警 → 催办 → 通报), run by a scheduled job: at each run it asks which rungs are due for a
 * request and appends one `escalated` event per rung. The ladder is configuration; the default is the published
 * one: a warning when 80 % of the resolution limit is used, an urging notice the working day after the deadline,
 * and a notified criticism when still overdue five working days after the urging notice.
 */
import {
  ESCALATION_LEVEL_LABELS,
  type EscalationLadder,
  type EscalationLevel,
} from '../../../../contracts/requests.js';
import type { RequestSnapshot } from './request-state.js';
import type { RequestDeadlines } from './time-limits.js';
import type { WorkingTime } from './working-time.js';

export const DEFAULT_ESCALATION_LADDER: EscalationLadder = Object.freeze([
  { level: 'warning', trigger: { kind: 'limit_used', fraction: 0.8 } },
  { level: 'urge', trigger: { kind: 'after_deadline', workingDays: 1 } },
  { level: 'criticism', trigger: { kind: 'after_level', level: 'urge', workingDays: 5 } },
]) as EscalationLadder;

/** A rung that is due, with the reason to show in the notice and on the timeline. */
export interface Escalation {
  level: EscalationLevel;
  reason: { zh: string; en: string };
}

const MS_PER_HOUR = 3_600_000;

/** 'YYYY-MM-DD HH:MM' in Shanghai time, for notices. */
function shanghaiClock(at: Date): string {
  return new Date(at.getTime() + 8 * MS_PER_HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Lists the rungs of the ladder that are due at `now` and not yet issued in the current handling round, in ladder
 * order, so that the job can run any number of times without repeating a level (idempotent). Only a request being
 * handled (in progress, not replied) escalates; a reopened request starts a fresh round and a fresh ladder. A
 * 'limit used' warning is skipped once the deadline has passed, because the urging notice supersedes it.
 * `deadlines` must have been computed at the same `now`.
 */
export function dueEscalations(
  snapshot: RequestSnapshot,
  deadlines: RequestDeadlines,
  ladder: EscalationLadder,
  now: Date,
  workingTime: WorkingTime,
): Escalation[] {
  const round = snapshot.round;
  const resolution = deadlines.resolution;
  if (snapshot.state !== 'in_progress' || !round || !resolution || round.repliedAt) return [];
  const issuedAt = (level: EscalationLevel) => round.escalations.find((e) => e.level === level)?.at;
  const overdue = now.getTime() > resolution.dueAt.getTime();
  const due: Escalation[] = [];
  for (const step of ladder) {
    if (issuedAt(step.level)) continue;
    const trigger = step.trigger;
    switch (trigger.kind) {
      case 'limit_used': {
        if (overdue || resolution.usedFraction < trigger.fraction) continue;
        const percent = Math.round(trigger.fraction * 100);
        due.push({
          level: step.level,
          reason: {
            zh: `已用去办理时限的${percent}%，办理期限为${shanghaiClock(resolution.dueAt)}`,
            en: `${percent}% of the resolution limit is used; due ${shanghaiClock(resolution.dueAt)} (Beijing time)`,
          },
        });
        break;
      }
      case 'after_deadline': {
        if (!overdue || workingTime.workingDaysBetween(resolution.dueAt, now) < trigger.workingDays) continue;
        due.push({
          level: step.level,
          reason: {
            zh: `已超过办理期限（${shanghaiClock(resolution.dueAt)}）${trigger.workingDays}个工作日仍未办结`,
            en: `Still not resolved ${trigger.workingDays} working day(s) after the deadline (${shanghaiClock(resolution.dueAt)} Beijing time)`,
          },
        });
        break;
      }
      case 'after_level': {
        const since = issuedAt(trigger.level);
        if (!overdue || !since || workingTime.workingDaysBetween(since, now) < trigger.workingDays) continue;
        due.push({
          level: step.level,
          reason: {
            zh: `${shanghaiClock(since)}${ESCALATION_LEVEL_LABELS[trigger.level].zh}后${trigger.workingDays}个工作日仍超期未办结`,
            en: `Still overdue ${trigger.workingDays} working day(s) after the ${trigger.level} of ${shanghaiClock(since)} (Beijing time)`,
          },
        });
        break;
      }
    }
  }
  return due;
}
