/**
 * Display decimation before the wire: one scope record of 4 channels × 1M points reduced to 1200 (min, max)
 * pairs per channel (2 × 1,200 values), as the server does for every new record a waveform stream sends.
 * Ours (shared/dsp/decimate.ts, eight independent accumulators per step) against two baselines in the same
 * run, timed in interleaved rounds:
 * - naive JS: per bucket, Math.min(...subarray) and Math.max(...subarray);
 * - the plain loop: one running min and max, compare-and-branch per sample (what decimate.ts used to be).
 *
 * Two records, because branch prediction makes the cost depend on the signal: the simulated scope's demo
 * bench with all four channels on (five periods on screen: slow within a bucket), and a dense one (noisy
 * sines of 160-630 periods per record, several per bucket), the plain loop's worst case.
 */
import { decimateMinMax } from '../../shared/dsp/decimate.js';
import { SimOscilloscope } from '../../src-main/instruments/scope/SimOscilloscope.js';
import { timeInterleaved } from './measure.js';
import type { BenchResult } from './types.js';

const CHANNELS = 4;
const POINTS = 1_000_000;
const BUCKETS = 1200;
const TARGET_MS = 10;

/** A record as the simulated scope acquires it: the demo bench (sine, square, triangle, pulse), 1M points. */
async function scopeRecord(): Promise<Float32Array[]> {
  const scope = new SimOscilloscope({
    seed: 1,
    initial: { recordLength: POINTS, channels: { 3: { enabled: true }, 4: { enabled: true } } },
  });
  const sample = await scope.read('waveform');
  if (sample.kind !== 'record') throw new Error(`the scope gave ${sample.kind}, not a record`);
  return sample.record.channels.map((c) => c.samples);
}

/** Noisy sines of 160-630 periods per record: the min and max move unpredictably within every bucket. */
function denseRecord(): Float32Array[] {
  return Array.from({ length: CHANNELS }, (_, c) => {
    const samples = new Float32Array(POINTS);
    let seed = 12345 + c;
    for (let i = 0; i < POINTS; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      samples[i] = Math.sin(i * 0.001 * (c + 1)) + (seed / 2 ** 32 - 0.5) * 0.01;
    }
    return samples;
  });
}

function naive(input: Float32Array, buckets: number, out: Float32Array): void {
  for (let b = 0; b < buckets; b++) {
    const bucket = input.subarray(
      Math.floor((b * input.length) / buckets),
      Math.floor(((b + 1) * input.length) / buckets),
    );
    out[2 * b] = Math.min(...bucket);
    out[2 * b + 1] = Math.max(...bucket);
  }
}

function plainLoop(input: Float32Array, buckets: number, out: Float32Array): void {
  let start = 0;
  for (let b = 0; b < buckets; b++) {
    const end = Math.floor(((b + 1) * input.length) / buckets);
    let min = input[start]!;
    let max = min;
    for (let i = start + 1; i < end; i++) {
      const v = input[i]!;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    out[2 * b] = min;
    out[2 * b + 1] = max;
    start = end;
  }
}

type Decimate = (input: Float32Array, buckets: number, out: Float32Array) => unknown;

interface Timings {
  oursMs: number;
  naiveMs: number;
  plainMs: number;
  spreadMs: [number, number];
}

function time(channels: Float32Array[]): Timings {
  const outputs = channels.map(() => new Float32Array(2 * BUCKETS));
  const check = new Float32Array(2 * BUCKETS);
  // All three must agree before their times mean anything.
  for (const [c, samples] of channels.entries()) {
    decimateMinMax(samples, BUCKETS, outputs[c]);
    for (const other of [naive, plainLoop]) {
      other(samples, BUCKETS, check);
      if (!check.every((v, i) => v === outputs[c]![i])) throw new Error(`${other.name} disagrees`);
    }
  }
  const perRecord = (decimate: Decimate) => () => {
    channels.forEach((samples, c) => decimate(samples, BUCKETS, outputs[c]!));
    return outputs[0]![0]!;
  };
  const [ours, naiveTiming, plainTiming] = timeInterleaved(
    [perRecord(decimateMinMax), perRecord(naive), perRecord(plainLoop)],
    5,
    [
      { minRepetitionMs: 0, repetitions: 7 },
      { minRepetitionMs: 0, repetitions: 3, warmupMs: 300 },
      { minRepetitionMs: 0, repetitions: 7 },
    ],
  );
  return {
    oursMs: ours!.medianNs / 1e6,
    naiveMs: naiveTiming!.medianNs / 1e6,
    plainMs: plainTiming!.medianNs / 1e6,
    spreadMs: [ours!.minNs / 1e6, ours!.maxNs / 1e6],
  };
}

function results(label: string, t: Timings): BenchResult[] {
  return [
    {
      name: `decimate 4 × 1M → 1200 pairs per channel, ${label}`,
      value: t.oursMs,
      unit: 'ms/record',
      baseline: { name: 'naive JS (Math.min/max over subarrays)', value: t.naiveMs },
      ratio: t.naiveMs / t.oursMs,
      target: `≤ ${TARGET_MS} ms`,
      pass: t.oursMs <= TARGET_MS,
      notes: `median of 5 interleaved rounds; min ${t.spreadMs[0].toFixed(2)} ms, max ${t.spreadMs[1].toFixed(2)} ms`,
    },
    {
      name: `decimate 4 × 1M, ${label}: against the one-accumulator loop`,
      value: t.oursMs,
      unit: 'ms/record',
      baseline: { name: 'plain loop (one running min/max)', value: t.plainMs },
      ratio: t.plainMs / t.oursMs,
      notes: `the plain loop ${t.plainMs <= TARGET_MS ? 'meets' : 'misses'} the ${TARGET_MS} ms budget here`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const scope = time(await scopeRecord());
  const dense = time(denseRecord());
  return [
    ...results('scope demo record', scope),
    ...results('dense noisy record', dense),
    {
      name: 'decimation throughput, worse of the two records',
      value: (CHANNELS * POINTS) / (Math.max(scope.oursMs, dense.oursMs) / 1e3) / 1e6,
      unit: 'Msample/s',
    },
  ];
}
