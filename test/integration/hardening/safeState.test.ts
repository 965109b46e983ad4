/**
 * Safe state on link loss: off by default; when configured, power-supply outputs go to the configured
 * state once no client has been connected for the set time, and the event reaches the next client.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import type { EventMessage, ParametersMessage } from '../../../shared/protocol/index.js';
import { parseCliOptions } from '../../../src-main/cliOptions.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { sleep, TestClient } from '../../helpers/testBackend.js';

async function outputs(backend: Backend): Promise<boolean[]> {
  const client = await TestClient.connect(backend);
  try {
    const reply = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    return [1, 2, 3].map((ch) => reply.channels[ch]!.output_enabled as boolean);
  } finally {
    await client.close();
  }
}

describe('safe state on link loss', () => {
  const fixture = useTestBackend({ lazy: true });

  const bench = (): SimPowerSupply[] => [
    new SimPowerSupply({
      id: 'psu_1',
      seed: 2,
      initial: { ...DEMO_BENCH, 2: { ...DEMO_BENCH[2], outputEnabled: true } },
    }),
  ];

  it('is off by default: outputs stay as they were with nobody connected', async () => {
    const backend = await fixture.start({ drivers: bench() });
    expect(backend.watchdog).toBeUndefined();
    expect(parseCliOptions([]).safeStateAfterS).toBeUndefined();
    await sleep(300);
    expect(await outputs(backend)).toEqual([true, true, false]);
  });

  it('turns outputs off after the set time without clients, and tells the next client', async () => {
    const backend = await fixture.start({ drivers: bench(), safeState: { afterS: 0.2, mode: 'off' } });
    const first = await TestClient.connect(backend);
    await backend.watchdog!.check(); // a client is connected: nothing happens, the clock restarts
    await first.close();
    await sleep(300);
    await backend.watchdog!.check();
    const next = await TestClient.connect(backend);
    const event = await next.next<EventMessage>((m) => m.type === 'event' && m.kind === 'safe_state');
    expect(event).toMatchObject({ level: 'alarm', equipment_id: 'psu_1' });
    expect(event.message).toContain('outputs turned off');
    const reply = await next.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect([1, 2, 3].map((ch) => reply.channels[ch]!.output_enabled)).toEqual([false, false, false]);
    await next.close();
  });

  it('can lower the voltage instead, and re-arms once a client returns', async () => {
    const backend = await fixture.start({
      drivers: bench(),
      safeState: { afterS: 0.1, mode: 'voltage', voltageV: 1 },
    });
    await sleep(150);
    await backend.watchdog!.check();
    const client = await TestClient.connect(backend);
    const reply = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect([1, 2, 3].map((ch) => reply.channels[ch]!.voltage_set)).toEqual([1, 1, 1]);
    expect(reply.channels[1]!.output_enabled).toBe(true);
    await backend.watchdog!.check(); // connected again: re-armed
    await client.close();
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
