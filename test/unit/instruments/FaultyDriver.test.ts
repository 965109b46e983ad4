/**
 * The fault decorator around both simulators (it wraps any driver): dropped readings, injected throws,
 * disconnects (by hand, after N reads, healing after a while), latency, stalls, lost and garbled replies —
 * and what the host makes of the link failures.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { DriverError } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { openHost } from '../../helpers/hosts.js';

describe('FaultyDriver', () => {
  it('passes the driver through untouched when no fault is configured', async () => {
    const inner = new SimPowerSupply({ id: 'psu_1', seed: 1 });
    const psu = new FaultyDriver(inner);
    expect(psu.id).toBe('psu_1');
    expect(psu.kind).toBe('power_supply');
    expect(psu.capabilities()).toBe(inner.capabilities());
    expect(psu.captureSource).toBeTypeOf('function');
    expect(new FaultyDriver(new SimOscilloscope()).captureSource).toBeTypeOf('function');
    expect(psu.enterSafeState).toBeTypeOf('function');
    expect(new FaultyDriver(new SimOscilloscope()).enterSafeState).toBeUndefined();
    expect(await psu.setParameter('voltage_set', 4, 1)).toBe(4);
    expect((await inner.getParameters()).channels[1]!.voltage_set).toBe(4);
  });

  it.each([
    ['power supply', () => new SimPowerSupply({ seed: 1 }), 'readings'],
    ['oscilloscope', () => new SimOscilloscope({ seed: 11 }), 'waveform'],
  ] as const)(
    'drops reads of the %s (resolving with no sample), throws on request, and disconnects',
    async (_, make, stream) => {
      const d = new FaultyDriver(make(), { dropReadProbability: 1 });
      expect(await d.read(stream)).toMatchObject({ kind: 'none', reason: 'dropped' });
      d.configure({ dropReadProbability: 0 });
      d.throwOnNextRead(stream);
      await expect(d.read(stream)).rejects.toThrow(/injected fault/);
      expect((await d.read(stream)).kind).not.toBe('none');
      d.disconnect();
      await expect(d.read(stream)).rejects.toMatchObject({ code: 'disconnected' });
      await expect(d.getParameters()).rejects.toMatchObject({ code: 'disconnected' });
      await expect(d.identify()).rejects.toMatchObject({ code: 'disconnected' });
      await expect(d.connect()).rejects.toMatchObject({ code: 'disconnected' });
      d.reconnect();
      expect((await d.read(stream)).kind).not.toBe('none');
    },
  );

  it('throws on the next read of one stream type only, leaving the others alone', async () => {
    const d = new FaultyDriver(new SimOscilloscope({ seed: 11 }));
    d.throwOnNextRead('measurements');
    expect((await d.read('waveform')).kind).toBe('record');
    await expect(d.read('measurements')).rejects.toThrow(/measurements read: injected fault/);
    expect((await d.read('measurements')).kind).toBe('measurements');
  });

  it("throws on the next read of one reader only: another reader's read of the same type goes through", async () => {
    const d = new FaultyDriver(new SimOscilloscope({ seed: 11 }));
    d.throwOnNextRead('waveform', 'scope/waveform/30');
    // The measurements stream reads the record as a waveform read too, under its own key.
    expect((await d.read('waveform', { readerId: 'scope/measurements/50' })).kind).toBe('record');
    expect((await d.read('waveform')).kind).toBe('record');
    await expect(d.read('waveform', { readerId: 'scope/waveform/30' })).rejects.toThrow(/injected fault/);
    expect((await d.read('waveform', { readerId: 'scope/waveform/30' })).kind).toBe('record');
  });

  it('throws on chosen read numbers and disconnects after N reads', async () => {
    const d = new FaultyDriver(new SimOscilloscope({ seed: 11 }), {
      throwOnReads: [2],
      disconnectAfterReads: 3,
    });
    expect((await d.read('waveform')).kind).toBe('record');
    await expect(d.read('waveform')).rejects.toThrow(/read 2/);
    expect((await d.read('waveform')).kind).toBe('record');
    await expect(d.read('waveform')).rejects.toBeInstanceOf(DriverError);
    expect(d.disconnected).toBe(true);
  });

  it('fails the next call of any kind with a plain Error (a driver bug, not the link)', async () => {
    const d = new FaultyDriver(new SimPowerSupply({ seed: 1 }));
    d.failNextCall();
    const error = await d.getParameters().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DriverError);
    await expect(d.getParameters()).resolves.toBeDefined();
  });

  it('garbles replies (DriverError protocol, a link failure)', async () => {
    const d = new FaultyDriver(new SimPowerSupply({ seed: 1 }), { garbledReplyProbability: 1 });
    await expect(d.read('readings')).rejects.toMatchObject({ code: 'protocol', message: /garbled reply/ });
  });

  it('fails the same calls in a seeded run', async () => {
    const pattern = async (): Promise<string[]> => {
      const d = new FaultyDriver(new SimPowerSupply({ seed: 1 }), { dropReadProbability: 0.5, seed: 9 });
      const kinds: string[] = [];
      for (let i = 0; i < 20; i++) kinds.push((await d.read('readings')).kind);
      return kinds;
    };
    const first = await pattern();
    expect(first).toContain('none');
    expect(first).toContain('readings');
    expect(await pattern()).toEqual(first);
  });

  describe('on fake timers', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
    afterEach(() => vi.useRealTimers());

    it('delays every reply by the latency; the command reaches the instrument at once', async () => {
      const inner = new SimPowerSupply({ seed: 1 });
      const d = new FaultyDriver(inner, { latencyMs: 30 });
      let answered = false;
      const set = d.setParameter('voltage_set', 6, 1).then(() => (answered = true));
      await vi.advanceTimersByTimeAsync(29);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await set;
      expect((await inner.getParameters()).channels[1]!.voltage_set).toBe(6);
    });

    it('stalls a reply, and loses one until its caller aborts', async () => {
      const d = new FaultyDriver(new SimPowerSupply({ seed: 1 }), { stallProbability: 1, stallMs: 500 });
      let stalled = false;
      const read = d.read('readings').then(() => (stalled = true));
      await vi.advanceTimersByTimeAsync(499);
      expect(stalled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await read;

      d.configure({ stallProbability: 0, lostReplyProbability: 1 });
      const controller = new AbortController();
      const lost = d.getParameters(controller.signal).catch((err: unknown) => err);
      await vi.advanceTimersByTimeAsync(60_000);
      controller.abort(new DriverError('gave up', 'timeout'));
      expect(await lost).toMatchObject({ code: 'timeout', message: 'gave up' });
    });

    it('heals a disconnect by itself after reconnectAfterMs', async () => {
      const d = new FaultyDriver(new SimPowerSupply({ seed: 1 }), {
        disconnectAfterReads: 1,
        reconnectAfterMs: 1_000,
      });
      await d.read('readings');
      await expect(d.read('readings')).rejects.toMatchObject({ code: 'disconnected' });
      await vi.advanceTimersByTimeAsync(999);
      expect(d.disconnected).toBe(true);
      await vi.advanceTimersByTimeAsync(1);
      expect(d.disconnected).toBe(false);
      expect((await d.read('readings')).kind).toBe('readings');
    });

    it('under a host: a lost reply times out and is aborted; a garbled one takes the link down and it is reconnected', async () => {
      const d = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }));
      const host = await openHost(d, { backoff: { initialMs: 100, maxMs: 100, factor: 1 } });
      d.configure({ lostReplyProbability: 1 });
      const lost = host.read('readings', undefined, { timeoutMs: 200 }).catch((err: unknown) => err);
      await vi.advanceTimersByTimeAsync(200);
      expect(await lost).toMatchObject({ code: 'timeout' });
      expect(host.state).toBe('online');
      d.configure({ lostReplyProbability: 0, garbledReplyProbability: 1 });
      await expect(host.read('readings')).rejects.toMatchObject({ code: 'protocol' });
      expect(host.state).toBe('offline');
      d.configure({ garbledReplyProbability: 0 });
      await vi.advanceTimersByTimeAsync(100);
      expect(host.state).toBe('online');
      expect((await host.read('readings')).kind).toBe('readings');
      await host.close();
    });
  });
});
