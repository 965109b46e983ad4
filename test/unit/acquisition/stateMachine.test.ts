import { describe, expect, it } from 'vitest';
import {
  ACQUISITION_STATES,
  canTransition,
  isActiveState,
  isFinalState,
  type AcquisitionState,
} from '../../../src-main/acquisition/index.js';
import { assertTransition } from '../../../src-main/acquisition/storage/stateMachine.js';

const ALLOWED: [AcquisitionState, AcquisitionState][] = [
  ['idle', 'armed'],
  ['idle', 'running'],
  ['armed', 'idle'],
  ['armed', 'running'],
  ['armed', 'error'],
  ['armed', 'interrupted'],
  ['running', 'paused'],
  ['running', 'complete'],
  ['running', 'error'],
  ['running', 'interrupted'],
  ['paused', 'running'],
  ['paused', 'complete'],
  ['paused', 'error'],
  ['paused', 'interrupted'],
];

describe('acquisition life cycle', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of ACQUISITION_STATES) {
      for (const to of ACQUISITION_STATES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('has complete, error and interrupted as final states, and armed/running/paused as active', () => {
    expect(ACQUISITION_STATES.filter(isFinalState)).toEqual(['complete', 'error', 'interrupted']);
    expect(ACQUISITION_STATES.filter(isActiveState)).toEqual(['armed', 'running', 'paused']);
  });

  it("says 'busy' when asked to start what is already capturing, 'invalid_state' otherwise", () => {
    expect(() => assertTransition('acq_0123456789ab', 'running', 'running')).toThrow(
      expect.objectContaining({ code: 'busy' }),
    );
    expect(() => assertTransition('acq_0123456789ab', 'complete', 'running')).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
    expect(() => assertTransition('acq_0123456789ab', 'idle', 'paused')).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
  });
});
