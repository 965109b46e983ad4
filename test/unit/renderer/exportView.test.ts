import { describe, expect, it } from 'vitest';
import type { VisibleData } from '../../../shared/analysis/visibleData';
import {
  MAX_VIEW_EXPORT_VALUES,
  type ServerMessage,
  VIEW_PART_VALUES,
  base64ToFloat64,
} from '../../../shared/protocol';
import { copyProblem } from '../../../src-renderer/panels/export/ExportViewMenu';
import { uploadView, viewExportProblem } from '../../../src-renderer/panels/export/uploadView';
import { scopeVisibleData } from '../../../src-renderer/panels/scope/scopeVisibleData';
import type { WaveformView } from '../../../src-renderer/data/WaveformFeed';

const INSTRUMENT = { id: 'scope_1', label: 'Scope', vendor: 'RIGOL', model: 'DS1054Z', serial: 'DS1ZA1' };

function record(minMax = false): WaveformView {
  const xs = Float64Array.from({ length: 11 }, (_, i) => -0.005 + i * 0.001);
  return {
    xs,
    ys: [Float32Array.from(xs, (x) => x * 100), undefined, Float32Array.from(xs, () => 0.5), undefined],
    math: [Float32Array.from(xs, (x) => x * 2), undefined],
    minMax,
    triggered: true,
    t0Ms: 1_000_000,
  };
}

describe('the scope as VisibleData', () => {
  it('takes the points inside the span on screen, for the channels switched on that are in the record', () => {
    const data = scopeVisibleData({
      view: record(),
      xMinS: -0.0021,
      xMaxS: 0.002,
      enabled: [true, true, false, false],
      instrument: INSTRUMENT,
      settings: { global: { timebase: 0.001 }, channels: {} },
      benchId: 'local',
    })!;
    expect([...data.x].map((x) => Math.round(x * 1e6))).toEqual([-2000, -1000, 0, 1000, 2000]);
    // CH2 is on but not in the record; CH3 is in the record but off.
    expect(data.series.map((s) => s.name)).toEqual(['CH1']);
    expect(data.series[0]!.values).toHaveLength(5);
    expect(data.series[0]!.values[2]).toBeCloseTo(0, 9);
    expect(data.title).toBe('Scope DS1054Z');
    // x = 0 is the trigger; the record's first point (x = -5 ms) arrived at t0Ms.
    expect(data.t0_ms).toBeCloseTo(1_000_005, 6);
    expect(data.sample_rate_hz).toBeCloseTo(1000, 6);
    expect(data.provenance).toMatchObject({
      bench: 'local',
      equipment_id: 'scope_1',
      serial: 'DS1ZA1',
      settings: { global: { timebase: 0.001 } },
      visible_span_s: [-0.0021, 0.002],
    });
  });

  it('exports a math channel that is shown, under its display label and unit', () => {
    const data = scopeVisibleData({
      view: record(),
      xMinS: -0.0021,
      xMaxS: 0.002,
      enabled: [true, false, false, false],
      math: [
        { on: true, label: 'M1 = CH1 × CH2', unit: 'V²' },
        { on: false, label: 'M2', unit: 'V' },
      ],
      instrument: INSTRUMENT,
      settings: { global: {}, channels: {} },
      benchId: 'local',
    })!;
    expect(data.series.map((s) => [s.name, s.unit])).toEqual([
      ['CH1', 'V'],
      ['M1 = CH1 × CH2', 'V²'],
    ]);
    expect([...data.series[1]!.values].map((v) => Math.round(v * 1e6))).toEqual([
      -4000, -2000, 0, 2000, 4000,
    ]);
  });

  it('exports the whole record unzoomed, and gives no sample rate for min/max pairs', () => {
    const data = scopeVisibleData({
      view: record(true),
      xMinS: undefined,
      xMaxS: undefined,
      enabled: [true, false, true, false],
      instrument: INSTRUMENT,
      settings: undefined,
      benchId: 'local',
    })!;
    expect(data.x).toHaveLength(11);
    expect(data.series.map((s) => s.name)).toEqual(['CH1', 'CH3']);
    expect(data.sample_rate_hz).toBeUndefined();
    expect(String(data.provenance.display_record)).toMatch(/min\/max pair/);
  });

  it('is undefined before the first record', () => {
    const source = { xMinS: 0, xMaxS: 1, enabled: [true], instrument: INSTRUMENT, settings: undefined };
    expect(scopeVisibleData({ ...source, view: undefined, benchId: 'b' })).toBeUndefined();
  });
});

