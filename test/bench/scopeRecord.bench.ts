/**
 * The simulated oscilloscope's cost per record: synthesize four 1M-point channels (sine, square,
 * triangle, pulse, each with 2 mV rms noise), find the trigger, and measure every channel — what one
 * `waveform` + `measurements` tick costs at the largest record length. Compared in the same run with a
 * naive synthesis (Math.sin and Box–Muller noise per sample), which is what the phase recurrence, run
 * filling and table noise replace. Also reports min/max decimation of the record to a 1200-point display.
 */
import { decimateMinMax } from '../../shared/dsp/decimate.js';
import {
  acquireRecord,
  sampleRateHzOf,
  type AcquisitionSetup,
} from '../../src-main/instruments/scope/acquire.js';
import { measureWaveform } from '../../shared/analysis/measureWaveform.js';
import { defaultScopeSettings, toAcquisitionSetup } from '../../src-main/instruments/scope/scopeSettings.js';
import { createNoiseTable } from '../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../src-main/instruments/sim/random.js';
import { consume, timePerCall } from './measure.js';
import type { BenchResult } from './types.js';

const RECORD_LENGTH = 1_000_000;
const TARGET_MS = 20;

function benchSetup(): AcquisitionSetup {
  const settings = defaultScopeSettings();
  settings.recordLength = RECORD_LENGTH;
  for (const channel of settings.channels) channel.enabled = true;
  return toAcquisitionSetup(settings);
}

/** The same four signals the obvious way: Math.sin / Math.floor per sample, Box–Muller noise per sample. */
function naiveSynthesis(setup: AcquisitionSetup, random: ReturnType<typeof createRandom>): number {
  const sampleRateHz = sampleRateHzOf(setup.recordLength, setup.timebaseSPerDiv);
  let check = 0;
  for (const spec of setup.channels) {
    const out = new Float32Array(setup.recordLength);
    const half = spec.amplitudeVpp / 2;
    for (let i = 0; i < out.length; i++) {
      const phase = (spec.frequencyHz * i) / sampleRateHz;
      const p = phase - Math.floor(phase);
      const clean =
        spec.shape === 'sine'
          ? Math.sin(2 * Math.PI * phase)
          : spec.shape === 'triangle'
            ? 1 - 4 * Math.abs(p - 0.5)
            : p < (spec.shape === 'pulse' ? spec.dutyPercent / 100 : 0.5)
              ? 1
              : -1;
      out[i] = spec.offsetV + half * clean + spec.noiseVrms * random.gaussian();
    }
    check += out[out.length - 1]!;
  }
  return check;
}

export async function run(): Promise<BenchResult[]> {
  const setup = benchSetup();
  const random = createRandom(1);
  const noise = createNoiseTable(random);
  const scratch = new Float32Array(2 * RECORD_LENGTH);
  let endTimeS = 10;
  const acquire = () => {
    // Advance simulated time by an odd amount so every record is cut at a different place.
    endTimeS += 0.0173;
    const acquisition = acquireRecord(setup, endTimeS, noise, random, scratch);
    if (!acquisition) throw new Error('auto mode always yields a record');
    return acquisition.record;
  };
  const timingOptions = { warmupMs: 1_000, repetitions: 15, minRepetitionMs: 0 };

  const full = timePerCall(() => {
    const record = acquire();
    let check = 0;
    for (const { samples } of record.channels)
      check += measureWaveform(samples, record.sampleRateHz)?.vppV ?? 0;
    return check;
  }, timingOptions);
  const synthesisOnly = timePerCall(() => acquire().channels.length, timingOptions);
  const record = acquire();
  const measureOnly = timePerCall(() => {
    let check = 0;
    for (const { samples } of record.channels)
      check += measureWaveform(samples, record.sampleRateHz)?.vrmsV ?? 0;
    return check;
  }, timingOptions);
  const pairs = new Float32Array(2 * 1200);
  const decimation = timePerCall(() => {
    for (const { samples } of record.channels) decimateMinMax(samples, 1200, pairs);
    return pairs[0]!;
  }, timingOptions);
  const naive = timePerCall(() => naiveSynthesis(setup, random), {
    warmupMs: 500,
    repetitions: 5,
    minRepetitionMs: 0,
  });
  consume(record.channels.length);

  const fullMs = full.medianNs / 1e6;
  return [
    {
      name: 'record 4×1M: synthesize + trigger + measure',
      value: fullMs,
      unit: 'ms/record',
      baseline: { name: 'naive synthesis alone (Math.sin, Box–Muller)', value: naive.medianNs / 1e6 },
      ratio: naive.medianNs / full.medianNs,
      target: `≤ ${TARGET_MS} ms`,
      pass: fullMs <= TARGET_MS,
      notes: `median of ${full.repetitions}; min ${(full.minNs / 1e6).toFixed(1)} ms, max ${(full.maxNs / 1e6).toFixed(1)} ms`,
    },
    { name: 'records per second, one core', value: 1_000 / fullMs, unit: 'records/s' },
    {
      name: 'record 4×1M: synthesize + trigger only',
      value: synthesisOnly.medianNs / 1e6,
      unit: 'ms/record',
    },
    { name: 'record 4×1M: measure only', value: measureOnly.medianNs / 1e6, unit: 'ms/record' },
    {
      name: 'record 4×1M: min/max decimation to 1200 points',
      value: decimation.medianNs / 1e6,
      unit: 'ms/record',
    },
  ];
}
