/**
 * Four FFT views of a scope's 4-channel record at 60 Hz on the default compute pool for a while, with no
 * forced collection: how often the event loop meets a major collection in a steady state, and how many
 * frames miss, under the V8 flags the process was started with (docs/BENCHMARKS.md, fft, "Major
 * collections"). Not part of `npm run bench`; run by hand, one process per configuration:
 *
 *   node [v8 flags] --import tsx test/bench/lib/spectraSteadyChild.ts [points=100000] [seconds=20]
 *
 * With BENCH_V8_FLAGS set, those flags are also set at run time (v8.setFlagsFromString) before the pool
 * starts. Prints one JSON line.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { ComputePool, SharedRecords, SpectrumService } from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';

const runtimeFlags = process.env.BENCH_V8_FLAGS ?? '';
if (runtimeFlags !== '') v8.setFlagsFromString(runtimeFlags);

const points = Number(process.argv[2] ?? 100_000);
const seconds = Number(process.argv[3] ?? 20);
const PERIOD_MS = 1000 / 60;
/** Frames before counting starts: the pool's threads up and warm. */
const WARM_FRAMES = 120;

const scope = new SimOscilloscope({
  seed: 1,
  initial: { recordLength: points, channels: { 3: { enabled: true }, 4: { enabled: true } } },
});
const read = await scope.read('waveform');
if (read.kind !== 'record') throw new Error('the simulated scope gave no record');
const record = read.record as ScopeRecord;
const pool = new ComputePool();
const spectra = new SpectrumService({ runner: pool, records: new SharedRecords() });

let majors = 0;
let majorMs = 0;
let minors = 0;
const gc = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail: { kind: number } }).detail.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      majors++;
      majorMs += entry.duration;
    } else minors++;
  }
});

const frames = Math.round((seconds * 1000) / PERIOD_MS);
let dropped = 0;
let pending = false;
const startMs = performance.now();
for (let f = -WARM_FRAMES; f < frames; f++) {
  const waitMs = startMs + (f + WARM_FRAMES) * PERIOD_MS - performance.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  if (f === 0) gc.observe({ entryTypes: ['gc'] });
  // A frame whose record is still being analysed shows the one before: dropped.
  if (pending) {
    if (f >= 0) dropped++;
    continue;
  }
  pending = true;
  const next: ScopeRecord = { ...record }; // the scope's next acquisition: never a cache hit
  const askedMs = performance.now();
  const views = next.channels.map(({ channel }) =>
    spectra.viewJson(next, {
      source: 'bench',
      channel,
      window: 'hann',
      widthPx: 1000,
      logFrequency: false,
      significantDigits: 7,
    }),
  );
  void Promise.all(views).then(() => {
    pending = false;
    if (f >= 0 && performance.now() - askedMs > PERIOD_MS) dropped++;
  });
}
await new Promise((resolve) => setTimeout(resolve, 100));
gc.disconnect();
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    runtimeFlags,
    points,
    seconds,
    frames,
    dropped,
    majors,
    majorMs: Number(majorMs.toFixed(1)),
    minors,
    heapMB: Math.round(memory.heapUsed / 1e6),
    rssMB: Math.round(memory.rss / 1e6),
  }),
);
await pool.close();
