import { describe, expect, it } from 'vitest';
import { SharedRecords } from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';

async function scopeRecord(scope: SimOscilloscope): Promise<ScopeRecord> {
  const sample = await scope.read('waveform');
  if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
  return sample.record;
}

function record(value: number): ScopeRecord {
  return {
    sampleRateHz: 1e3,
    channels: [{ channel: 1, samples: new Float32Array(1_000).fill(value) }],
  } as unknown as ScopeRecord;
}

describe('SharedRecords', () => {
  it('shares one copy of a channel between the tasks holding it, in shared memory, apart from the original', () => {
    const records = new SharedRecords();
    const r = record(1);
    const a = records.hold(r, 1)!;
    const b = records.hold(r, 1)!;
    expect(a.samples).toBe(b.samples);
    expect(a.samples.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.samples).not.toBe(r.channels[0]!.samples);
    expect(records.copiedBytes).toBe(4_000);
    expect(records.hold(r, 2)).toBeUndefined();
  });

  it('reuses a buffer no task holds any more for the next record, never one still held', () => {
    const records = new SharedRecords();
    const first = records.hold(record(1), 1)!;
    const second = records.hold(record(2), 1)!;
    expect(second.samples).not.toBe(first.samples);
    first.release();
    first.release();
    const third = records.hold(record(3), 1)!;
    expect(third.samples).toBe(first.samples);
    expect(Array.from(third.samples.subarray(0, 2))).toEqual([3, 3]);
    expect(second.samples[0]).toBe(2);
    expect(records.reused).toBe(1);
  });

  it('needs no fresh buffer once warm, though a measurer at display rate holds three records at a time', () => {
    const records = new SharedRecords();
    const fourChannels = (value: number): ScopeRecord =>
      ({
        sampleRateHz: 1e3,
        channels: [1, 2, 3, 4].map((channel) => ({ channel, samples: new Float32Array(1_000).fill(value) })),
      }) as unknown as ScopeRecord;
    const hold = (r: ScopeRecord): (() => void) => {
      const held = [1, 2, 3, 4].map((channel) => records.hold(r, channel)!);
      return () => held.forEach((h) => h.release());
    };
    // One record measured, one waiting, the next copied before it replaces the waiting one; then idle.
    const burst = (): void => {
      const running = hold(fourChannels(1));
      const waiting = hold(fourChannels(2));
      const next = hold(fourChannels(3));
      waiting();
      running();
      next();
    };
    burst();
    const reusedWarm = records.reused;
    burst();
    burst();
    // Every copy after the first burst went into a recycled buffer: no fresh memory to fault in.
    expect(records.reused - reusedWarm).toBe(2 * 12);
  });

  it('copies a record again once every holder let go (the buffer may hold another record by then)', () => {
    const records = new SharedRecords();
    const r = record(5);
    const held = records.hold(r, 1)!;
    held.release();
    const again = records.hold(r, 1)!;
    expect(again.samples[0]).toBe(5);
    expect(records.copiedBytes).toBe(8_000);
  });

  it("shares a simulated scope's record where it lies, uncopied, and the scope leaves it alone until released", async () => {
    const scope = new SimOscilloscope({ id: 'scope_s', seed: 4 });
    const records = new SharedRecords();
    const r = await scopeRecord(scope);
    const original = r.channels[0]!.samples;
    const before = original.slice();
    const held = records.hold(r, 1)!;
    const again = records.hold(r, 1)!;
    expect(held.samples).toBe(original);
    expect(again.samples).toBe(original);
    expect(records.copiedBytes).toBe(0);
    expect(records.heldInPlace).toBe(1);
    // Far more newer records than the scope lends a record's arrays for (two): none reuses the held one.
    const newer: Float32Array[] = [];
    for (let k = 0; k < 6; k++) newer.push(...(await scopeRecord(scope)).channels.map((c) => c.samples));
    expect(newer).not.toContain(original);
    expect(Array.from(original)).toEqual(Array.from(before));
    held.release();
    again.release();
    // Released and retired: the scope takes it back for a later record.
    const after: Float32Array[] = [];
    for (let k = 0; k < 2; k++) after.push(...(await scopeRecord(scope)).channels.map((c) => c.samples));
    expect(after).toContain(original);
  });
});
