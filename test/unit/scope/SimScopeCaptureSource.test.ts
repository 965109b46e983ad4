/**
 * The scope's continuous digitiser: however a stream is cut into blocks, it is the same stream; a settings
 * change applies from the next block, phase-continuous; after a pause the signal has moved on by the time
 * paused; channel settings are read from the driver's get_parameters snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentHost } from '../../../src-main/instruments/host/InstrumentHost.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import {
  SimScopeCaptureSource,
  signalSpecOf,
} from '../../../src-main/instruments/scope/SimScopeCaptureSource.js';
import { systemClock } from '../../../src-main/util/clock.js';
import { openHost } from '../../helpers/hosts.js';

const RATE = 100_000;

function scope(): Promise<InstrumentHost> {
  return openHost(simScope());
}

function simScope(): SimOscilloscope {
  return new SimOscilloscope({
    seed: 1,
    initial: {
      channels: {
        1: { signal: 'sine', frequencyHz: 1_234, amplitudeVpp: 2, noiseVrms: 0, voltsPerDiv: 1 },
        2: { signal: 'square', frequencyHz: 700, amplitudeVpp: 1, noiseVrms: 0, voltsPerDiv: 1 },
      },
    },
  });
}

async function capture(
  source: SimScopeCaptureSource,
  sizes: number[],
  total: number,
): Promise<Float32Array[]> {
  const generator = source.open(['CH1', 'CH2'], RATE);
  const out = [new Float32Array(total), new Float32Array(total)];
  let first = 0;
  for (let i = 0; first < total; i++) {
    const count = Math.min(sizes[i % sizes.length]!, total - first);
    await generator.generate(
      count,
      1_000 + (first * 1000) / RATE,
      out.map((o) => o.subarray(first, first + count)),
    );
    first += count;
  }
  return out;
}

describe('SimScopeCaptureSource', () => {
  it("is the scope driver's own capture source, offered through its host", async () => {
    const host = await scope();
    expect(host.driverCaptureSource({ clock: systemClock })).toBeInstanceOf(SimScopeCaptureSource);
  });

  it('offers the scope channels with units and produces the same stream for any block split', async () => {
    const source = new SimScopeCaptureSource(await scope(), 7);
    expect(source.channels).toEqual(['CH1', 'CH2', 'CH3', 'CH4'].map((name) => ({ name, unit: 'V' })));
    const whole = await capture(source, [50_000], 50_000);
    const pieces = await capture(source, [1, 999, 4_096, 17, 30_000], 50_000);
    // The same samples to float rounding (the sine recurrence re-anchors at block starts).
    [0, 1].forEach((c) =>
      pieces[c]!.forEach((v, i) => expect(Math.abs(v - whole[c]![i]!)).toBeLessThan(1e-9)),
    );
    for (let i = 0; i < 50_000; i += 997)
      expect(whole[0]![i]).toBeCloseTo(Math.sin((2 * Math.PI * 1_234 * i) / RATE), 5);
  });

  it('applies a frequency change from a later block with the phase continuous', async () => {
    const driver = await scope();
    const generator = new SimScopeCaptureSource(driver, 7).open(['CH1'], RATE);
    const block = new Float32Array(20_000); // 200 ms of signal
    await generator.generate(20_000, 0, [block]);
    await driver.setParameter('frequency', 2_000, 1);
    // Settings are re-read every 200 ms of signal without holding up a block: the change shows one later.
    await generator.generate(20_000, 200, [block]);
    expect(block[1]).toBeCloseTo(Math.sin((2 * Math.PI * 1_234 * 20_001) / RATE), 5);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the re-read completes meanwhile
    await generator.generate(20_000, 400, [block]);
    const phase = (40_000 * 1_234) / RATE;
    expect(block[0]).toBeCloseTo(Math.sin(2 * Math.PI * phase), 5);
    expect(block[1]).toBeCloseTo(Math.sin(2 * Math.PI * (phase + 2_000 / RATE)), 5);
  });

  it('moves the signal on by the time paused', async () => {
    const generator = new SimScopeCaptureSource(await scope(), 7).open(['CH1'], RATE);
    const a = new Float32Array(100);
    await generator.generate(100, 0, [a]); // ends at 1 ms
    const b = new Float32Array(1);
    await generator.generate(1, 1 + 0.25, [b]); // 0.25 ms later than the next sample was due
    expect(b[0]).toBeCloseTo(Math.sin(2 * Math.PI * 1_234 * (0.001 + 0.00025)), 5);
  });

  it('reads a channel spec from get_parameters and says which setting is missing', async () => {
    const snapshot = await simScope().getParameters();
    expect(signalSpecOf('CH1', snapshot.channels[1])).toMatchObject({
      shape: 'sine',
      frequencyHz: 1_234,
      fullScaleV: 5,
    });
    expect(() => signalSpecOf('CH9', undefined)).toThrow(/CH9 setting "signal"/);
  });
});
