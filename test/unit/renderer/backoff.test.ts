import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../../src-renderer/connection/backoff';

describe('backoffDelayMs (exponential, full jitter)', () => {
  it('retries the first time within 250 ms', () => {
    for (const r of [0, 0.3, 0.999999]) expect(backoffDelayMs(0, () => r)).toBeLessThan(250);
  });
  it('doubles the ceiling per attempt and caps it at 5 s', () => {
    const ceiling = (attempt: number): number => backoffDelayMs(attempt, () => 0.999999);
    expect(ceiling(1)).toBe(499);
    expect(ceiling(2)).toBe(999);
    expect(ceiling(4)).toBe(3999);
    expect(ceiling(5)).toBe(4999);
    expect(ceiling(50)).toBe(DEFAULT_BACKOFF.capMs - 1);
  });
  it('spreads delays over the whole range (full jitter), never negative', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(-4, () => 0.5)).toBe(125);
  });
});
