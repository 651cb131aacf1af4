/*
 * Running a request through a sequence of commands with the real decisions, as the demo data generator and the
 * tests do: each step is decided against the snapshot the previous steps produced, so a generated log can only
 * contain what the rules allow.
 */
import type { EventActor, RequestEvent, RequestEventPayload } from '../../../../contracts/requests.js';
import {
  type DecisionContext,
  decideCommand,
  type RequestCommand,
  type RequestDomainError,
  receiveRequest,
} from './request-commands.js';
import { applyRequestEvents, foldRequestEvents, type RequestSnapshot } from './request-state.js';

/** One command, when and by whom. */
export interface ScriptStep {
  at: Date;
  actor: EventActor;
  command: RequestCommand;
  actorIsTownshipOfPlace?: boolean;
}

export interface ScriptOptions extends Pick<DecisionContext, 'workingTime' | 'policy' | 'replyCheck'> {
  /** The limits for a snapshot (they follow its classification), or fixed limits. */
  limits: DecisionContext['limits'] | ((snapshot: RequestSnapshot) => DecisionContext['limits']);
}

export type ScriptResult =
  | { ok: true; events: RequestEvent[]; snapshot: RequestSnapshot }
  | { ok: false; error: RequestDomainError; failedStep: number; events: RequestEvent[]; snapshot: RequestSnapshot };

/** Receives a request and applies each step in order through the decisions, stopping at the first refused step (numbered from 0) with the log so far. */
export function runRequestScript(
  received: { at: Date; actor: EventActor; payload: RequestEventPayload<'received'> },
  steps: readonly ScriptStep[],
  options: ScriptOptions,
): ScriptResult {
  const first = receiveRequest(received.payload, { now: received.at, actor: received.actor });
  if (!first.ok) throw new Error(`runRequestScript: the request cannot be received (${first.error.type})`);
  return continueRequestScript(first.events, steps, options);
}

/** Applies steps on top of an existing log, like runRequestScript. */
export function continueRequestScript(
  log: readonly RequestEvent[],
  steps: readonly ScriptStep[],
  options: ScriptOptions,
): ScriptResult {
  const events = [...log];
  let snapshot = foldRequestEvents(events);
  for (const [index, step] of steps.entries()) {
    const limits = typeof options.limits === 'function' ? options.limits(snapshot) : options.limits;
    const decision = decideCommand(snapshot, step.command, {
      now: step.at,
      actor: step.actor,
      workingTime: options.workingTime,
      limits,
      policy: options.policy,
      replyCheck: options.replyCheck,
      actorIsTownshipOfPlace: step.actorIsTownshipOfPlace,
    });
    if (!decision.ok) return { ok: false, error: decision.error, failedStep: index, events, snapshot };
    events.push(...decision.events);
    snapshot = applyRequestEvents(snapshot, decision.events);
  }
  return { ok: true, events, snapshot };
}
