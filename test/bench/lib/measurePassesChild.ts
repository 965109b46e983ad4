/**
 * One process's per-pass speed (measurementStats bench): `node --import tsx measurePassesChild.ts
 * now|twoPass [rounds]` times the levels pass and the edge scan of the current measureWaveform or of the
 * one before the scan skipped blocks (measureWaveformTwoPass.ts) on 1M-point channels — slow signals (few
 * edges: most blocks lie on one side of the thresholds), fast ones (an edge in every block) and the demo
 * record's four channels — and prints, as JSON, the best time of each pass for each kind, ms. A process
 * per version, as in measureSpeedChild.ts (V8's shared feedback would slow the other's loops).
 */
import { scanEdges } from '../../../shared/analysis/edgeScan.js';
import { levelsOf } from '../../../shared/analysis/waveformLevels.js';
import { acquireRecord } from '../../../src-main/instruments/scope/acquire.js';
import {
  defaultScopeSettings,
  toAcquisitionSetup,
} from '../../../src-main/instruments/scope/scopeSettings.js';
import type { SignalSpec } from '../../../src-main/instruments/scope/synthesize.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';
import { synthesizedSignal } from '../../helpers/synthesizedSignal.js';
import { levelsOfTwoPass, scanEdgesTwoPass } from '../measureWaveformTwoPass.js';

const POINTS = 1_000_000;
const SAMPLE_RATE_HZ = 100e6;
const which = process.argv[2];
const rounds = Number(process.argv[3] ?? 20);
if (which !== 'now' && which !== 'twoPass')
  throw new Error(`usage: measurePassesChild.ts now|twoPass [rounds], got ${which}`);

const random = createRandom(1);
const noise = createNoiseTable(random);

function signal(overrides: Partial<SignalSpec>): Float32Array {
  return synthesizedSignal(
    noise,
    { noiseVrms: 0.01, ...overrides },
    { length: POINTS, sampleRateHz: SAMPLE_RATE_HZ },
  );
}

function demoChannels(): Float32Array[] {
  const settings = defaultScopeSettings();
  settings.recordLength = POINTS;
  for (const channel of settings.channels) channel.enabled = true;
  const acquired = acquireRecord(
    toAcquisitionSetup(settings),
    1,
    noise,
    random,
    new Float32Array(2 * POINTS),
    (n) => new Float32Array(n),
  );
  if (!acquired) throw new Error('the simulated scope gave no record to measure');
  return acquired.record.channels.map((c) => c.samples);
}

/**
 * Slow: 10 periods of a square and a sine in 1M points. Fast: a square and a triangle with an edge about
 * every 200 samples, so every 256-sample block holds a crossing.
 */
const kinds: Record<string, Float32Array[]> = {
  slow: [signal({ shape: 'square', frequencyHz: 1_000 }), signal({ frequencyHz: 1_000 })],
  fast: [
    signal({ shape: 'square', frequencyHz: 250_000 }),
    signal({ shape: 'triangle', frequencyHz: 250_000 }),
  ],
  demo: demoChannels(),
};

const levels = which === 'now' ? levelsOf : levelsOfTwoPass;
/** The scan of `s` alone, its levels (and for the current code, its blocks) computed first. */
const scanOf: (s: Float32Array) => () => unknown =
  which === 'now'
    ? (s) => {
        const l = levelsOf(s);
        return () => scanEdges(s, l.min, l.max - l.min, l.blocks!);
      }
    : (s) => {
        const l = levelsOfTwoPass(s);
        return () => scanEdgesTwoPass(s, l.min, l.max - l.min);
      };

// The best time of each pass on each channel; a kind's figure is the mean over its channels.
const best = Object.fromEntries(
  Object.entries(kinds).map(([kind, channels]) => [
    kind,
    channels.map(() => ({ levelsMs: Number.POSITIVE_INFINITY, scanMs: Number.POSITIVE_INFINITY })),
  ]),
);
for (let r = 0; r < rounds; r++) {
  for (const [kind, channels] of Object.entries(kinds)) {
    channels.forEach((samples, c) => {
      const b = best[kind]![c]!;
      let start = performance.now();
      levels(samples);
      b.levelsMs = Math.min(b.levelsMs, performance.now() - start);
      const scanOnly = scanOf(samples);
      start = performance.now();
      scanOnly();
      b.scanMs = Math.min(b.scanMs, performance.now() - start);
    });
  }
}
const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const out = Object.fromEntries(
  Object.entries(best).map(([kind, b]) => [
    kind,
    { levelsMs: mean(b.map((x) => x.levelsMs)), scanMs: mean(b.map((x) => x.scanMs)) },
  ]),
);
process.stdout.write(`${JSON.stringify(out)}\n`);
