/**
 * The driver conformance suite: what every driver must do, whatever its instrument, so the host, the
 * streams and the renderer can rely on it. Call `describeDriverConformance` with a factory of fresh,
 * unconnected drivers (the registration's `create` is the usual one):
 *
 * - identity: it connects, identifies itself, and its catalog carries its id and kind;
 * - catalog: channels, streams and parameters are well formed (ranges ordered, choices given, channels that
 *   exist, no duplicates);
 * - round-trips: each settable parameter set to its range's ends and middle (each choice, both booleans)
 *   is applied within its range and read back as applied; a parameter absent from `getParameters` is an
 *   action (such as clear_protection) and is only set;
 * - refusals: out of range, a wrong type, an unknown parameter, a channel that does not exist — each refused
 *   with its DriverError code, and nothing changed;
 * - reads: one read of every stream it offers yields that stream's kind of sample (or, for a record, a
 *   reason there is none), and a stream it does not offer is refused;
 * - under the fault decorator, through a host: a stalled reply times out and is discarded, a lost reply is
 *   aborted, a dropped link goes offline and recovers;
 * - close: it closes, and the host refuses calls afterwards.
 *
 * A driver of a real instrument talks over a socket (to an emulator in these runs): its replies take real
 * time, which fake timers cannot advance. Such drivers pass `{ timing: 'real' }`, and the fault tests run on
 * real timers with bounds far above a loopback round trip (seconds, not the 100 ms the simulators get).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ENCODINGS,
  STREAM_TYPES,
  type InstrumentDescription,
  type ParameterInfo,
} from '../../shared/protocol/index.js';
import { FaultyDriver } from '../../src-main/instruments/faults/FaultyDriver.js';
import {
  DriverError,
  type InstrumentDriver,
  type ParameterSnapshot,
  type ParameterValue,
  type StreamSample,
} from '../../src-main/instruments/InstrumentDriver.js';
import { openHost } from '../helpers/hosts.js';

export type DriverFactory = () => Promise<InstrumentDriver>;

/** A connected driver and its catalog. */
async function connected(
  create: DriverFactory,
): Promise<{ driver: InstrumentDriver; info: InstrumentDescription }> {
  const driver = await create();
  await driver.connect();
  await driver.identify();
  return { driver, info: driver.capabilities() };
}

const where = (p: ParameterInfo): string =>
  p.channel === undefined ? p.name : `${p.name} (channel ${p.channel})`;

/** What `getParameters` reports for `p`, or undefined for an action it does not report. */
function reported(snapshot: ParameterSnapshot, p: ParameterInfo): ParameterValue | undefined {
  return p.channel === undefined ? snapshot.global[p.name] : snapshot.channels[p.channel]?.[p.name];
}

/** Values across a parameter's range: its ends and middle, each choice, both booleans. */
function valuesAcross(p: ParameterInfo): ParameterValue[] {
  switch (p.type) {
    case 'boolean':
      return [true, false];
    case 'enum':
      return [...(p.choices ?? [])];
    case 'number': {
      const min = p.min ?? -1;
      const max = p.max ?? 1;
      return [min, (min + max) / 2, max];
    }
  }
}

/** A value outside the parameter's range or type, and the code a refusal must carry. */
function outside(p: ParameterInfo): [ParameterValue, DriverError['code']][] {
  switch (p.type) {
    case 'boolean':
      return [['yes', 'invalid_value']];
    case 'enum':
      return [['no-such-choice', 'out_of_range']];
    case 'number': {
      const cases: [ParameterValue, DriverError['code']][] = [['5', 'invalid_value']];
      const span = (p.max ?? 0) - (p.min ?? 0);
      if (p.min !== undefined) cases.push([p.min - Math.max(1e-6, span * 0.01), 'out_of_range']);
      if (p.max !== undefined) cases.push([p.max + Math.max(1e-6, span * 0.01), 'out_of_range']);
      return cases;
    }
  }
}

function expectWithin(p: ParameterInfo, applied: ParameterValue): void {
  if (p.type === 'number') {
    expect(typeof applied, where(p)).toBe('number');
    if (p.min !== undefined) expect(applied, where(p)).toBeGreaterThanOrEqual(p.min);
    if (p.max !== undefined) expect(applied, where(p)).toBeLessThanOrEqual(p.max);
  } else if (p.type === 'enum') {
    expect(p.choices, where(p)).toContain(applied);
  } else {
    expect(typeof applied, where(p)).toBe('boolean');
  }
}

