/**
 * The instrument host on fake timers: open, the serial queue under concurrent callers, cancelling
 * timeouts whose late replies go to nobody, link loss, capped exponential reconnect, start-up offline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstrumentHost } from '../../../src-main/instruments/host/InstrumentHost.js';
import type { HostStateChange } from '../../../src-main/instruments/host/hostTypes.js';
import { DriverError, type StreamSample } from '../../../src-main/instruments/InstrumentDriver.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { answerAtOnce, deferred, ScriptedDriver, type DriverCall } from '../../helpers/ScriptedDriver.js';

const disconnected = (): DriverError => new DriverError('link down', 'disconnected');
const sample = (timestampMs: number): StreamSample => ({ kind: 'readings', timestampMs, readings: [] });

function makeHost(driver: ScriptedDriver, backoff = { initialMs: 100, maxMs: 400, factor: 2 }) {
  const host = new InstrumentHost(driver, { log: silentLogger, backoff });
  const changes: HostStateChange[] = [];
  host.onStateChange((c) => changes.push(c));
  return { host, changes };
}

/** Lets every pending promise callback run (no timer advances). */
const flush = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

describe('InstrumentHost', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('opens by connecting and identifying, then serves the catalog of the model found, online', async () => {
    const driver = new ScriptedDriver();
    const { host, changes } = makeHost(driver);
    expect(host.capabilities()).toMatchObject({
      id: 'dev_1',
      kind: 'power_supply',
      state: 'connecting',
      channels: [],
    });
    await host.open();
    expect(driver.calls.map((c) => c.method)).toEqual(['connect', 'identify']);
    expect(host.state).toBe('online');
    expect(host.identity).toMatchObject({ model: 'Scripted' });
    const info = host.capabilities();
    expect(info).toMatchObject({ model: 'Scripted', state: 'online', channels: [{ name: 'CH1' }] });
    expect(info.state_reason).toBeUndefined();
    expect(changes.map((c) => [c.previousState, c.state])).toEqual([['connecting', 'online']]);
  });

  it('runs concurrent callers strictly one at a time, in call order, each getting its own answer', async () => {
    const driver = new ScriptedDriver();
    const { host } = makeHost(driver);
    await host.open();
    const pending: { call: DriverCall; answer: (value: unknown) => void }[] = [];
    driver.handler = (call) => {
      const d = deferred<unknown>();
      pending.push({ call, answer: d.resolve });
      return d.promise;
    };
    const results = [
      host.getParameters(),
      host.setParameter('voltage_set', 2, 1),
      host.read('readings'),
      host.setParameter('voltage_set', 3, 1),
    ];
    const answers = [{ global: { n: 0 }, channels: {} }, 2, sample(7), 3];
    for (let i = 0; i < answers.length; i++) {
      await flush();
      // Only the call whose turn it is has reached the instrument.
      expect(pending).toHaveLength(i + 1);
      expect(driver.inFlight).toBe(1);
      pending[i]!.answer(answers[i]);
    }
    expect(await Promise.all(results)).toEqual(answers);
    expect(pending.map((p) => p.call.method)).toEqual([
      'getParameters',
      'setParameter',
      'read',
      'setParameter',
    ]);
    expect(pending[1]!.call.args).toEqual(['voltage_set', 2, 1]);
    expect(pending[3]!.call.args).toEqual(['voltage_set', 3, 1]);
    expect(driver.maxInFlight).toBe(1);
  });

  it('aborts a call at its timeout, answers its caller at once, and discards the late reply instead of handing it to the next caller', async () => {
    const driver = new ScriptedDriver();
    const { host } = makeHost(driver);
    await host.open();
    const slow = deferred<StreamSample>();
    driver.handler = (call) => (call.method === 'read' ? slow.promise : answerAtOnce(call));
    const late: StreamSample[] = [];
    const first = host.read('readings', undefined, { timeoutMs: 100, onLate: (s) => late.push(s) });
    const firstOutcome = first.catch((err: unknown) => err);
    const second = host.getParameters({ timeoutMs: 100 });

    await vi.advanceTimersByTimeAsync(100);
    const error = await firstOutcome;
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toMatchObject({ code: 'timeout', message: 'dev_1 readings read timed out after 100 ms' });
    const read = driver.callsOf('read')[0]!;
    expect(read.signal?.aborted).toBe(true);
    // The next call waits until the aborted one has settled: the instrument never has two at once.
    expect(driver.callsOf('getParameters')).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(300);
    slow.resolve(sample(1));
    // The late reply goes to its own caller's onLate, marked late; the next caller gets its own answer.
    await expect(second).resolves.toEqual({ global: {}, channels: { 1: { voltage_set: 1 } } });
    expect(late).toEqual([sample(1)]);
    expect(host.queue.lateDiscarded).toBe(1);
    expect(host.state).toBe('online');
    expect(driver.maxInFlight).toBe(1);
  });

  it('gives an in-memory driver one shared signal that never fires instead of one per call, and still times its calls out', async () => {
    const driver = new ScriptedDriver();
    driver.inMemory = true;
    const { host } = makeHost(driver);
    await host.open();
    await host.read('readings');
    await host.read('readings');
    const slow = deferred<StreamSample>();
    driver.handler = (call) => (call.method === 'read' ? slow.promise : answerAtOnce(call));
    const outcome = host.read('readings', undefined, { timeoutMs: 100 }).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toMatchObject({ code: 'timeout' });
    const [a, b, c] = driver.callsOf('read').map((call) => call.signal);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a?.aborted).toBe(false);
    slow.resolve(sample(1));
    await flush();
  });

  it('gives a link driver a signal of its own per call', async () => {
    const driver = new ScriptedDriver();
    const { host } = makeHost(driver);
    await host.open();
    await host.read('readings');
    await host.read('readings');
    const [a, b] = driver.callsOf('read').map((call) => call.signal);
    expect(a).toBeDefined();
    expect(b).not.toBe(a);
  });

  it('treats a call still running a grace period after its abort as a wedged link: offline, then reconnected', async () => {
    const driver = new ScriptedDriver();
    const { host, changes } = makeHost(driver);
    await host.open();
    driver.handler = (call) => (call.method === 'read' ? new Promise(() => {}) : answerAtOnce(call));
    const read = host.read('readings', undefined, { timeoutMs: 100 }).catch((err: unknown) => err);
    const waiting = host.getParameters().catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(100);
    expect(await read).toMatchObject({ code: 'timeout' });
    expect(host.state).toBe('online');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(host.state).toBe('offline');
    expect(host.stateReason).toBe('dev_1 readings read did not end 1000 ms after its timeout');
    // The call that waited behind the wedged one is refused, not sent down the dead link.
    expect(await waiting).toMatchObject({ code: 'disconnected', message: /dev_1 is offline/ });
    expect(driver.callsOf('getParameters')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(driver.callsOf('close')).toHaveLength(1);
    expect(host.state).toBe('online');
    expect(changes.map((c) => c.state)).toEqual(['online', 'offline', 'online']);
  });

  it('takes the link down after three timeouts in a row; an answer between resets the count', async () => {
    const driver = new ScriptedDriver();
    const { host } = makeHost(driver);
    await host.open();
    let answer = false;
    driver.handler = (call) => {
      if (call.method !== 'read' || answer) return answerAtOnce(call);
      // Honours the abort, as a driver should: settles as soon as it is told to stop.
      return new Promise((_, reject) =>
        call.signal!.addEventListener('abort', () => reject(call.signal!.reason)),
      );
    };
    const timeOut = async (): Promise<void> => {
      const outcome = host.read('readings', undefined, { timeoutMs: 50 }).catch((err: unknown) => err);
      await vi.advanceTimersByTimeAsync(50);
      expect(await outcome).toMatchObject({ code: 'timeout' });
    };
    await timeOut();
    await timeOut();
    answer = true;
    await host.read('readings');
    answer = false;
    await timeOut();
    await timeOut();
    expect(host.state).toBe('online');
    await timeOut();
    expect(host.state).toBe('offline');
    expect(host.stateReason).toMatch(
      /^3 calls in a row timed out \(last: dev_1 readings read timed out after 50 ms\)$/,
    );
  });

  it('goes offline on a dropped link, refuses calls at once, and reconnects with capped exponential backoff', async () => {
    const driver = new ScriptedDriver();
    const { host, changes } = makeHost(driver);
    await host.open();
    let down = true;
    const connectTimes: number[] = [];
    driver.handler = (call) => {
      if (call.method === 'connect') {
        connectTimes.push(Date.now());
        if (connectTimes.length > 5) down = false;
      }
      if (down && call.method !== 'close') throw disconnected();
      return answerAtOnce(call);
    };
    const lostAt = Date.now();
    await expect(host.read('readings')).rejects.toMatchObject({ code: 'disconnected', message: 'link down' });
    expect(host.state).toBe('offline');
    expect(host.stateReason).toBe('link down');
    const calls = driver.calls.length;
    await expect(host.getParameters()).rejects.toMatchObject({
      code: 'disconnected',
      message: 'dev_1 is offline (link down)',
    });
    expect(driver.calls.length).toBe(calls); // refused without touching the link

    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.state).toBe('online');
    // 100, 200, 400, then capped at 400 ms between attempts; the sixth succeeds.
    expect(connectTimes.map((t, i) => t - (i === 0 ? lostAt : connectTimes[i - 1]!))).toEqual([
      100, 200, 400, 400, 400, 400,
    ]);
    // One event each way, none per failed attempt; the way back says how long it took.
    expect(changes.map((c) => c.state)).toEqual(['online', 'offline', 'online']);
    expect(changes[2]!.offlineMs).toBe(connectTimes[5]! - lostAt);
    // Useful work resets the backoff: the next outage starts from the first delay again.
    await host.read('readings');
    down = true;
    connectTimes.length = 0;
    const lostAgain = Date.now();
    await expect(host.read('readings')).rejects.toThrow('link down');
    down = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(connectTimes).toEqual([lostAgain + 100]);
    expect(host.state).toBe('online');
  });

  it('opens offline when the instrument cannot be reached at start-up, and keeps retrying until it answers', async () => {
    const driver = new ScriptedDriver();
    let reachable = false;
    driver.handler = (call) => {
      if (call.method === 'connect' && !reachable)
        throw new DriverError('connection refused', 'disconnected');
      return answerAtOnce(call);
    };
    const { host, changes } = makeHost(driver);
    await host.open(); // resolves: nobody waits for an unreachable instrument
    expect(host.state).toBe('offline');
    expect(host.described).toBe(false);
    expect(host.capabilities()).toMatchObject({
      kind: 'power_supply',
      state: 'offline',
      state_reason: 'connection refused',
      streams: [],
    });
    await vi.advanceTimersByTimeAsync(700);
    expect(driver.callsOf('connect')).toHaveLength(4);
    reachable = true;
    await vi.advanceTimersByTimeAsync(400);
    expect(host.state).toBe('online');
    expect(host.described).toBe(true);
    expect(changes.map((c) => [c.previousState, c.state])).toEqual([
      ['connecting', 'offline'],
      ['offline', 'online'],
    ]);
  });

  it('is in error, not retried, when the instrument answers but cannot be used', async () => {
    const driver = new ScriptedDriver();
    driver.handler = (call) => {
      if (call.method === 'identify') throw new DriverError('model XYZ is not supported', 'fault');
      return answerAtOnce(call);
    };
    const { host } = makeHost(driver);
    await host.open();
    expect(host.state).toBe('error');
    expect(host.stateReason).toBe('model XYZ is not supported');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(driver.callsOf('connect')).toHaveLength(1);
    await expect(host.read('readings')).rejects.toMatchObject({ message: /dev_1 is error/ });
  });

  it('close stops the retries, refuses what is still waiting, and closes the driver once', async () => {
    const driver = new ScriptedDriver();
    driver.handler = (call) => {
      if (call.method === 'connect') throw disconnected();
      return answerAtOnce(call);
    };
    const { host } = makeHost(driver);
    await host.open();
    await host.close();
    await host.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(driver.callsOf('connect')).toHaveLength(1);
    expect(driver.callsOf('close').length).toBeGreaterThanOrEqual(1);
    await expect(host.getParameters()).rejects.toThrow('dev_1 has been closed');
  });

  it('forwards the driver’s own events', async () => {
    const driver = new ScriptedDriver();
    const { host } = makeHost(driver);
    const seen: string[] = [];
    host.onEvent((e) => seen.push(e.kind));
    driver.events.emit({
      equipmentId: 'dev_1',
      level: 'alarm',
      kind: 'protection_trip',
      message: '',
      timestampMs: 0,
    });
    expect(seen).toEqual(['protection_trip']);
  });
});
