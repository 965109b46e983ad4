import { describe, expect, it } from 'vitest';
import type { TrendHistoryMessage } from '../../../shared/protocol/measurementStats';
import { TrendSet, type TrendStorage } from '../../../src-renderer/trends/TrendSet';
import {
  alignedWithGaps,
  appendPoint,
  emptyPoints,
  mergeHistory,
} from '../../../src-renderer/trends/trendPoints';
import { trendTickLabels } from '../../../src-renderer/trends/trendTicks';
import { trendVisibleData } from '../../../src-renderer/trends/trendVisibleData';

function points(tMs: number[], values = tMs.map((t) => t / 100)): ReturnType<typeof emptyPoints> {
  return { tMs: [...tMs], values: [...values] };
}

class MemoryStorage implements TrendStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('trend points', () => {
  it('merges the backend history without duplicates, keeping local points outside its span', () => {
    // Local: from before a backend restart (100, 200), and live since the request (900, 1000).
    const local = points([100, 200, 600, 700, 900, 1000]);
    const history = { t_ms: [500, 600, 700, 800, 900], values: [5, 6, 7, 8, 9] };
    const merged = mergeHistory(local, history);
    expect(merged.tMs).toEqual([100, 200, 500, 600, 700, 800, 900, 1000]);
    expect(merged.values).toEqual([1, 2, 5, 6, 7, 8, 9, 10]);
    // Merging the same history again changes nothing.
    expect(mergeHistory(merged, history).tMs).toEqual(merged.tMs);
  });

  it('keeps the local points when the history is empty, and takes the decimation marks from it', () => {
    const local = points([1, 2]);
    expect(mergeHistory(local, { t_ms: [], values: [] })).toBe(local);
    const merged = mergeHistory(emptyPoints(), {
      t_ms: [0, 500, 1000],
      values: [1, 2, 3],
      decimated_before_ms: 1000,
      bucket_ms: 1000,
    });
    expect(merged).toMatchObject({ decimatedBeforeMs: 1000, bucketMs: 1000 });
  });

  it('appends live points only when they are newer', () => {
    const p = emptyPoints();
    expect(appendPoint(p, 100, 1)).toBe(true);
    expect(appendPoint(p, 100, 2)).toBe(false);
    expect(appendPoint(p, 50, 2)).toBe(false);
    expect(appendPoint(p, 200, Number.NaN)).toBe(false);
    expect(p).toEqual({ tMs: [100], values: [1] });
  });

  it('draws a break where the backend was away, none within a steady stream or its decimated past', () => {
    // 100 ms steps, then a 30 s hole (the backend restarted), then 100 ms steps again.
    const tMs = [
      ...Array.from({ length: 20 }, (_, i) => 10_000 + i * 100),
      ...Array.from({ length: 20 }, (_, i) => 42_000 + i * 100),
    ];
    const [xs, ys] = alignedWithGaps(points(tMs));
    expect(ys.filter((v) => v === null)).toHaveLength(1);
    const at = ys.indexOf(null);
    expect(xs[at]).toBeGreaterThan(11.9);
    expect(xs[at]).toBeLessThan(42);
    // Decimated min/max pairs 500 ms apart before 20 s, then 100 ms live points: no breaks.
    const decimated = {
      tMs: [0, 500, 1000, 1500, 2000, 2500, ...Array.from({ length: 30 }, (_, i) => 3_000 + i * 100)],
      values: Array.from({ length: 36 }, () => 1),
      decimatedBeforeMs: 3_000,
      bucketMs: 1_000,
    };
    expect(alignedWithGaps(decimated)[1].includes(null)).toBe(false);
  });
});

describe('trend visible data', () => {
  it('gives the visible span with x from its first point, unit and provenance', () => {
    const spec = { equipmentId: 'scope_1', channel: 'CH1', quantity: 'vpp' };
    const data = trendVisibleData(spec, points([1_000, 2_000, 3_000, 4_000], [1, 2, 3, 4]), 1.5, 3.5);
    expect(data.title).toBe('Trend scope_1 CH1 Vpp');
    expect(data.t0_ms).toBe(2_000);
    expect([...data.x]).toEqual([0, 1]);
    expect(data.series).toEqual([{ name: 'scope_1 CH1 Vpp', unit: 'V', values: new Float64Array([2, 3]) }]);
    expect(data).toMatchObject({
      x_name: 'time',
      x_unit: 's',
      provenance: { equipment_id: 'scope_1', quantity: 'vpp' },
    });
  });
});

