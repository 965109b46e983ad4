import { describe, expect, it } from 'vitest';
import { visibleDataCsvTable } from '../../../shared/analysis/visibleCsv';
import type { SpectrumMessage } from '../../../shared/protocol/spectrum';
import { mathTraces, mathUnits } from '../../../src-renderer/panels/scope/mathSettings';
import { levelNear, levelsIn, spectrumVisibleData } from '../../../src-renderer/panels/fft/spectrumView';

const reply: SpectrumMessage = {
  type: 'spectrum',
  equipment_id: 'scope_1',
  channel: 'M1',
  window: 'hann',
  timestamp: 1_000,
  sample_rate: 1_000,
  record_length: 1_000,
  fft_size: 1_024,
  bin_hz: 1_000 / 1_024,
  frequency_hz: [0, 100, 200, 300],
  rms_v: [0.001, Math.SQRT1_2, 0.01, 0],
};

describe('math settings in the renderer', () => {
  it('turns the scope settings into traces with labels, units and scales', () => {
    const traces = mathTraces({
      math1_function: 'multiply',
      math1_source_a: 'CH1',
      math1_source_b: 'CH3',
      math1_scale: 0.5,
      math1_offset: 0.1,
      math2_function: 'off',
    });
    expect(traces).toHaveLength(2);
    expect(traces[0]).toEqual({
      on: true,
      label: 'M1 = CH1 × CH3',
      unit: 'V²',
      scale: { voltsPerDiv: 0.5, offsetV: 0.1 },
    });
    expect(traces[1]!.on).toBe(false);
    expect(mathUnits(traces)).toEqual({ M1: 'V²' });
  });

  it('reads a scope without math settings (an older backend) as math off', () => {
    expect(mathTraces({}).every((t) => !t.on)).toBe(true);
  });
});

describe('the FFT view', () => {
  it('shows levels in dBV or V rms', () => {
    expect(levelsIn(reply, 'dBV')[1]).toBeCloseTo(-3.0103, 4);
    expect(levelsIn(reply, 'V')[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('reads a cursor at the nearest point', () => {
    expect(levelNear(reply, 140, 'V')).toEqual({ frequencyHz: 100, level: Math.SQRT1_2 });
    expect(levelNear(reply, 260, 'V')!.frequencyHz).toBe(300);
    expect(levelNear(reply, 5_000, 'V')!.frequencyHz).toBe(300);
  });

  it('gives the visible span as VisibleData and CSV, with where it came from', () => {
    const data = spectrumVisibleData(reply, 'dBV', 'M1 = CH1 − CH2', { fromHz: 50, toHz: 250 });
    expect(data).toMatchObject({ title: 'FFT M1', x_name: 'frequency', x_unit: 'Hz' });
    expect([...data.x]).toEqual([100, 200]);
    expect(data.series[0]!.unit).toBe('dBV');
    expect(data.provenance).toMatchObject({ equipment_id: 'scope_1', window: 'Hann', fft_size: 1_024 });
    // The same table "Copy values" and the CSV export write (shared/analysis/visibleCsv).
    const csv = visibleDataCsvTable(data).trimEnd().split('\r\n');
    expect(csv[0]).toBe('frequency_hz,M1 = CH1 − CH2 level (dBV)');
    expect(csv).toHaveLength(3);
    expect(Number(csv[1]!.split(',')[1])).toBeCloseTo(-3.0103, 4);
  });
});
