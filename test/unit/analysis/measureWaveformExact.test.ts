/**
 * measureWaveform was rewritten for speed twice — its amplitude pass finds NaN gaps from the sum instead of
 * skipping them sample by sample, and its edge scan passes over whole blocks of samples that lie on one
 * side of its thresholds — and its figures must be the old code's exactly, bit for bit, on every kind of
 * record. Both old versions are kept verbatim: test/bench/measureWaveformBefore.ts (before the first) and
 * test/bench/measureWaveformTwoPass.ts (before the second, every sample read by the scan). Records that
 * stress the blocks (BLOCK_SAMPLES) are here too, and the edge scan's own output (every edge's position,
 * every rise and fall time) is compared, not only the figures it gives.
 */
import { describe, expect, it } from 'vitest';
import { measureChannel, measureWaveform } from '../../../shared/analysis/measureWaveform.js';
import type { SignalSpec } from '../../../src-main/instruments/scope/synthesize.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';
import { scanEdges } from '../../../shared/analysis/edgeScan.js';
import { BLOCK_SAMPLES, levelsOf } from '../../../shared/analysis/waveformLevels.js';
import { measureWaveformBefore } from '../../bench/measureWaveformBefore.js';
import { measureWaveformTwoPass, scanEdgesTwoPass } from '../../bench/measureWaveformTwoPass.js';
import { synthesizedSignal } from '../../helpers/synthesizedSignal.js';

const noise = createNoiseTable(createRandom(11));
const SAMPLE_RATE_HZ = 2e6;

function signal(overrides: Partial<SignalSpec>, length: number, seed = 1): Float32Array {
  return synthesizedSignal(noise, overrides, { length, sampleRateHz: SAMPLE_RATE_HZ, seed });
}

function withGaps(samples: Float32Array, every: number): Float32Array {
  const out = samples.slice();
  for (let i = 3; i < out.length; i += every) out[i] = Number.NaN;
  return out;
}

/** Runs of `levels[k]` of `lengths[k]` samples each, cycled until `length` samples. */
function plateaus(levels: readonly number[], lengths: readonly number[], length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0, k = 0; i < length; k++) {
    const run = lengths[k % lengths.length]!;
    out.fill(levels[k % levels.length]!, i, Math.min(length, i + run));
    i += run;
  }
  return out;
}

/**
 * A square of period 2·BLOCK_SAMPLES whose every edge falls `shift` samples after a block's start: at a
 * block's first sample (0), its last (−1 → BLOCK_SAMPLES − 1), or one into it.
 */
function blockSquare(shift: number, length: number): Float32Array {
  const b = BLOCK_SAMPLES;
  return Float32Array.from({ length }, (_, i) => (Math.floor((i - shift + 2 * b) / b) % 2 ? 1 : -1));
}

/**
 * Min 0 and max 10, so that the thresholds are exact: 10 % = 1, lower = 4, mid = 5, upper = 6, 90 % = 9;
 * runs of random length (1 to 3 blocks) at random levels, most of them exactly on a threshold or one
 * float32 ulp either side of it.
 */
function thresholdWalk(length: number, seed: number): Float32Array {
  // The float32 neighbours of each threshold too: one ulp either side of it.
  const ulp = (v: number, d: number): number => v + d * 2 ** (Math.floor(Math.log2(v)) - 23);
  const near = [1, 4, 5, 6, 9].flatMap((v) => [ulp(v, -1), ulp(v, 1)]);
  const levels = [0, 1, 1, 4, 5, 5, 6, 9, 9, 10, 0.5, 3, 5.5, 7, ...near];
  const rnd = createRandom(seed);
  const out = new Float32Array(length);
  out[0] = 0;
  out[length - 1] = 10;
  for (let i = 1; i < length - 1;) {
    const run = 1 + Math.floor(rnd.uniform() * 3 * BLOCK_SAMPLES);
    out.fill(levels[Math.floor(rnd.uniform() * levels.length)]!, i, Math.min(length - 1, i + run));
    i += run;
  }
  return out;
}

