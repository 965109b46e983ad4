import { describe, expect, it } from 'vitest';
import type { ScopeRecord, StreamSample } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { Clock } from '../../../src-main/util/clock.js';

function manualClock(startMs = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms) => void (nowMs += ms) };
}

function recordOf(sample: StreamSample): ScopeRecord {
  if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
  return sample.record;
}

describe('SimOscilloscope: one acquisition serves several readers', () => {
  const waveform = { maxAgeMs: 50, readerId: 'scope_1/waveform/50' };
  const measurements = { maxAgeMs: 100, readerId: 'scope_1/measurements/100' };

  it('serves the latest record to another reader while it is younger than that reader’s interval', async () => {
    const clock = manualClock();
    const scope = new SimOscilloscope({ seed: 3, clock });
    const first = recordOf(await scope.read('waveform', waveform));
    clock.advance(30);
    const m = await scope.read('measurements', measurements);
    expect(m.kind).toBe('measurements');
    expect(scope.acquisitionCount).toBe(1);
    // The measurements are of that very record: its timestamp is the record's.
    const again = await scope.read('waveform', { maxAgeMs: 1_000, readerId: 'another/waveform' });
    expect(recordOf(again)).toBe(first);
    expect(m.timestampMs).toBe(again.timestampMs);
    expect(scope.acquisitionCount).toBe(1);
  });

  it('never serves a reader the same record twice, so a stream never repeats itself', async () => {
    const clock = manualClock();
    const scope = new SimOscilloscope({ seed: 3, clock });
    const a = recordOf(await scope.read('waveform', waveform));
    clock.advance(1);
    const b = recordOf(await scope.read('waveform', waveform));
    expect(b).not.toBe(a);
    expect(scope.acquisitionCount).toBe(2);
  });

  it('acquires anew once the record is older than the reader accepts, or a setting changed', async () => {
    const clock = manualClock();
    const scope = new SimOscilloscope({ seed: 3, clock });
    await scope.read('waveform', waveform);
    clock.advance(100);
    await scope.read('measurements', measurements);
    expect(scope.acquisitionCount).toBe(2);
    clock.advance(10);
    await scope.setParameter('amplitude', 4, 1);
    const after = await scope.read('waveform', waveform);
    expect(scope.acquisitionCount).toBe(3);
    expect(Math.max(...recordOf(after).channels[0]!.samples)).toBeGreaterThan(1.9);
  });

  it('acquires on every read when no hints are given (direct driver use)', async () => {
    const scope = new SimOscilloscope({ seed: 3, clock: manualClock() });
    await scope.read('waveform');
    await scope.read('measurements');
    expect(scope.acquisitionCount).toBe(2);
  });

  it('interleaved waveform (50 ms) and measurements (100 ms) readers cost one acquisition per waveform tick', async () => {
    const clock = manualClock();
    const scope = new SimOscilloscope({ seed: 3, clock });
    for (let t = 0; t < 1_000; t += 10) {
      if (t % 50 === 0) await scope.read('waveform', waveform);
      if ((t + 20) % 100 === 0) await scope.read('measurements', measurements);
      clock.advance(10);
    }
    expect(scope.acquisitionCount).toBe(20);
  });
});
