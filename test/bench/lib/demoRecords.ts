/**
 * Three different scope records (the default demo signals, all four channels on), taken 1 ms apart, in
 * arrays from a RecordBuffers as the simulated scope makes them (shared memory, held in place by the
 * compute pool): the statistics benchmarks' input (measurementStats.bench.ts, lib/loopGarbageChild.ts).
 */
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { acquireRecord } from '../../../src-main/instruments/scope/acquire.js';
import { RecordBuffers } from '../../../src-main/instruments/scope/RecordBuffers.js';
import {
  defaultScopeSettings,
  toAcquisitionSetup,
} from '../../../src-main/instruments/scope/scopeSettings.js';
import { createNoiseTable } from '../../../src-main/instruments/sim/noise.js';
import { createRandom } from '../../../src-main/instruments/sim/random.js';

export function demoRecordsInPlace(recordLength: number): ScopeRecord[] {
  // Kept lent for good: the benchmarks cycle these three records and never make a fourth.
  const buffers = new RecordBuffers({ keepRecords: 3 });
  const settings = defaultScopeSettings();
  settings.recordLength = recordLength;
  for (const channel of settings.channels) channel.enabled = true;
  const setup = toAcquisitionSetup(settings);
  const random = createRandom(1);
  const noise = createNoiseTable(random);
  const scratch = new Float32Array(2 * recordLength);
  const out: ScopeRecord[] = [];
  for (let k = 0; out.length < 3 && k < 50; k++) {
    const acquired = acquireRecord(setup, 1 + k * 0.001, noise, random, scratch, (n) => buffers.take(n));
    if (!acquired) continue;
    buffers.lend(acquired.record.channels.map((c) => c.samples));
    out.push(acquired.record);
  }
  if (out.length === 0) throw new Error('the simulated scope gave no record to measure');
  return out;
}