/** A record with exact thresholds (0 → 10 V) moving between exact levels one sample before or at a block's start. */
function exactLevelsAtBlockEdges(length: number): Float32Array {
  const b = BLOCK_SAMPLES;
  const cycle = [0, 1, 4, 5, 6, 9, 10, 9, 6, 5, 4, 1];
  return Float32Array.from(
    { length },
    (_, i) => cycle[Math.floor((i + (i % 3 === 0 ? 1 : 0)) / b) % cycle.length]!,
  );
}

const blockRecords: [string, Float32Array][] = [
  ["edges at a block's first sample", blockSquare(0, 8 * BLOCK_SAMPLES)],
  ["edges at a block's last sample", blockSquare(-1, 8 * BLOCK_SAMPLES)],
  ['edges one sample into a block', blockSquare(1, 8 * BLOCK_SAMPLES + 17)],
  ['shorter than a block', blockSquare(-40, BLOCK_SAMPLES - 3).subarray(0, 100)],
  ['not a multiple of a block', signal({ shape: 'square', frequencyHz: 3_000 }, 10 * BLOCK_SAMPLES + 77)],
  [
    'plateaus exactly at each threshold',
    plateaus([0, 1, 4, 5, 6, 9, 10, 9, 6, 5, 4, 1], [BLOCK_SAMPLES], 30 * BLOCK_SAMPLES),
  ],
  [
    'plateaus at thresholds, off the blocks',
    plateaus(
      [0, 1, 4, 5, 6, 9, 10, 9, 6, 5, 4, 1],
      [300, 17, BLOCK_SAMPLES + 1, 511, 3 * BLOCK_SAMPLES - 1],
      40_000,
    ),
  ],
  ['levels changing at or just before block edges', exactLevelsAtBlockEdges(20 * BLOCK_SAMPLES + 5)],
  ['random walk over exact thresholds', thresholdWalk(600_000, 3)],
  ['another random walk over exact thresholds', thresholdWalk(50_001, 4)],
  [
    'mid-level dwell between edges',
    plateaus([0, 5, 10, 5], [BLOCK_SAMPLES * 2, BLOCK_SAMPLES, 700, 900], 60_000),
  ],
  ['square with NaN at a block edge', withGaps(blockSquare(0, 8 * BLOCK_SAMPLES), BLOCK_SAMPLES)],
  ['slow: a 20 Hz sine, 1M points', signal({ frequencyHz: 20 }, 1_000_000)],
  [
    'slow: a 50 Hz square with noise, 1M points',
    signal({ shape: 'square', frequencyHz: 50, noiseVrms: 0.02 }, 1_000_000),
  ],
  [
    'fast: an edge in every block, 1M points',
    signal({ shape: 'square', frequencyHz: 2e6 / BLOCK_SAMPLES }, 1_000_000),
  ],
  [
    'fast: a 13 kHz triangle with noise, 1M points',
    signal({ shape: 'triangle', frequencyHz: 13_000, noiseVrms: 0.05 }, 1_000_000),
  ],
  ['noise around the thresholds', signal({ amplitudeVpp: 0, noiseVrms: 1 }, 300_000)],
];

