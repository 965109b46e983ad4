import { describe, expect, it } from 'vitest';
import { formatSi } from '../../../src-renderer/util/si';

describe('formatSi', () => {
  it('picks the prefix an instrument would show', () => {
    expect(formatSi(1000, 'Hz')).toBe('1.000 kHz');
    expect(formatSi(0.00025, 's')).toBe('250.0 µs');
    expect(formatSi(0.0125, 'V')).toBe('12.50 mV');
    expect(formatSi(-3.3, 'V')).toBe('-3.300 V');
    expect(formatSi(2.5e-9, 's')).toBe('2.500 ns');
    expect(formatSi(999.96, 'Hz')).toBe('1.000 kHz');
  });
  it('shows a dash for missing values and a plain zero', () => {
    expect(formatSi(undefined, 'V')).toBe('—');
    expect(formatSi(Number.NaN, 'V')).toBe('—');
    expect(formatSi(0, 'V')).toBe('0 V');
  });
});
