/**
 * The profile half of the conformance suite (see driverConformance.ts):
 *
 * - profile: a driver that declares a profile (shared/profiles) publishes every `required` parameter of it
 *   — per channel on every channel, or instrument-wide — and every profile parameter it publishes, required
 *   or not, has the profile's type and unit; it offers the profile's streams;
 * - discrete values and steps: a number's `values` are ascending and within its range, each one is applied
 *   as it is, and a value between two of them is applied as one of them; a `step` is positive;
 * - capture: a driver's own capture source (if it has one) captures a short run on an injected clock —
 *   fake timers drive the pump, so no wall-clock time is waited for — with every sample a finite number.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '../../shared/profiles/index.js';
import type { InstrumentDescription, ParameterInfo } from '../../shared/protocol/index.js';
import { openCapturePump } from '../../src-main/acquisition/capture/sources/capturePump.js';
import type { SampleBlock } from '../../src-main/acquisition/index.js';
import type { InstrumentDriver } from '../../src-main/instruments/InstrumentDriver.js';
import { systemClock } from '../../src-main/util/clock.js';
import { openHost } from '../helpers/hosts.js';

type DriverFactory = () => Promise<InstrumentDriver>;

const where = (p: ParameterInfo): string =>
  p.channel === undefined ? p.name : `${p.name} (channel ${p.channel})`;

async function described(
  create: DriverFactory,
): Promise<{ driver: InstrumentDriver; info: InstrumentDescription }> {
  const driver = await create();
  await driver.connect();
  await driver.identify();
  return { driver, info: driver.capabilities() };
}

/**
 * What keeps a catalog from following the profile it declares, one line each; empty when it follows it
 * (or declares none).
 */
export function profileViolations(info: InstrumentDescription): string[] {
  if (info.profile === undefined) return [];
  const profile = Object.hasOwn(PROFILES, info.profile) ? PROFILES[info.profile] : undefined;
  if (profile === undefined) {
    return [`declares profile "${info.profile}", which is not one of ${Object.keys(PROFILES).join(', ')}`];
  }
  const problems: string[] = [];
  const offered = info.streams.map((s) => s.stream_type);
  for (const stream of profile.streams) {
    if (!offered.includes(stream)) problems.push(`offers no ${stream} stream`);
  }
  for (const wanted of profile.parameters) {
    const published = info.parameters.filter((p) => p.name === wanted.name);
    if (wanted.required) {
      if (wanted.scope === 'channel') {
        const missing = info.channels
          .map((_, i) => i + 1)
          .filter((n) => !published.some((p) => p.channel === n));
        if (missing.length > 0) problems.push(`${wanted.name} is missing on channel ${missing.join(', ')}`);
      } else if (!published.some((p) => p.channel === undefined)) {
        problems.push(`${wanted.name} is missing (instrument-wide)`);
      }
    }
    for (const p of published) {
      if (p.type !== wanted.type) problems.push(`${where(p)} is ${p.type}, the profile says ${wanted.type}`);
      if (p.unit !== wanted.unit) {
        problems.push(
          `${where(p)} is in ${p.unit ?? 'no unit'}, the profile says ${wanted.unit ?? 'no unit'}`,
        );
      }
      if (wanted.scope === 'instrument' && p.channel !== undefined) {
        problems.push(`${where(p)} is per channel, the profile says instrument-wide`);
      }
    }
  }
  return problems;
}

export function describeProfileConformance(name: string, create: DriverFactory): void {
  describe(`profile conformance: ${name}`, () => {
    it('publishes every required parameter of the profile it declares, with its type and unit', async () => {
      const { info } = await described(create);
      expect(profileViolations(info)).toEqual([]);
    });

    it('applies exactly the discrete values it publishes, rounds between them, and gives positive steps', async () => {
      const { info } = await described(create);
      for (const p of info.parameters) {
        if (p.step !== undefined) expect(p.step, `${where(p)} step`).toBeGreaterThan(0);
        const values = p.values;
        if (values === undefined) continue;
        expect(p.type, where(p)).toBe('number');
        expect(values.length, where(p)).toBeGreaterThan(0);
        expect(
          [...values].sort((a, b) => a - b),
          `${where(p)} ascending`,
        ).toEqual(values);
        expect(new Set(values).size, `${where(p)} distinct`).toBe(values.length);
        if (p.min !== undefined) expect(values[0], where(p)).toBeGreaterThanOrEqual(p.min);
        if (p.max !== undefined) expect(values.at(-1), where(p)).toBeLessThanOrEqual(p.max);
        // A fresh instrument per parameter, as in the round-trips.
        const { driver } = await described(create);
        const middle = values[Math.floor(values.length / 2)]!;
        for (const value of [values[0]!, middle, values.at(-1)!]) {
          expect(await driver.setParameter(p.name, value, p.channel), `${where(p)} = ${value}`).toBe(value);
        }
        if (values.length >= 2) {
          const between = (values[0]! + values[1]!) / 2;
          const applied = await driver.setParameter(p.name, between, p.channel);
          expect(values, `${where(p)} = ${between} applied as ${String(applied)}`).toContain(applied);
        }
      }
    });

    describe('its own capture source, if it has one', () => {
      beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
      afterEach(() => vi.useRealTimers());

      it('captures a short run on an injected clock', async () => {
        const driver = await create();
        if (driver.captureSource === undefined) return; // captured on the generic path for its kind
        const host = await openHost(driver);
        const source = host.driverCaptureSource({ clock: systemClock });
        expect(source, 'captureSource returned nothing').toBeDefined();
        const channels = source!.channels.slice(0, 2).map((c) => c.name);
        expect(channels.length).toBeGreaterThan(0);
        for (const c of source!.channels) expect(c.unit, c.name).toMatch(/\S/);
        const rateHz = Math.min(1_000, source!.maxSampleRateHz);
        expect(await source!.admit?.({ mode: 'continuous', sampleRateHz: rateHz })).toBeUndefined();
        expect(await source!.settings()).toHaveProperty('identity');

        const blocks: SampleBlock[] = [];
        const errors: Error[] = [];
        const pump = openCapturePump(
          source!,
          { channels, sampleRateHz: rateHz },
          { clock: systemClock, blockIntervalMs: 20, maxBlockSamples: 4_096 },
          {
            onBlock: (b) =>
              blocks.push({ firstSample: b.firstSample, channels: b.channels.map((c) => c.slice()) }),
            onError: (e) => errors.push(e),
            onSegment: async () => undefined,
            onMissed: () => undefined,
          },
        );
        pump.start(systemClock.nowMs());
        await vi.advanceTimersByTimeAsync(200);
        await pump.pause();
        expect(errors).toEqual([]);
        expect(pump.produced).toBeGreaterThan(0);
        let next = 0;
        for (const block of blocks) {
          expect(block.firstSample, 'blocks follow each other').toBe(next);
          expect(block.channels).toHaveLength(channels.length);
          for (const values of block.channels) expect(values.every((v) => Number.isFinite(v))).toBe(true);
          next += block.channels[0]!.length;
        }
        expect(next).toBe(pump.produced);
        await host.close();
      });
    });
  });
}
