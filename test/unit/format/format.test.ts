import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../shared/format/bytes.js';
import { formatHertz, formatSeconds } from '../../../shared/format/quantities.js';

describe('formatBytes', () => {
  it('uses binary units labelled as such, with three significant digits or more', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(44)).toBe('44 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(500 * 1024 ** 2)).toBe('500 MiB');
    expect(formatBytes(77 * 1024 ** 3)).toBe('77.0 GiB');
    expect(formatBytes(64 + 250_000 * 10_000_000 * 16)).toBe('36.4 TiB');
  });

  it('moves to the next unit instead of printing 1024 of one', () => {
    expect(formatBytes(1023.8 * 1024)).toBe('1.00 MiB');
    expect(formatBytes(1023 * 1024)).toBe('1023 KiB');
  });

  it('shows a dash, never "NaN KB" or a negative size, for what is not a size', () => {
    // The capture form used to print "≈ NaN KB" (rate "abc") and "≈ -39999936 B" (duration -1).
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-39_999_936)).toBe('—');
    expect(formatBytes(Infinity)).toBe('—');
  });
});

describe('formatSeconds and formatHertz', () => {
  it('read as a bench instrument would show them', () => {
    expect(formatSeconds(0.001)).toBe('1 ms');
    expect(formatSeconds(1e-7)).toBe('100 ns');
    expect(formatSeconds(2.5e-5)).toBe('25 µs');
    expect(formatSeconds(1000)).toBe('1000 s');
    expect(formatSeconds(1 / 3)).toBe('333.333 ms');
    expect(formatHertz(0.001)).toBe('0.001 Hz');
    expect(formatHertz(1000)).toBe('1 kHz');
    expect(formatHertz(44_100)).toBe('44.1 kHz');
    expect(formatHertz(10_000_000)).toBe('10 MHz');
  });
});
