import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FIXED_CHARS,
  MAX_FLOAT32_CHARS,
  TextBuffer,
} from '../../../src-main/export/common/formatNumber.js';

const decoder = new TextDecoder();
const buffer = new TextBuffer(64);
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

function text(value: number): string {
  buffer.reset();
  buffer.float32(value);
  return decoder.decode(buffer.written());
}

function fromBits(pattern: number): number {
  bits[0] = pattern;
  return asFloat[0]!;
}

function fixed(ticks: number, decimals: number): string {
  buffer.reset();
  buffer.fixed(ticks, decimals);
  return decoder.decode(buffer.written());
}

/** Reads `value`'s text back as a float32 and compares bit patterns (so -0 and NaN count). */
function roundTrips(value: number): boolean {
  const back = new Float32Array([Number(text(value) === '' ? NaN : text(value))]);
  const original = new Float32Array([value]);
  return new Uint32Array(back.buffer)[0] === new Uint32Array(original.buffer)[0] || Number.isNaN(value);
}

describe('float32 text', () => {
  it('writes the shortest %.9g form', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [0.5, '0.5'],
      [10, '10'],
      [100_000_000, '100000000'],
      [1e9, '1e9'],
      [123_456_789, '123456792'],
      [0.1, '0.100000001'],
      [0.001, '0.00100000005'],
      [1e-4, '9.99999975e-5'],
      [2e-4, '0.000199999995'],
      [1.2345e-4, '0.000123449994'],
      [1e-5, '9.99999975e-6'],
      [-3.4028234663852886e38, '-3.40282347e38'],
      [1.17549435e-38, '1.17549435e-38'],
      [1.4e-45, '1.40129846e-45'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, ''],
    ];
    for (const [value, expected] of cases) expect(text(value), String(value)).toBe(expected);
  });

  it('round-trips every float32 exactly (random bit patterns, every exponent)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (pattern) => {
        const value = fromBits(pattern);
        return roundTrips(value) && text(value).length <= MAX_FLOAT32_CHARS;
      }),
      { numRuns: 200_000 },
    );
    for (let exponent = 0; exponent < 255; exponent++) {
      for (const mantissa of [0, 1, 0x400000, 0x7fffff, 0x123456]) {
        for (const sign of [0, 1]) {
          const value = fromBits(((sign << 31) | (exponent << 23) | mantissa) >>> 0);
          expect(roundTrips(value), `${value}`).toBe(true);
        }
      }
    }
  });

  it('handles NaN of either sign and with payloads as an empty field', () => {
    for (const pattern of [0x7fc00000, 0xffc00000, 0x7f800001, 0xff812345])
      expect(text(fromBits(pattern))).toBe('');
  });

  it('divides by powers of ten exactly through the multiply-and-truncate shortcut', () => {
    // The formatter truncates v·1e-8, v·1e-4, v·0.01 and v·0.1 instead of dividing; check every boundary.
    for (const [scale, divisor, limit] of [
      [1e-8, 1e8, 1e9],
      [1e-4, 1e4, 1e8],
      [0.1, 10, 1e5],
    ] as const) {
      for (let q = 0; q * divisor < limit; q += q < 1000 ? 1 : 997) {
        for (const v of [q * divisor - 1, q * divisor, q * divisor + divisor - 1]) {
          if (v < 0 || v >= limit) continue;
          expect((v * scale) | 0, `${v} / ${divisor}`).toBe(Math.floor(v / divisor));
        }
      }
    }
  });
});

describe('fixed-point time text', () => {
  it('writes ticks as a fixed number of decimals', () => {
    expect(fixed(0, 6)).toBe('0.000000');
    expect(fixed(1, 6)).toBe('0.000001');
    expect(fixed(12_000_500, 6)).toBe('12.000500');
    expect(fixed(-1_500, 3)).toBe('-1.500');
    expect(fixed(7, 0)).toBe('7');
    expect(fixed(123_456_789_012_345, 12)).toBe('123.456789012345');
    expect(fixed(2 ** 53 - 1, 3)).toBe('9007199254740.991');
    expect(fixed(2 ** 53 - 1, 3).length).toBeLessThanOrEqual(MAX_FIXED_CHARS);
  });

  it('matches toFixed for any tick count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 9 }), (ticks, decimals) => {
        return (
          fixed(ticks, decimals) === (ticks / 10 ** decimals).toFixed(decimals) ||
          ticks / 10 ** decimals >= 1e21
        );
      }),
      { numRuns: 20_000 },
    );
  });
});