const random = createRandom(5);
const records: [string, Float32Array][] = [
  ['sine', signal({}, 20_000)],
  ['sine with offset and noise', signal({ offsetV: 0.5, noiseVrms: 0.02 }, 50_000)],
  ['square', signal({ shape: 'square', amplitudeVpp: 1 }, 20_000)],
  ['pulse, 10 % duty', signal({ shape: 'pulse', dutyPercent: 10 }, 40_000)],
  ['triangle', signal({ shape: 'triangle', frequencyHz: 500 }, 30_000)],
  ['noise only', signal({ amplitudeVpp: 0, noiseVrms: 0.1 }, 100_000)],
  ['uniform noise', Float32Array.from({ length: 10_000 }, () => random.uniform() - 0.5)],
  ['DC', new Float32Array(5_000).fill(0.75)],
  ['zeros and negative zeros', Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? -0 : 0))],
  ['clipped sine', signal({ amplitudeVpp: 20, fullScaleV: 4 }, 20_000)],
  ['a ramp: no crossing back', Float32Array.from({ length: 1_000 }, (_, i) => i / 1000)],
  ['one sample', Float32Array.of(0.3)],
  ['two samples', Float32Array.of(-1, 1)],
  ['three samples', Float32Array.of(1, -1, 1)],
  ['empty', new Float32Array(0)],
  ['sine with NaN gaps', withGaps(signal({}, 20_000), 997)],
  ['only NaN', new Float32Array(64).fill(Number.NaN)],
  ['NaN first', Float32Array.of(Number.NaN, 1, 2, 3)],
  ['+Infinity', Float32Array.of(0, 1, Number.POSITIVE_INFINITY, 1, 0)],
  ['+Infinity and -Infinity', Float32Array.of(0, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY)],
  ['1M points: sine with noise', signal({ noiseVrms: 0.01 }, 1_000_000)],
  ['huge values', Float32Array.of(3e38, -3e38, 3e38, -3e38)],
];

/** Same keys, and every value the same number (Object.is: -0 and NaN too). */
function expectIdentical(actual: object | undefined, expected: object | undefined): void {
  if (expected === undefined || actual === undefined) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    expect(Object.is((actual as Record<string, unknown>)[key], value), key).toBe(true);
  }
}

describe('measureWaveform against its previous versions', () => {
  it.each([...records, ...blockRecords])('gives the same figures, bit for bit: %s', (_name, samples) => {
    const now = measureWaveform(samples, SAMPLE_RATE_HZ);
    expectIdentical(now, measureWaveformBefore(samples, SAMPLE_RATE_HZ));
    expectIdentical(now, measureWaveformTwoPass(samples, SAMPLE_RATE_HZ));
  });

  it.each([...records, ...blockRecords])('finds the same edges, bit for bit: %s', (_name, samples) => {
    const { min, max, blocks } = levelsOf(samples);
    const vpp = max - min;
    if (blocks === undefined || !(vpp > 0) || !Number.isFinite(vpp)) return;
    // toEqual compares numbers with Object.is: -0 and NaN as themselves.
    expect(scanEdges(samples, min, vpp, blocks)).toEqual(scanEdgesTwoPass(samples, min, vpp));
  });

  it('passes block edges, exact thresholds and short records through the scan with timing figures', () => {
    // The records above would agree trivially if none gave edges: these must.
    for (const name of [
      "edges at a block's first sample",
      "edges at a block's last sample",
      'fast: an edge in every block, 1M points',
    ]) {
      const samples = blockRecords.find(([n]) => n === name)![1];
      expect(measureWaveform(samples, SAMPLE_RATE_HZ)!.frequencyHz, name).toBeGreaterThan(0);
    }
    const walk = thresholdWalk(600_000, 3);
    const { min, max, blocks } = levelsOf(walk);
    const edges = scanEdges(walk, min, max - min, blocks!);
    expect(edges.rising.length).toBeGreaterThan(20);
    expect(edges.rises + edges.falls).toBeGreaterThan(10);
  });

  it('leaves NaN gaps out of the levels and gives no timing across them', () => {
    const m = measureWaveform(withGaps(signal({}, 20_000), 997), SAMPLE_RATE_HZ)!;
    expect(m.vppV).toBeGreaterThan(1.9);
    expect(Number.isNaN(m.vavgV)).toBe(false);
    expect(m.frequencyHz).toBeUndefined();
  });

  it('keeps the wire figures (measureChannel) of a gapless record with timing', () => {
    const wire = measureChannel(signal({ shape: 'square', amplitudeVpp: 1 }, 20_000), SAMPLE_RATE_HZ)!;
    expect(wire.frequency).toBeCloseTo(1_000, 3);
    expect(wire.duty).toBeCloseTo(50, 1);
  });
});
