/**
 * The compute pool with real worker threads: results equal the in-thread code (a spectrum written into
 * recycled shared bins included), a worker that throws or dies costs one record (logged) and the next is
 * measured, and closing ends the threads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { computeSpectrum, displaySpectrum } from '../../../shared/dsp/fft/index.js';
import {
  ComputePool,
  PoolMeasurer,
  SharedRecords,
  SpectrumService,
} from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { measureRecord, SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { recordingLogger, sineRecord } from '../../helpers/computeFixtures.js';
import { CRASH_EXIT, CRASH_THROW } from '../../helpers/crashingComputeWorker.js';
import { startTestBackend } from '../../helpers/testBackend.js';

const crashingWorker = new URL('../../helpers/crashingComputeWorker.ts', import.meta.url);

/** Two channels of 50,000 points (the crashing worker's marker, if any, first). */
function record(first?: number): ScopeRecord {
  return sineRecord({ length: 50_000, channels: 2, first });
}

const pools: ComputePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('ComputePool', () => {
  it('measures in worker threads exactly as on the event loop', async () => {
    const pool = new ComputePool({ threads: 2 });
    pools.push(pool);
    const measurer = new PoolMeasurer({
      inlineMaxPoints: 0,
      runner: pool,
      records: new SharedRecords(),
      log: recordingLogger(),
    });
    const r = record();
    expect(await measurer.measure('scope_1', r, 5)).toEqual({ timestampMs: 5, values: measureRecord(r) });
  });

  it("measures a simulated scope's records where they lie (no copy) exactly as on the event loop", async () => {
    const pool = new ComputePool({ threads: 2 });
    pools.push(pool);
    const records = new SharedRecords();
    const measurer = new PoolMeasurer({ inlineMaxPoints: 0, runner: pool, records, log: recordingLogger() });
    const scope = new SimOscilloscope({ id: 'scope_p', seed: 9 });
    for (let k = 0; k < 3; k++) {
      const sample = await scope.read('waveform');
      if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
      const expected = measureRecord(sample.record);
      expect(await measurer.measure('scope_p', sample.record, k)).toEqual({
        timestampMs: k,
        values: expected,
      });
    }
    expect(records.copiedBytes).toBe(0);
    expect(records.heldInPlace).toBe(3 * 2);
  });

  it("writes a newer record's spectrum into the recycled bins of the one it supersedes, with its own values", async () => {
    const pool = new ComputePool({ threads: 1 });
    pools.push(pool);
    const spectra = new SpectrumService({ runner: pool, records: new SharedRecords() });
    const request = {
      source: 'scope_1',
      channel: 1,
      window: 'hann',
      widthPx: 300,
      logFrequency: false,
    } as const;
    await spectra.view(record(), request);
    const newer = record(5);
    const shown = await spectra.view(newer, request);
    expect(spectra.reused).toBe(1);
    const direct = computeSpectrum(newer.channels[0]!.samples, 1e6, 'hann');
    expect(shown.shown).toEqual(displaySpectrum(direct, 300, false));
  });

  it.each([
    ['throws', CRASH_THROW, /deliberate failure/],
    ['exits', CRASH_EXIT, /exit/i],
  ])('logs a record whose worker %s, and measures the next record', async (_how, marker, reason) => {
    const pool = new ComputePool({ threads: 1, workerUrl: crashingWorker });
    pools.push(pool);
    const log = recordingLogger();
    const measurer = new PoolMeasurer({
      inlineMaxPoints: 0,
      runner: pool,
      records: new SharedRecords(),
      log,
    });
    expect(await measurer.measure('scope_1', record(marker), 1)).toBeUndefined();
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(reason);
    const next = record();
    expect(await measurer.measure('scope_1', next, 2)).toEqual({
      timestampMs: 2,
      values: measureRecord(next),
    });
    expect(measurer.failures).toBe(1);
  });

  it('ends its threads on close and refuses work after it', async () => {
    const pool = new ComputePool({ threads: 2 });
    await pool.run({ kind: 'measure', channels: [new Float32Array(100)], sampleRateHz: 1e3 });
    await pool.close();
    expect(pool.liveThreads).toBe(0);
    await expect(
      pool.run({ kind: 'measure', channels: [new Float32Array(100)], sampleRateHz: 1e3 }),
    ).rejects.toThrow('the compute pool is closed');
  });

  it('is closed with the backend that made it', async () => {
    const backend = await startTestBackend();
    const r = record();
    const request = {
      source: 'scope_1',
      channel: 1,
      window: 'hann',
      widthPx: 300,
      logFrequency: false,
    } as const;
    await expect(backend.compute.spectra.view(r, request)).resolves.toMatchObject({ recordLength: 50_000 });
    await backend.close();
    await expect(backend.compute.spectra.view(record(), request)).rejects.toThrow(
      'the compute pool is closed',
    );
  });
});
