import { describe, expect, it } from 'vitest';
import { ByteBudget } from '../../../src-main/server/streams/ByteBudget.js';
import { resolveSessionOptions } from '../../../src-main/server/sessions/sessionOptions.js';
import { errorCodeOfDriverError } from '../../../src-main/server/instruments/parameterCommands.js';

describe('ByteBudget (sliding one-second window)', () => {
  it('admits payloads while they fit in the last second, and again as old ones leave the window', () => {
    const budget = new ByteBudget(1_000);
    expect(budget.tryConsume(400, 0)).toBe(true);
    expect(budget.tryConsume(400, 100)).toBe(true);
    expect(budget.tryConsume(400, 200)).toBe(false);
    expect(budget.usedBytes(200)).toBe(800);
    expect(budget.tryConsume(200, 300)).toBe(true);
    // At 1000 ms the first 400 bytes have left the window.
    expect(budget.tryConsume(400, 999)).toBe(false);
    expect(budget.tryConsume(400, 1_000)).toBe(true);
    expect(budget.usedBytes(2_400)).toBe(0);
  });

  it('never admits more than the budget in any window over a long run', () => {
    const budget = new ByteBudget(64_000_000);
    const admitted: [number, number][] = [];
    for (let t = 0; t < 20_000; t += 16) {
      if (budget.tryConsume(1_600_056, t)) admitted.push([t, 1_600_056]);
    }
    for (const [start] of admitted) {
      const inWindow = admitted
        .filter(([t]) => t >= start && t < start + 1_000)
        .reduce((s, [, b]) => s + b, 0);
      expect(inWindow).toBeLessThanOrEqual(64_000_000);
    }
    // 39 frames of 1.6 MB fit in 64 MB; the rest are refused.
    expect(admitted.length / 20).toBeCloseTo(39, 0);
  });
});

describe('session options', () => {
  it('fills in defaults and keeps a shrunken high watermark consistent', () => {
    const options = resolveSessionOptions({ highWatermarkBytes: 64 * 1024 });
    expect(options.slowConsumerMs).toBe(30_000);
    expect(options.fullResolutionBytesPerS).toBe(64_000_000);
    expect(options.lowWatermarkBytes).toBeLessThanOrEqual(options.highWatermarkBytes);
    expect(() => resolveSessionOptions({ lowWatermarkBytes: 10, highWatermarkBytes: 5 })).toThrow(RangeError);
    expect(() => resolveSessionOptions({ slowConsumerMs: -1 })).toThrow(RangeError);
  });

  it('checks the admission limits: queue bound above the watermark, a rate and burst that admit something', () => {
    expect(resolveSessionOptions({})).toMatchObject({
      helloTimeoutMs: 2_000,
      maxQueuedBytes: 32 * 1024 * 1024,
      commandsPerS: 200,
      commandBurst: 400,
    });
    expect(() => resolveSessionOptions({ maxQueuedBytes: 1024 * 1024 })).toThrow(/maxQueuedBytes/);
    expect(
      resolveSessionOptions({ maxQueuedBytes: 1024 * 1024, highWatermarkBytes: 256 * 1024 }),
    ).toMatchObject({ maxQueuedBytes: 1024 * 1024 });
    expect(() => resolveSessionOptions({ commandsPerS: 0 })).toThrow(/commandsPerS/);
    expect(() => resolveSessionOptions({ commandBurst: 0.5 })).toThrow(/commandBurst/);
  });
});

describe('driver errors on the wire', () => {
  it.each([
    ['out_of_range', 'out_of_range'],
    ['unknown_parameter', 'unknown_parameter'],
    ['invalid_value', 'invalid_message'],
    ['timeout', 'busy'],
    ['disconnected', 'instrument_fault'],
    ['fault', 'instrument_fault'],
  ] as const)('maps %s to %s', (driverCode, protocolCode) => {
    expect(errorCodeOfDriverError(driverCode)).toBe(protocolCode);
  });
});