function view(rows: number, seriesCount = 1): VisibleData {
  const x = Float64Array.from({ length: rows }, (_, i) => i);
  return {
    title: 'T',
    x,
    x_name: 'time',
    x_unit: 's',
    series: Array.from({ length: seriesCount }, (_, s) => ({
      name: `S${s}`,
      unit: 'V',
      values: x.map((v) => v + s),
    })),
    provenance: {},
  };
}

describe('export view limits', () => {
  it('refuses an empty view and one over the bound, saying by how much', () => {
    expect(viewExportProblem(view(0))).toMatch(/no points in view/);
    expect(viewExportProblem(view(3, 0))).toMatch(/No channel is shown/);
    const rows = MAX_VIEW_EXPORT_VALUES / 2 + 1;
    expect(
      viewExportProblem({
        ...view(1),
        x: new Float64Array(rows),
        series: [{ name: 'a', unit: '', values: new Float64Array(rows) }],
      }),
    ).toMatch(/2 columns = 4,194,306 values; at most 4,194,304 .* zoom in/);
    expect(viewExportProblem(view(10))).toBeUndefined();
  });

  it('Copy values copies up to 100 000 rows and offers the file above', () => {
    expect(copyProblem(100_000)).toBeUndefined();
    expect(copyProblem(100_001)).toMatch(
      /100,001 rows; Copy values takes at most 100,000.*export the view as CSV/,
    );
    expect(copyProblem(0)).toMatch(/no values in view/);
  });
});

describe('uploadView', () => {
  it('sends the description, then every column in order in parts, and resolves with export_view_done', async () => {
    const data = view(VIEW_PART_VALUES + 5, 2);
    const sent: Record<string, unknown>[] = [];
    const connection = {
      request: <M extends ServerMessage>(command: Record<string, unknown>): Promise<M> => {
        sent.push(command);
        if (command.type === 'export_view')
          return Promise.resolve({
            type: 'export_view_ready',
            upload_id: 'u1',
            part_values: VIEW_PART_VALUES,
          } as M);
        const last = sent.length === 1 + 3 * 2;
        return Promise.resolve(
          (last
            ? {
                type: 'export_view_done',
                upload_id: 'u1',
                format: 'csv',
                path: '/x.csv',
                bytes: 1,
                sha256: '',
                rows: 1,
              }
            : { type: 'export_view_part_ok', upload_id: 'u1', received_values: 0 }) as M,
        );
      },
    };
    const fractions: number[] = [];
    const done = await uploadView(connection as never, data, 'csv', (f) => fractions.push(f));
    expect(done.type).toBe('export_view_done');
    expect(sent[0]).toMatchObject({
      type: 'export_view',
      row_count: VIEW_PART_VALUES + 5,
      series: [{ name: 'S0' }, { name: 'S1' }],
    });
    const parts = sent.slice(1);
    expect(parts.map((p) => [p.column, p.offset])).toEqual([
      [0, 0],
      [0, VIEW_PART_VALUES],
      [1, 0],
      [1, VIEW_PART_VALUES],
      [2, 0],
      [2, VIEW_PART_VALUES],
    ]);
    expect([...base64ToFloat64(parts[3]!.values as string)!]).toEqual([
      ...data.series[0]!.values.subarray(VIEW_PART_VALUES),
    ]);
    expect(fractions.at(-1)).toBe(1);
  });

  it('sends nothing for a view it refuses', async () => {
    const connection = { request: (): Promise<never> => Promise.reject(new Error('must not be called')) };
    await expect(uploadView(connection as never, view(0), 'csv')).rejects.toThrow(/no points in view/);
  });
});