/** The kinds of sample a read of each stream type may yield. */
const SAMPLE_KINDS: Record<(typeof STREAM_TYPES)[number], StreamSample['kind'][]> = {
  readings: ['readings'],
  waveform: ['record', 'none'],
  measurements: ['measurements', 'none'],
};

export interface ConformanceOptions {
  /** `real` for drivers whose calls do I/O (a socket): fault tests then run on real timers. Default `fake`. */
  timing?: 'fake' | 'real';
}

export function describeDriverConformance(
  name: string,
  create: DriverFactory,
  options: ConformanceOptions = {},
): void {
  const real = options.timing === 'real';
  /** Lets `ms` pass: on fake timers by advancing them, on real ones by waiting. */
  const pass = (ms: number): Promise<unknown> =>
    real ? new Promise((resolve) => setTimeout(resolve, ms)) : vi.advanceTimersByTimeAsync(ms);
  // A real link's round trip must fit well inside the call timeout even on a loaded machine.
  const callTimeoutMs = real ? 2_000 : 100;
  const stallMs = real ? 2_500 : 300;
  describe(`driver conformance: ${name}`, () => {
    it('connects, identifies itself, and its catalog carries its id and kind', async () => {
      const driver = await create();
      await expect(driver.connect()).resolves.toBeUndefined();
      const identity = await driver.identify();
      for (const field of ['vendor', 'model', 'serial', 'firmware'] as const) {
        expect(identity[field], field).toMatch(/\S/);
      }
      const info = driver.capabilities();
      expect(info.id).toBe(driver.id);
      expect(info.kind).toBe(driver.kind);
      expect(info.model).toBe(identity.model);
      expect(info.serial).toBe(identity.serial);
    });

    it('publishes a well-formed catalog', async () => {
      const { info } = await connected(create);
      expect(info.channels.length).toBeGreaterThan(0);
      expect(new Set(info.channels.map((c) => c.name)).size).toBe(info.channels.length);
      for (const c of info.channels) {
        expect(c.name).toMatch(/\S/);
        expect(c.min, c.name).toBeLessThan(c.max);
      }
      expect(info.streams.length).toBeGreaterThan(0);
      expect(new Set(info.streams.map((s) => s.stream_type)).size).toBe(info.streams.length);
      for (const s of info.streams) {
        expect(STREAM_TYPES).toContain(s.stream_type);
        expect(s.min_interval_ms).toBeGreaterThan(0);
        expect(s.min_interval_ms).toBeLessThanOrEqual(s.max_interval_ms);
        expect(s.encodings.length).toBeGreaterThan(0);
        for (const e of s.encodings) expect(ENCODINGS).toContain(e);
      }
      const keys = info.parameters.map(where);
      expect(new Set(keys).size, 'a (name, channel) listed twice').toBe(keys.length);
      for (const p of info.parameters) {
        if (p.channel !== undefined) {
          expect(p.channel, where(p)).toBeGreaterThanOrEqual(1);
          expect(p.channel, where(p)).toBeLessThanOrEqual(info.channels.length);
        }
        if (p.type === 'enum') expect(p.choices?.length, where(p)).toBeGreaterThan(0);
        if (p.type === 'number' && p.min !== undefined && p.max !== undefined) {
          expect(p.min, where(p)).toBeLessThanOrEqual(p.max);
        }
      }
    });

    it('applies every settable parameter across its range and reads back what it applied', async () => {
      const { info } = await connected(create);
      for (const p of info.parameters) {
        // A fresh instrument per parameter: settings interact (a trip, a mode), and each is judged alone.
        const { driver } = await connected(create);
        for (const value of valuesAcross(p)) {
          const applied = await driver.setParameter(p.name, value, p.channel);
          expectWithin(p, applied);
          if (p.type !== 'number') expect(applied, where(p)).toBe(value);
          const back = reported(await driver.getParameters(), p);
          if (back !== undefined) expect(back, `${where(p)} read back`).toEqual(applied);
        }
      }
    });

    it('refuses values out of range or of the wrong type, unknown parameters and channels, changing nothing', async () => {
      const { driver, info } = await connected(create);
      const before = await driver.getParameters();
      for (const p of info.parameters) {
        for (const [value, code] of outside(p)) {
          const error = await driver.setParameter(p.name, value, p.channel).catch((err: unknown) => err);
          expect(error, `${where(p)} = ${JSON.stringify(value)}`).toBeInstanceOf(DriverError);
          expect((error as DriverError).code, `${where(p)} = ${JSON.stringify(value)}`).toBe(code);
        }
      }
      await expect(driver.setParameter('no_such_parameter', 1)).rejects.toMatchObject({
        code: 'unknown_parameter',
      });
      const perChannel = info.parameters.find((p) => p.channel !== undefined);
      if (perChannel) {
        await expect(
          driver.setParameter(perChannel.name, valuesAcross(perChannel)[0]!, info.channels.length + 1),
        ).rejects.toMatchObject({ code: 'out_of_range' });
      }
      const global = info.parameters.find((p) => p.channel === undefined);
      if (global) {
        await expect(driver.setParameter(global.name, valuesAcross(global)[0]!, 1)).rejects.toMatchObject({
          code: 'invalid_value',
        });
      }
      expect(await driver.getParameters()).toEqual(before);
    });

    it('reads every stream it offers, and refuses one it does not', async () => {
      const { driver, info } = await connected(create);
      for (const { stream_type } of info.streams) {
        const sample = await driver.read(stream_type);
        expect(SAMPLE_KINDS[stream_type], stream_type).toContain(sample.kind);
        expect(Number.isFinite(sample.timestampMs), stream_type).toBe(true);
        if (sample.kind === 'record') {
          expect(sample.record.sampleRateHz).toBeGreaterThan(0);
          expect(sample.record.channels.length).toBeGreaterThan(0);
          const length = sample.record.channels[0]!.samples.length;
          expect(length).toBeGreaterThan(0);
          for (const c of sample.record.channels) expect(c.samples.length).toBe(length);
        }
        if (sample.kind === 'readings') expect(sample.readings.length).toBe(info.channels.length);
      }
      const missing = STREAM_TYPES.find((t) => !info.streams.some((s) => s.stream_type === t));
      if (missing) await expect(driver.read(missing)).rejects.toBeInstanceOf(DriverError);
    });

    describe('under the fault decorator, through a host', () => {
      beforeEach(() => {
        if (!real) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
      });
      afterEach(() => vi.useRealTimers());

      it('times out a stalled reply and discards it; aborts a lost one; the next call gets its own answer', async () => {
        const faulty = new FaultyDriver(await create());
        const host = await openHost(faulty, { timing: { callTimeoutMs } });
        const before = await host.getParameters();
        faulty.configure({ stallProbability: 1, stallMs });
        const stalled = host.identify().catch((err: unknown) => err);
        await pass(callTimeoutMs);
        expect(await stalled).toMatchObject({ code: 'timeout' });
        faulty.configure({ stallProbability: 0 });
        const next = host.getParameters();
        await pass(stallMs - callTimeoutMs + 100);
        await expect(next).resolves.toEqual(before);
        // A driver with a real link does not send a call whose signal has already aborted: the late call
        // fails instead of returning a value, so there is nothing to discard — only the next answer to check.
        if (!real) expect(host.queue.lateDiscarded).toBe(1);

        faulty.configure({ lostReplyProbability: 1 });
        const lost = host.getParameters().catch((err: unknown) => err);
        await pass(callTimeoutMs);
        expect(await lost).toMatchObject({ code: 'timeout' });
        faulty.configure({ lostReplyProbability: 0 });
        await expect(host.getParameters()).resolves.toEqual(before);
        expect(host.state).toBe('online');
        await host.close();
      });

      it('goes offline when the link drops, and recovers by itself when it is back', async () => {
        const faulty = new FaultyDriver(await create());
        const host = await openHost(faulty, { backoff: { initialMs: 100, maxMs: 100, factor: 1 } });
        const stream = host.capabilities().streams[0]!.stream_type;
        faulty.disconnect();
        await expect(host.read(stream)).rejects.toMatchObject({ code: 'disconnected' });
        expect(host.state).toBe('offline');
        await pass(500);
        expect(host.state).toBe('offline');
        faulty.reconnect();
        await pass(100);
        // A real reconnect (socket, *IDN?) finishes when the instrument answers, not at a fixed instant.
        if (real)
          await vi.waitFor(() => expect(host.state).toBe('online'), { timeout: 30_000, interval: 20 });
        expect(host.state).toBe('online');
        expect(SAMPLE_KINDS[stream]).toContain((await host.read(stream)).kind);
        await host.close();
      });
    });

    it('closes, and its host refuses calls afterwards', async () => {
      const driver = await create();
      const host = await openHost(driver);
      expect(host.state).toBe('online');
      await host.close();
      await expect(host.getParameters()).rejects.toMatchObject({ code: 'disconnected' });
      await expect(driver.close()).resolves.toBeUndefined();
    });
  });
}
