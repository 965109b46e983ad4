/**
 * Safe state on link loss: off by default; when configured, power-supply outputs go to the configured
 * state once no authenticated client has been connected for the set time, and the event reaches the next
 * client. The countdown runs on hand-driven timers: "wait 4 s" is `timers.advance(4_000)`, so the tests
 * check the exact moment it starts, and never depend on how fast this machine is.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import type { EventMessage, ParameterSetMessage } from '../../../shared/protocol/index.js';
import { parseCliOptions } from '../../../src-main/cliOptions.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { ManualTimers } from '../../helpers/manualTimers.js';
import { TestClient, until } from '../../helpers/testBackend.js';

describe('safe state on link loss', () => {
  const fixture = useTestBackend({ lazy: true });

  /** CH2 on; read back from the driver itself, since connecting a client to ask would re-arm the watchdog. */
  function bench(): { psu: SimPowerSupply; outputs(): Promise<boolean[]>; voltages(): Promise<number[]> } {
    const psu = new SimPowerSupply({
      id: 'psu_1',
      seed: 2,
      initial: { ...DEMO_BENCH, 2: { ...DEMO_BENCH[2], outputEnabled: true } },
    });
    const channel = async (name: string): Promise<unknown[]> => {
      const { channels } = await psu.getParameters();
      return [1, 2, 3].map((ch) => channels[ch]![name]);
    };
    return {
      psu,
      outputs: async () => (await channel('output_enabled')) as boolean[],
      voltages: async () => (await channel('voltage_set')) as number[],
    };
  }

  async function start(
    psu: SimPowerSupply,
    afterS: number,
    voltageV?: number,
  ): Promise<{ backend: Backend; timers: ManualTimers }> {
    const timers = new ManualTimers();
    const backend = await fixture.start({
      drivers: [psu],
      safeState: voltageV === undefined ? { afterS, mode: 'off' } : { afterS, mode: 'voltage', voltageV },
      safeStateTimers: timers,
    });
    return { backend, timers };
  }

  /** Runs the countdown forward and waits for whatever it started to reach the instruments. */
  async function advance(backend: Backend, timers: ManualTimers, ms: number): Promise<void> {
    timers.advance(ms);
    await backend.watchdog!.settled();
  }

  async function visitAndEnableCh1(backend: Backend): Promise<void> {
    const client = await TestClient.connect(backend);
    const reply = await client.request<ParameterSetMessage>({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 1,
      parameter: 'output_enabled',
      value: true,
    });
    expect(reply.type).toBe('parameter_set');
    await client.close();
  }

  it('is off by default: outputs stay as they were with nobody connected', async () => {
    const { psu, outputs } = bench();
    const backend = await fixture.start({ drivers: [psu] });
    expect(backend.watchdog).toBeUndefined();
    expect(parseCliOptions([]).safeStateAfterS).toBeUndefined();
    expect(await outputs()).toEqual([true, true, false]);
  });

  it('turns outputs off the set time after the last client left, and tells the next client', async () => {
    const { psu, outputs } = bench();
    const { backend, timers } = await start(psu, 3);
    const first = await TestClient.connect(backend);
    await until(() => !backend.watchdog!.armed, 'the watchdog to see the client');
    await advance(backend, timers, 60_000); // a client is connected: nothing happens however long
    expect(await outputs()).toEqual([true, true, false]);

    await first.close();
    await until(() => backend.watchdog!.armed, 'the countdown to start when the client left');
    await advance(backend, timers, 2_999);
    expect(await outputs()).toEqual([true, true, false]);
    await advance(backend, timers, 1);
    expect(await outputs()).toEqual([false, false, false]);

    const next = await TestClient.connect(backend);
    const event = await next.next<EventMessage>((m) => m.type === 'event' && m.kind === 'safe_state');
    expect(event).toMatchObject({ level: 'alarm', equipment_id: 'psu_1' });
    expect(event.message).toContain('outputs turned off');
    await next.close();
  });

  it('applies again after a visit shorter than its check period (issue 15, attack a)', async () => {
    const { psu, outputs } = bench();
    const { backend, timers } = await start(psu, 3);
    await advance(backend, timers, 4_000); // started, nobody came: applied once
    expect(await outputs()).toEqual([false, false, false]);

    // Connect, turn CH1 on, leave at once: a once-a-second sampler never saw this client.
    await visitAndEnableCh1(backend);
    expect(await outputs()).toEqual([true, false, false]);
    await until(() => backend.watchdog!.armed, 'the countdown to restart when the visitor left');
    await advance(backend, timers, 3_000);
    expect(await outputs()).toEqual([false, false, false]);
  });

  it('counts only authenticated sessions: token-less connections keep nothing on (issue 15, attack b)', async () => {
    const { psu, outputs } = bench();
    const { backend, timers } = await start(psu, 3);
    await visitAndEnableCh1(backend);
    await until(() => backend.watchdog!.armed, 'the countdown to start');
    // Connections that never send a token, and one with a wrong token, come and go throughout.
    const tokenless = await Promise.all(
      Array.from({ length: 8 }, () => fixture.track(new TestClient(backend.wsUrl))).map(async (c) => {
        await c.opened;
        return c;
      }),
    );
    const wrong = fixture.track(new TestClient(`${backend.wsUrl}?token=wrong`));
    await wrong.closed;
    expect(backend.server.pendingCount).toBe(8);
    expect(backend.watchdog!.sessionCount).toBe(0);
    expect(backend.watchdog!.armed).toBe(true);
    await advance(backend, timers, 3_000);
    expect(await outputs()).toEqual([false, false, false]);
    expect(tokenless.every((c) => c.ws.readyState === c.ws.OPEN)).toBe(true);
  });

  it('restarts the countdown from the last of several clients to leave', async () => {
    const { psu, outputs } = bench();
    const { backend, timers } = await start(psu, 3);
    const a = await TestClient.connect(backend);
    const b = await TestClient.handshake(backend);
    await until(() => backend.watchdog!.sessionCount === 2, 'both clients to be counted');
    await a.close();
    await until(() => backend.watchdog!.sessionCount === 1, 'the first to leave');
    expect(backend.watchdog!.armed).toBe(false);
    await advance(backend, timers, 10_000);
    expect(await outputs()).toEqual([true, true, false]);
    await b.close();
    await until(() => backend.watchdog!.armed, 'the countdown to start');
    await advance(backend, timers, 3_000);
    expect(await outputs()).toEqual([false, false, false]);
  });

  it('can lower the voltage instead, leaving outputs on', async () => {
    const { psu, outputs, voltages } = bench();
    const { backend, timers } = await start(psu, 0.1, 1);
    await advance(backend, timers, 100);
    expect(await voltages()).toEqual([1, 1, 1]);
    expect(await outputs()).toEqual([true, true, false]);
  });

  it('validates its CLI flags', () => {
    expect(parseCliOptions(['--safe-state-after', '30'])).toMatchObject({
      safeStateAfterS: 30,
      safeStateVoltageV: undefined,
    });
    expect(() => parseCliOptions(['--safe-state-after', '0'])).toThrow(/--safe-state-after/);
    expect(() => parseCliOptions(['--safe-state-voltage', '1'])).toThrow(/needs --safe-state-after/);
  });
});
