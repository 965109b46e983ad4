/**
 * The acquisition life cycle, as data:
 *
 *   idle ──▶ armed ──▶ running ⇄ paused
 *    │  ◀──┘ (disarm)    │         │
 *    └──────────────────▶│         ├──▶ complete | error | interrupted
 *                        └─────────┘
 *
 * complete, error and interrupted are final. `interrupted` is reached only through recovery (a crash) or an
 * application shutdown during capture; `error` when the recorder stops on a fault.
 */
import { AcquisitionError } from '../AcquisitionError.js';
import type { AcquisitionState } from './meta.js';

const TRANSITIONS: Record<AcquisitionState, readonly AcquisitionState[]> = {
  idle: ['armed', 'running'],
  armed: ['idle', 'running', 'error', 'interrupted'],
  running: ['paused', 'complete', 'error', 'interrupted'],
  paused: ['running', 'complete', 'error', 'interrupted'],
  complete: [],
  error: [],
  interrupted: [],
};

/** States in which an acquisition holds (or is about to hold) a recorder: it must not be deleted. */
export const ACTIVE_STATES: readonly AcquisitionState[] = ['armed', 'running', 'paused'];

export function isActiveState(state: AcquisitionState): boolean {
  return ACTIVE_STATES.includes(state);
}

export function isFinalState(state: AcquisitionState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function canTransition(from: AcquisitionState, to: AcquisitionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Throws unless `from → to` is allowed: 'busy' when the acquisition is already capturing and the caller
 * asked to start or arm it again, 'invalid_state' for every other illegal move.
 */
export function assertTransition(acquisitionId: string, from: AcquisitionState, to: AcquisitionState): void {
  if (canTransition(from, to)) return;
  const alreadyCapturing = isActiveState(from) && (to === 'armed' || to === 'running');
  throw new AcquisitionError(
    alreadyCapturing ? 'busy' : 'invalid_state',
    `${acquisitionId} is ${from}; cannot go to ${to}`,
    { acquisition_id: acquisitionId, state: from, requested: to },
  );
}
