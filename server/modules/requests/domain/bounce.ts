/** When a request counts as bouncing between units (推诿扯皮). */
export interface BounceThresholds {
  /** Dispatches (first dispatch, re-dispatches and reassignments alike) from which a request is bounced. */
  minDispatches: number;
  /** Distinct units having returned it from which a request is bounced. */
  minReturningUnits: number;
}

/** The published rule: dispatched three or more times, or returned by two or more units. */
export const DEFAULT_BOUNCE_THRESHOLDS: Readonly<BounceThresholds> = Object.freeze({
  minDispatches: 3,
  minReturningUnits: 2,
});

/** What bounce detection reads from a request (a RequestSnapshot has both). */
export interface BounceFacts {
  dispatchCount: number;
  returns: readonly { unitId: number }[];
}

/** Lists the distinct units that returned a request, in the order they first did, so lists can name who passed it on. */
export function returningUnitIds(facts: BounceFacts): number[] {
  return [...new Set(facts.returns.map((r) => r.unitId))];
}

/** Tells whether a request is bounced (推诿): dispatched at least three times or returned by at least two distinct units, so that dispatcher queues and metrics flag units passing it around. */
export function isBounced(facts: BounceFacts, thresholds: BounceThresholds = DEFAULT_BOUNCE_THRESHOLDS): boolean {
  return (
    facts.dispatchCount >= thresholds.minDispatches || returningUnitIds(facts).length >= thresholds.minReturningUnits
  );
}
