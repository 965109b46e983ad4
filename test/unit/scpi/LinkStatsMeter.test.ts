/** The link meter on an injected clock: percentiles, byte rates over the window, and what it counts. */
import { describe, expect, it } from 'vitest';
import { LinkStatsMeter, percentile } from '../../../src-main/instruments/scpi/transport/index.js';
import { manualClock } from '../../helpers/fakeInstruments.js';

describe('LinkStatsMeter', () => {
  it('takes nearest-rank p50 and p95 of the last 256 latencies', () => {
    const meter = new LinkStatsMeter(manualClock());
    for (let ms = 1; ms <= 100; ms++) meter.recordLatency(ms);
    expect(meter.snapshot()).toMatchObject({ latencyP50Ms: 50, latencyP95Ms: 95 });
    // 256 slow queries push the fast ones out of the window.
    for (let i = 0; i < 256; i++) meter.recordLatency(40);
    expect(meter.snapshot()).toMatchObject({ latencyP50Ms: 40, latencyP95Ms: 40 });
    expect(percentile([], 0.5)).toBe(0);
  });

  it('measures bytes per second in and out over the last 5 s, decaying to 0 on a quiet link', () => {
    const clock = manualClock();
    const meter = new LinkStatsMeter(clock);
    for (let i = 0; i < 11; i++) {
      meter.recordReceived(10_000);
      meter.recordSent(100);
      clock.advance(100);
    }
    // 110,000 bytes from t=0 to t=1,100 ms.
    let s = meter.snapshot();
    expect(s.receiveBytesPerS).toBeCloseTo(100_000, 6);
    expect(s.sendBytesPerS).toBeCloseTo(1_000, 6);
    expect(s.bytesReceived).toBe(110_000);
    expect(s.bytesSent).toBe(1_100);
    clock.advance(3_900); // t = 5,000 ms: still all in the window, spread over 5 s
    expect(meter.snapshot().receiveBytesPerS).toBeCloseTo(22_000, 6);
    clock.advance(6_000); // nothing for more than the window
    s = meter.snapshot();
    expect(s.receiveBytesPerS).toBe(0);
    expect(s.sendBytesPerS).toBe(0);
    expect(s.bytesReceived).toBe(110_000);
  });

  it('keeps the rate exact over many events while old ones leave the window', () => {
    const clock = manualClock();
    const meter = new LinkStatsMeter(clock);
    // 20,000 chunks of 50 bytes, one per ms: the window holds the last 5,001 of them.
    for (let i = 0; i < 20_000; i++) {
      meter.recordReceived(50);
      clock.advance(1);
    }
    clock.advance(-1); // to the last chunk's time
    expect(meter.snapshot().receiveBytesPerS).toBeCloseTo((5_001 * 50 * 1000) / 5_000, 6);
    expect(meter.snapshot().bytesReceived).toBe(1_000_000);
    clock.advance(5_001);
    expect(meter.snapshot().receiveBytesPerS).toBe(0);
    meter.recordReceived(10);
    clock.advance(10);
    meter.recordReceived(10);
    expect(meter.snapshot().receiveBytesPerS).toBeCloseTo(2_000, 6);
  });

  it('counts non-zero SYST:ERR? answers as instrument errors, in any spelling, and nothing else', () => {
    const meter = new LinkStatsMeter(manualClock());
    meter.recordReply('SYST:ERR?', '-222,"Data out of range"');
    meter.recordReply(':SYSTem:ERRor:NEXT?', '+113,"Undefined header"');
    meter.recordReply('SYST:ERR?', '0  No Error'); // Siglent's unquoted form
    meter.recordReply(':SYST:ERR?', '+0,"No error"');
    meter.recordReply(':MEAS:VOLT? CH1', '-5.000');
    meter.recordReply('*IDN?', '-1,strange');
    expect(meter.snapshot().instrumentErrors).toBe(2);
  });
});
