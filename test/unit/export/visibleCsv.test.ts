import { describe, expect, it } from 'vitest';
import { csvTextField, visibleDataCsvTable } from '../../../shared/analysis/visibleCsv.js';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import { base64ToFloat64, float64ToBase64 } from '../../../shared/protocol/exportView.js';

function data(overrides: Partial<VisibleData> = {}): VisibleData {
  return {
    title: 'Scope',
    x: Float64Array.of(-0.001, 0, 0.001),
    x_name: 'time',
    x_unit: 's',
    series: [
      { name: 'CH1', unit: 'V', values: Float64Array.of(1.5, NaN, -2e-7) },
      { name: 'ratio', unit: '', values: Float64Array.of(Infinity, -Infinity, 0.1) },
    ],
    provenance: {},
    ...overrides,
  };
}

describe('view CSV ("Copy values" and the export\'s table)', () => {
  it('writes the CSV export header, one CRLF row per point, NaN empty, infinities as inf', () => {
    expect(visibleDataCsvTable(data())).toBe(
      'time_s,CH1 (V),ratio\r\n-0.001,1.5,inf\r\n0,,-inf\r\n0.001,-2e-7,0.1\r\n',
    );
  });

  it('heads a spectrum frequency_hz', () => {
    const text = visibleDataCsvTable(data({ x_name: 'frequency', x_unit: 'Hz', series: [] }));
    expect(text.split('\r\n')[0]).toBe('frequency_hz');
  });

  it('guards names a spreadsheet would run as formulas, and quotes as RFC 4180 asks', () => {
    expect(csvTextField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvTextField('+1')).toBe("'+1");
    expect(csvTextField('@SUM')).toBe("'@SUM");
    expect(csvTextField('M1 = CH1 − CH2')).toBe('M1 = CH1 − CH2');
    expect(csvTextField('T (°C, "air")')).toBe('"T (°C, ""air"")"');
    const text = visibleDataCsvTable(
      data({ series: [{ name: '-CH1', unit: 'V', values: Float64Array.of(-1, -2, -3) }] }),
    );
    // The name is guarded; negative numbers are numbers, never prefixed.
    expect(text).toBe("time_s,'-CH1 (V)\r\n-0.001,-1\r\n0,-2\r\n0.001,-3\r\n");
  });
});

describe('view upload encoding', () => {
  it('round-trips float64 values bit for bit through base64', () => {
    const values = Float64Array.of(0, -0, 1e-300, NaN, Infinity, Math.PI, -123.456);
    const back = base64ToFloat64(float64ToBase64(values))!;
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('refuses text that is not whole float64 values in base64', () => {
    expect(base64ToFloat64('not base64!')).toBeUndefined();
    expect(base64ToFloat64(btoa('1234567'))).toBeUndefined();
    expect(base64ToFloat64('')).toBeUndefined();
  });
});
