/**
 * One process's measurement speed (measurementStats bench): `node --import tsx measureSpeedChild.ts
 * now|twoPass|before` measures the demo record's four 1M-point channels with the current measureWaveform,
 * the one before its edge scan skipped blocks (measureWaveformTwoPass.ts) or the one before its levels
 * pass stopped skipping NaN per sample (measureWaveformBefore.ts), and prints the best time of a 1M-point
 * channel, ms. A process
 * each, because V8 compiled the old code's loop to 2.6 ms alone but to 7–13 ms beside the new code in one
 * process (their shared feedback), which would flatter the new code.
 */
import { measureWaveform } from '../../../shared/analysis/measureWaveform.js';
import { acquireRecord } from '../../../src-main/instruments/scope/acquire.js';
import {
  defaultScopeSettings,
  toAcquisitionSetup,
} from '../../../src-main/instruments/scope/scopeSettings.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';
import { measureWaveformBefore } from '../measureWaveformBefore.js';
import { measureWaveformTwoPass } from '../measureWaveformTwoPass.js';

const POINTS = 1_000_000;
const which = process.argv[2];
const rounds = Number(process.argv[3] ?? 40);
const versions = { now: measureWaveform, twoPass: measureWaveformTwoPass, before: measureWaveformBefore };
if (which !== 'now' && which !== 'twoPass' && which !== 'before')
  throw new Error(`usage: measureSpeedChild.ts now|twoPass|before [rounds], got ${which}`);
const measure = versions[which];
const settings = defaultScopeSettings();
settings.recordLength = POINTS;
for (const channel of settings.channels) channel.enabled = true;
const random = createRandom(1);
const acquired = acquireRecord(
  toAcquisitionSetup(settings),
  1,
  createNoiseTable(random),
  random,
  new Float32Array(2 * POINTS),
  (n) => new Float32Array(n),
);
if (!acquired) throw new Error('the simulated scope gave no record to measure');
const { record } = acquired;
let bestMs = Number.POSITIVE_INFINITY;
for (let r = 0; r < rounds; r++) {
  for (const { samples } of record.channels) {
    const start = performance.now();
    measure(samples, record.sampleRateHz);
    bestMs = Math.min(bestMs, performance.now() - start);
  }
}
process.stdout.write(`${bestMs}\n`);
