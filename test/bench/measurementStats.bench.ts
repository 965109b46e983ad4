/**
 * Statistics on 4 × 1M-point records at display rate (issue 20): a record arrives every display frame
 * (60 Hz), every measurement of its four channels is computed and folded into the running statistics
 * (MeasurementStatsService), and the event loop's lag is watched with perf_hooks monitorEventLoopDelay
 * throughout. Ours measures a channel per loop turn (measureRecordInSlices, what the scope drivers run);
 * the baseline in the same run is the previous path, all four channels in one turn (measureRecord).
 *
 * A frame is dropped when its record cannot be measured: the previous one is still being measured, or the
 * loop was blocked past the frame's whole period. `BENCH_SHORT=1` runs 3 s per mode instead of 15 s.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { acquireRecord } from '../../src-main/instruments/scope/acquire.js';
import type { ScopeRecord } from '../../src-main/instruments/InstrumentDriver.js';
import { measureRecord, measureRecordInSlices } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { defaultScopeSettings, toAcquisitionSetup } from '../../src-main/instruments/scope/scopeSettings.js';
import { createNoiseTable } from '../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../src-main/instruments/sim/random.js';
import { MeasurementStatsService } from '../../src-main/measurementStats/index.js';
import { silentLogger } from '../../src-main/util/index.js';
import type { BenchResult } from './types.js';

const RECORD_LENGTH = 1_000_000;
const FRAME_MS = 1000 / 60;
const DURATION_MS = process.env.BENCH_SHORT === '1' ? 3_000 : 15_000;
const LAG_TARGET_MS = 10;

/** Three different records (the default demo signals, all four channels on), taken 1 ms apart. */
function records(): ScopeRecord[] {
  const settings = defaultScopeSettings();
  settings.recordLength = RECORD_LENGTH;
  for (const channel of settings.channels) channel.enabled = true;
  const setup = toAcquisitionSetup(settings);
  const random = createRandom(1);
  const noise = createNoiseTable(random);
  const scratch = new Float32Array(2 * RECORD_LENGTH);
  const out: ScopeRecord[] = [];
  for (let k = 0; out.length < 3 && k < 50; k++) {
    const acquired = acquireRecord(setup, 1 + k * 0.001, noise, random, scratch, (n) => new Float32Array(n));
    if (acquired) out.push(acquired.record);
  }
  if (out.length === 0) throw new Error('the simulated scope gave no record to measure');
  return out;
}

interface ModeFigures {
  lagP99Ms: number;
  lagMaxMs: number;
  frames: number;
  dropped: number;
  measured: number;
  /** Records counted by the statistics (equals `measured`: each is a new record). */
  counted: number;
}

async function runMode(mode: 'one turn' | 'sliced', recs: ScopeRecord[]): Promise<ModeFigures> {
  const stats = new MeasurementStatsService({ log: silentLogger });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  let busy = false;
  let frames = 0;
  let dropped = 0;
  let measured = 0;
  let lastFrame = -1;
  const startMs = performance.now();
  lag.enable();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const nowMs = performance.now() - startMs;
      if (nowMs >= DURATION_MS) return resolve();
      const frame = Math.floor(nowMs / FRAME_MS);
      // Frames whose whole period passed while the loop was blocked never got a turn.
      if (frame > lastFrame + 1) dropped += frame - lastFrame - 1;
      if (frame > lastFrame) {
        frames += frame - lastFrame;
        lastFrame = frame;
        if (busy) dropped++;
        else {
          const record = recs[frame % recs.length]!;
          const take = (values: Record<string, Record<string, number>>): void => {
            stats.takeMeasurements('scope_1', startMs + frame * FRAME_MS, values);
            measured++;
            busy = false;
          };
          busy = true;
          if (mode === 'one turn') take(measureRecord(record));
          else void measureRecordInSlices(record).then(take);
        }
      }
      const nextMs = (lastFrame + 1) * FRAME_MS;
      setTimeout(tick, Math.max(0, nextMs - (performance.now() - startMs)));
    };
    tick();
  });
  lag.disable();
  const vpp = stats.snapshot('scope_1').channels.CH1?.measurements.vpp;
  return {
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
    frames,
    dropped,
    measured,
    counted: vpp?.count ?? 0,
  };
}

export async function run(): Promise<BenchResult[]> {
  const recs = records();
  // Warm both paths up (JIT) before timing either.
  for (const r of recs) measureRecord(r);
  await measureRecordInSlices(recs[0]!);
  // CPU time (not wall: the machine may be shared), per record and per channel, and of the statistics alone.
  const cpuMs = (fn: () => void, times: number): number => {
    const start = process.cpuUsage();
    for (let k = 0; k < times; k++) fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / times;
  };
  const perRecordMs = cpuMs(() => measureRecord(recs[0]!), 10);
  const values = measureRecord(recs[0]!);
  const folding = new MeasurementStatsService({ log: silentLogger });
  let t = 0;
  const foldMs = cpuMs(() => folding.takeMeasurements('scope_1', ++t, values), 20_000);
  const before = await runMode('one turn', recs);
  const after = await runMode('sliced', recs);
  const describe = (f: ModeFigures): string =>
    `${f.measured} of ${f.frames} frames measured, ${f.dropped} dropped, lag max ${f.lagMaxMs.toFixed(1)} ms, statistics counted ${f.counted}`;
  return [
    {
      name: 'measure 4 × 1M + statistics: CPU per record',
      value: perRecordMs + foldMs,
      unit: 'ms',
      target: `< ${FRAME_MS.toFixed(1)} ms (one frame)`,
      pass: perRecordMs + foldMs < FRAME_MS,
      notes: `longest turn when sliced: one channel, ${(perRecordMs / 4).toFixed(1)} ms; statistics of one record (4 channels × 10 measurements) ${(foldMs * 1000).toFixed(1)} µs`,
    },
    {
      name: 'statistics 4 × 1M at 60 Hz: event-loop lag p99',
      value: after.lagP99Ms,
      unit: 'ms',
      baseline: { name: 'all four channels in one turn', value: before.lagP99Ms, unit: 'ms' },
      ratio: before.lagP99Ms / Math.max(after.lagP99Ms, 1e-3),
      target: `≤ ${LAG_TARGET_MS} ms`,
      pass: after.lagP99Ms <= LAG_TARGET_MS,
      notes: `${DURATION_MS / 1000} s. Sliced: ${describe(after)}. One turn: ${describe(before)}.`,
    },
    {
      name: 'statistics 4 × 1M at 60 Hz: dropped frames',
      value: after.dropped,
      unit: 'frames',
      baseline: { name: 'all four channels in one turn', value: before.dropped, unit: 'frames' },
      target: '0',
      pass: after.dropped === 0,
      notes: `of ${after.frames} frames (baseline of ${before.frames})`,
    },
  ];
}
