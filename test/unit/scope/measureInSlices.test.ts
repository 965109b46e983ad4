import { describe, expect, it } from 'vitest';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import {
  measureRecord,
  measureRecordInSlices,
  SLICE_FROM_POINTS,
} from '../../../src-main/instruments/scope/SimOscilloscope.js';

function record(length: number): ScopeRecord {
  const channels = [1, 2, 3, 4].map((channel) => {
    const samples = new Float32Array(length);
    for (let i = 0; i < length; i++)
      samples[i] = channel * Math.sin((2 * Math.PI * i * (channel + 1)) / 10_000);
    return { channel, samples };
  });
  return { sampleRateHz: 1e6, channels } as unknown as ScopeRecord;
}

describe('measureRecordInSlices', () => {
  it('measures exactly as measureRecord does', async () => {
    const r = record(SLICE_FROM_POINTS);
    expect(await measureRecordInSlices(r)).toEqual(measureRecord(r));
  });

  it('gives the event loop a turn between the channels of a large record', async () => {
    const r = record(SLICE_FROM_POINTS);
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    // Whatever was queued when measuring began runs before the second channel, not after the fourth.
    const order: string[] = [];
    const measuring = measureRecordInSlices(r).then(() => order.push('measured'));
    void tick().then(() => order.push('other work'));
    await measuring;
    expect(order).toEqual(['other work', 'measured']);
  });

  it('measures a small record in one turn', async () => {
    const r = record(1_000);
    const order: string[] = [];
    const measuring = measureRecordInSlices(r).then(() => order.push('measured'));
    void new Promise((resolve) => setImmediate(resolve)).then(() => order.push('other work'));
    await measuring;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['measured', 'other work']);
  });
});