describe('TrendSet', () => {
  it('keeps the chosen trends across a reload, fills them from history and live data, and removes one', async () => {
    const storage = new MemoryStorage();
    const first = new TrendSet('local', storage);
    expect(first.add({ equipmentId: 'psu_1', channel: 'CH1', quantity: 'voltage' })).toBe(true);
    expect(first.add({ equipmentId: 'psu_1', channel: 'CH1', quantity: 'voltage' })).toBe(false);
    first.add({ equipmentId: 'scope_1', channel: 'CH1', quantity: 'vpp' });

    const reloaded = new TrendSet('local', storage);
    expect(reloaded.list().map((s) => s.quantity)).toEqual(['voltage', 'vpp']);
    const asked: string[][] = [];
    await reloaded.connected(async (m) => {
      asked.push(m.keys);
      const reply: TrendHistoryMessage = {
        type: 'trend_history',
        series: [
          {
            key: 'psu_1/CH1/voltage',
            equipment_id: 'psu_1',
            channel: 'CH1',
            quantity: 'voltage',
            unit: 'V',
            t_ms: [100, 200],
            values: [5, 5.01],
          },
        ],
      };
      return reply;
    });
    expect(asked).toEqual([['psu_1/CH1/voltage', 'scope_1/CH1/vpp']]);
    reloaded.acceptReadings('psu_1', [
      {
        channel: 1,
        voltage_set: 5,
        current_set: 1,
        voltage_actual: 5.02,
        current_actual: 0.1,
        power: 0.5,
        output_enabled: true,
        in_cv_mode: true,
        in_cc_mode: false,
        timestamp: 200,
      },
      {
        channel: 1,
        voltage_set: 5,
        current_set: 1,
        voltage_actual: 5.03,
        current_actual: 0.1,
        power: 0.5,
        output_enabled: true,
        in_cv_mode: true,
        in_cc_mode: false,
        timestamp: 300,
      },
    ]);
    reloaded.acceptMeasurements('scope_1', 250, { CH1: { vpp: 2, vmax: 1, vmin: -1, vavg: 0, vrms: 0.7 } });
    expect(reloaded.points('psu_1/CH1/voltage')).toMatchObject({
      tMs: [100, 200, 300],
      values: [5, 5.01, 5.03],
    });
    expect(reloaded.points('scope_1/CH1/vpp').values).toEqual([2]);
    reloaded.remove('psu_1/CH1/voltage');
    expect(new TrendSet('local', storage).list().map((s) => s.quantity)).toEqual(['vpp']);
  });

  it('ignores stored trends that are not trends', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'benchtop.trends.v1.local',
      '[{"equipmentId":"psu_1"},"x",{"equipmentId":"a","channel":"CH1","quantity":"vpp"}]',
    );
    expect(new TrendSet('local', storage).list()).toEqual([
      { equipmentId: 'a', channel: 'CH1', quantity: 'vpp' },
    ]);
    storage.setItem('benchtop.trends.v1.local', 'not json');
    expect(new TrendSet('local', storage).list()).toEqual([]);
  });
});

describe('trend axis labels', () => {
  it('uses enough digits that close ticks differ, and four otherwise', () => {
    expect(trendTickLabels([999.9, 1000, 1000.1], 'Hz')).toEqual([
      '0.99990 kHz',
      '1.00000 kHz',
      '1.00010 kHz',
    ]);
    expect(trendTickLabels([0, 1, 2], 'V')).toEqual(['0 V', '1.000 V', '2.000 V']);
    expect(trendTickLabels([49.9, 50, 50.1], '%')).toEqual(['49.90 %', '50.00 %', '50.10 %']);
  });
});
