/**
 * How late an emulator's own waits came out, for the SCPI benchmarks. The bound holds an emulator to its
 * model (each reply due `replyLatencyMs` after its query, then at the link rate); an emulator woken late by
 * a loaded machine answers later than that, and the benchmark would charge the delay to the driver. This
 * wraps the emulator's real time and adds up, over the waits that had to wait, how far past its due time
 * each one ended, so a report can say how much of a gap was the emulator's and how much the driver's.
 */
import { REAL_SESSION_TIME, type SessionTime } from '../../../src-main/emulators/core/EmulatorSession.js';

export interface MeasuredSessionTime {
  /** Pass as the EmulatorServer's `time`. */
  time: SessionTime;
  /** Total lateness since the last reset, ms. */
  lateMs(): number;
  reset(): void;
}

export function measuredSessionTime(base: SessionTime = REAL_SESSION_TIME): MeasuredSessionTime {
  let lateMs = 0;
  return {
    time: {
      nowMs: () => base.nowMs(),
      async sleepUntil(dueMs) {
        const waited = dueMs > base.nowMs();
        await base.sleepUntil(dueMs);
        if (waited) lateMs += Math.max(0, base.nowMs() - dueMs);
      },
    },
    lateMs: () => lateMs,
    reset: () => {
      lateMs = 0;
    },
  };
}
