import { describe, expect, it } from 'vitest';
import { CommandRateLimit } from '../../../src-main/server/sessions/CommandRateLimit.js';
import { TokenBucket } from '../../../src-main/server/sessions/TokenBucket.js';

function takeAll(bucket: TokenBucket, nowMs: number, attempts: number): number {
  let taken = 0;
  for (let i = 0; i < attempts; i++) if (bucket.tryTake(nowMs)) taken++;
  return taken;
}

describe('TokenBucket', () => {
  it('admits a burst of `burst` at once, then nothing until time passes', () => {
    const bucket = new TokenBucket(200, 400);
    expect(takeAll(bucket, 1_000, 1_000)).toBe(400);
    expect(bucket.tryTake(1_000)).toBe(false);
  });

  it('refills at the rate, and no further than the burst', () => {
    const bucket = new TokenBucket(200, 400);
    takeAll(bucket, 0, 400);
    expect(takeAll(bucket, 100, 1_000)).toBe(20); // 100 ms at 200/s
    expect(takeAll(bucket, 60_100, 1_000)).toBe(400); // a minute idle refills only to the burst
  });

  it('holds the average to the rate over a long run of requests at twice the rate', () => {
    const bucket = new TokenBucket(200, 400);
    let taken = 0;
    for (let t = 0; t < 10_000; t += 2.5) if (bucket.tryTake(t)) taken++; // 400/s offered for 10 s
    expect(taken).toBeGreaterThanOrEqual(400 + 200 * 10 - 1);
    expect(taken).toBeLessThanOrEqual(400 + 200 * 10 + 1);
  });

  it('never refills from a clock that went backwards', () => {
    const bucket = new TokenBucket(1, 1);
    expect(bucket.tryTake(5_000)).toBe(true);
    expect(bucket.tryTake(1_000)).toBe(false);
    expect(bucket.tryTake(5_999)).toBe(false);
    expect(bucket.tryTake(6_000)).toBe(true);
  });

  it('refuses a rate or burst that admits nothing', () => {
    expect(() => new TokenBucket(0, 10)).toThrow(RangeError);
    expect(() => new TokenBucket(10, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe('CommandRateLimit', () => {
  it('runs a burst, refuses the next burst’s worth, then says close', () => {
    const limit = new CommandRateLimit(200, 400);
    const verdicts = Array.from({ length: 801 }, () => limit.judge(0));
    expect(verdicts.slice(0, 400).every((v) => v === 'run')).toBe(true);
    expect(verdicts.slice(400, 800).every((v) => v === 'refuse')).toBe(true);
    expect(verdicts[800]).toBe('close');
  });

  it('closes a flood however it is spread: 50,000 messages a second for 100 ms', () => {
    const limit = new CommandRateLimit(200, 400);
    let closedAtMs: number | undefined;
    for (let i = 0; i < 5_000 && closedAtMs === undefined; i++) {
      if (limit.judge(i * 0.02) === 'close') closedAtMs = i * 0.02;
    }
    expect(closedAtMs).toBeDefined();
    expect(closedAtMs!).toBeLessThan(20);
  });

  it('never closes a client at up to twice the rate; it runs at the rate and is refused the rest', () => {
    const limit = new CommandRateLimit(200, 400);
    const counts = { run: 0, refuse: 0, close: 0 };
    for (let t = 0; t < 60_000; t += 2.5) counts[limit.judge(t)]++; // 400/s for a minute
    expect(counts.close).toBe(0);
    expect(counts.run).toBeGreaterThanOrEqual(400 + 200 * 60 - 1);
    expect(counts.run).toBeLessThanOrEqual(400 + 200 * 60 + 1);
  });
});
