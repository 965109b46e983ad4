import { describe, expect, it } from 'vitest';
import {
  csvField,
  csvHeader,
  formatCsvRows,
  maxCsvRowBytes,
} from '../../../src-main/export/csv/csvFormat.js';
import { timeAxisOf, TimeTicks } from '../../../src-main/export/common/timeAxis.js';

const decoder = new TextDecoder();

function rows(frames: number[], frameWidth: number, columns: number[], firstSample = 0): string {
  const values = new Float32Array(frames);
  const count = values.length / frameWidth;
  const bytes = new Uint8Array(count * maxCsvRowBytes(columns.length));
  const axis = timeAxisOf({
    sample_rate_hz: 1000,
    t0_ms: 0,
    segments: [
      { first_sample: 0, t0_ms: 0 },
      { first_sample: 2, t0_ms: 1000 },
    ],
  });
  const end = formatCsvRows(
    bytes,
    new DataView(bytes.buffer),
    0,
    {
      frames: values,
      bits: new Int32Array(values.buffer),
      frameWidth,
      firstSample,
      count,
      columns,
    },
    new TimeTicks(axis, 3),
  );
  return decoder.decode(bytes.subarray(0, end));
}

describe('CSV text', () => {
  it('quotes only the fields that need it, doubling inner quotes', () => {
    expect(csvField('CH1 (V)')).toBe('CH1 (V)');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('names time_s and each channel with its unit in the header, CRLF-terminated', () => {
    const header = decoder.decode(
      csvHeader([
        { name: 'CH1', unit: 'V' },
        { name: 'ratio', unit: '' },
        { name: 'T', unit: '°C, "air"' },
      ]),
    );
    expect(header).toBe('time_s,CH1 (V),ratio,"T (°C, ""air"")"\r\n');
  });

  it('writes rows of picked columns with CRLF, NaN empty, time following the segments', () => {
    const frames = [1, 2, 3, -0.5, NaN, 6, 7, 8, 9, 1e-9, 1e20, Infinity];
    expect(rows(frames, 3, [2, 0])).toBe(
      '0.000,3,1\r\n0.001,6,-0.5\r\n1.000,9,7\r\n1.001,inf,9.99999972e-10\r\n',
    );
    expect(rows([1, NaN], 2, [1, 0], 2)).toBe('1.000,,1\r\n');
  });

  it('never needs more than maxCsvRowBytes per row', () => {
    const worst = [-0.000123456789, -1.23456789e-38, -3.4028234e38, -1.17549435e-38];
    const text = rows(worst, 4, [0, 1, 2, 3]);
    expect(text.length).toBeLessThanOrEqual(maxCsvRowBytes(4));
  });
});
