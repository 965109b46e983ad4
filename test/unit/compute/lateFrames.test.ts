/**
 * The benchmarks' late-frame report (test/bench/lib/lateFrames.ts): which frames dropped, whether their
 * own record was measured at all, and where a late record's time went — from timings given here by hand.
 */
import { describe, expect, it } from 'vitest';
import type { GcWatch } from '../../bench/lib/gcWatch.js';
import {
  type Applied,
  type Arrival,
  describeReport,
  explainFrames,
  type FrameTimeline,
} from '../../bench/lib/lateFrames.js';
import type { TaskTiming } from '../../bench/lib/timedRunner.js';

const PERIOD_MS = 10;
const START_MS = 1_000;

function arrival(frame: number, copyMs = 1): Arrival {
  const nominalMs = START_MS + frame * PERIOD_MS;
  return {
    frame,
    nominalMs,
    arrivalMs: nominalMs + 0.5,
    copyMs,
    loopAtArrival: { runNs: 0, waitNs: 1e6 * frame },
  };
}

function task(seq: number, startMs: number, endMs: number, waitNs = 0): TaskTiming {
  return {
    kind: 'measure',
    seq,
    tag: undefined,
    submittedMs: startMs - 0.25,
    startMs,
    endMs,
    resolvedMs: endMs + 0.25,
    runNs: (endMs - startMs) * 1e6 - waitNs,
    waitNs,
    threadId: 1,
  };
}

/** A GC watch with fixed pauses. */
function pauses(list: { startMs: number; durationMs: number }[]): GcWatch {
  return {
    pauses: list,
    pausedMs: (fromMs: number, toMs: number) =>
      list.reduce(
        (ms, p) => ms + Math.max(0, Math.min(toMs, p.startMs + p.durationMs) - Math.max(fromMs, p.startMs)),
        0,
      ),
    stop: () => {},
  } as unknown as GcWatch;
}

describe('explainFrames', () => {
  // Frame 0 on time; frame 1 late (a worker waited 6 ms for a CPU, a 2 ms GC on the loop); frame 2 never
  // measured (replaced while 1 was measured); frame 3 on time; frame 4 has no result at all.
  const applied: Applied[] = [
    { frame: 0, resultMs: 1_008, appliedMs: 1_008.5, loopAtApplied: { runNs: 0, waitNs: 0 } },
    { frame: 1, resultMs: 1_025, appliedMs: 1_025.5, loopAtApplied: { runNs: 0, waitNs: 3e6 } },
    { frame: 3, resultMs: 1_038, appliedMs: 1_038.2, loopAtApplied: { runNs: 0, waitNs: 3e6 } },
  ];
  const timeline: FrameTimeline = {
    startMs: START_MS,
    periodMs: PERIOD_MS,
    frames: 5,
    arrivals: new Map([0, 1, 2, 3].map((f) => [f, arrival(f)])),
    applied,
    tasks: new Map([
      [0, [task(0, 1_002, 1_007.5), task(1, 1_002, 1_007)]],
      [1, [task(2, 1_013, 1_024.5, 6e6), task(3, 1_013, 1_020)]],
      [3, [task(4, 1_032, 1_037.5), task(5, 1_032, 1_037)]],
    ]),
    gc: pauses([{ startMs: 1_015, durationMs: 2 }]),
  };

  it('counts the dropped frames and tells a replaced record from a late one', () => {
    const report = explainFrames(timeline);
    expect(report.dropped).toBe(3);
    expect(report.replaced).toBe(1);
    expect(report.late.map((w) => w.frame)).toEqual([1]);
    expect(report.all.map((w) => w.frame)).toEqual([0, 1, 3]);
  });

  it("breaks a late record's way into its parts", () => {
    const [way] = explainFrames(timeline).late;
    expect(way).toMatchObject({
      frame: 1,
      lateMs: 5.5,
      arrivalLagMs: 0.5,
      copyMs: 1,
      workersRunqueueMs: 6,
      gcMs: 2,
      loopRunqueueMs: 2,
    });
    expect(way!.laneWaitMs).toBeCloseTo(1_012.75 - 1_011.5, 9);
    expect(way!.threadWaitMs).toBeCloseTo(0.25, 9);
    expect(way!.workersMs).toBeCloseTo(11.5, 9);
    expect(way!.workersCpuMs).toBeCloseTo(11.5 - 6 + 7, 9);
    expect(way!.backMs).toBeCloseTo(0.5, 9);
    expect(way!.foldMs).toBeCloseTo(0.5, 9);
  });

  it('says it in a sentence, worst late frame and the first record (with its fold) included', () => {
    const text = describeReport(explainFrames(timeline));
    expect(text).toContain('3 dropped: 1 never measured');
    expect(text).toContain('1 measured late (1 with a GC > 0.5 ms');
    expect(text).toContain('Worst late: f1 +5.5 ms');
    expect(text).toContain('back 0.5, fold 0.5, gc 2.0');
    expect(text).toMatch(/First record: f0 -1\.5 ms: .*fold 0\.5/);
  });
});
