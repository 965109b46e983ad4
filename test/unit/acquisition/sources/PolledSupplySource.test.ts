/**
 * The generic supply capture: reads timed on the instrument's clock decide the fastest capture allowed
 * (refused above it, with the figure), each block is one read through the host, a late or lost read holds
 * a reading and is counted, and the achieved read rate is reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { captureSourceFor } from '../../../../src-main/acquisition/capture/sources/captureSourceFor.js';
import {
  POLL_INTERVAL_MS,
  PolledSupplySource,
  RATE_PROBE_READS,
} from '../../../../src-main/acquisition/capture/sources/PolledSupplySource.js';
import type { InstrumentHost } from '../../../../src-main/instruments/host/InstrumentHost.js';
import { FakeSupply, manualClock } from '../../../helpers/fakeInstruments.js';
import { openHost } from '../../../helpers/hosts.js';

const hosts: InstrumentHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function setup(readMs: number) {
  const clock = manualClock();
  const psu = new FakeSupply(clock, readMs);
  const host = await openHost(psu, { clock });
  hosts.push(host);
  const source = captureSourceFor(host, { clock });
  if (!(source instanceof PolledSupplySource)) throw new Error('expected the polled supply source');
  return { clock, psu, source };
}

describe('PolledSupplySource', () => {
  it('is the capture of a supply whose driver offers none, with its outputs as V, A and W channels', async () => {
    const { source } = await setup(10);
    expect(source.channels.map((c) => `${c.name} ${c.unit}`)).toEqual([
      'CH1.voltage V',
      'CH1.current A',
      'CH1.power W',
      'CH2.voltage V',
      'CH2.current A',
      'CH2.power W',
    ]);
    // The catalog's fastest readings stream (10 ms) bounds it whatever the link does.
    expect(source.maxSampleRateHz).toBe(100);
  });

  it('refuses a rate it cannot poll at, naming the figures, and keeps them with the capture', async () => {
    const { psu, source } = await setup(40);
    // Five reads of 40 ms each (the reads move the instrument's clock on): 25 reads a second. A sample's
    // read starts up to one pump period after it is due, so a sample needs 40 + 5 ms: at most 22.2 Hz.
    expect(source.blockIntervalMs).toBe(POLL_INTERVAL_MS);
    const maxHz = 1000 / (40 + POLL_INTERVAL_MS);
    const refusal = await source.admit({ sampleRateHz: 100 });
    expect(refusal).toEqual({
      field: 'sample_rate_hz',
      message:
        'psu_x (FAKE-PSU2) answers readings at about 25 Hz (40 ms a read), so it can be polled at up to 22 Hz; 100 Hz asked',
      maxSampleRateHz: maxHz,
    });
    expect(psu.reads).toBe(RATE_PROBE_READS);
    await expect(source.admit({ sampleRateHz: 22 })).resolves.toBeUndefined();
    await expect(source.admit({ sampleRateHz: 23 })).resolves.toMatchObject({ maxSampleRateHz: maxHz });
    expect((await source.settings()).capture).toEqual({
      method: 'polled_readings',
      measured_read_rate_hz: 25,
      max_sample_rate_hz: maxHz,
    });
  });

  it('reads once per block through the host, holds a late or lost reading, and counts the rate achieved', async () => {
    const { psu, source } = await setup(50);
    const generator = source.open(['CH1.voltage', 'CH2.current']);
    const out = [new Float32Array(4), new Float32Array(4)];
    const block = (count: number) => out.map((o) => o.subarray(0, count));

    psu.dropReads = 1;
    await generator.generate(1, 0, block(1));
    // Lost before any reading came: nothing to hold, so not a number rather than a made-up zero.
    expect([out[0]![0], out[1]![0]]).toEqual([Number.NaN, Number.NaN]);

    await generator.generate(1, 0, block(1));
    expect([out[0]![0], out[1]![0]]).toEqual([2, Math.fround(-0.2)]);

    await generator.generate(3, 0, block(3)); // a late tick: three samples, one read
    expect([...out[0]!.subarray(0, 3)]).toEqual([3, 3, 3]);

    psu.dropReads = 1;
    await generator.generate(2, 0, block(2));
    expect([...out[0]!.subarray(0, 2)]).toEqual([3, 3]);

    expect(psu.reads).toBe(4);
    // Four reads of 50 ms each, back to back: 20 Hz; held: the first lost (1), the late tick (2), the lost (2).
    expect(generator.stats()).toEqual({ reads: 4, read_rate_hz: 20, held_samples: 5 });
  });
});
