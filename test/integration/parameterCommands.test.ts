import { describe, expect, it } from 'vitest';
import { FaultyDriver } from '../../src-main/instruments/faults/FaultyDriver.js';
import { SimPowerSupply } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { createLogger } from '../../src-main/util/log.js';
import type { ErrorMessage, EventMessage, ParametersMessage } from '../../shared/protocol/index.js';
import { useTestBackend } from '../helpers/backendFixture.js';
import { until } from '../helpers/testBackend.js';

describe('instrument commands against a misbehaving instrument', () => {
  const fixture = useTestBackend({ lazy: true });

  const setVoltage = {
    type: 'set_parameter',
    equipment_id: 'psu_1',
    channel: 1,
    parameter: 'voltage_set',
    value: 7,
  };

  it('answers busy (and logs it) when the instrument does not answer in time; a late change is still announced', async () => {
    const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }), { latencyMs: 300 });
    const lines: string[] = [];
    await fixture.start({
      drivers: [psu],
      log: createLogger('warn', (line) => lines.push(line)),
      session: { driverTimeoutMs: 100 },
    });
    const client = await fixture.connect('json');

    const error = await client.request<ErrorMessage>(setVoltage);
    expect(error).toMatchObject({ type: 'error', code: 'busy', details: { parameter: 'voltage_set' } });
    expect(error.message).toMatch(/timed out after 100 ms/);
    // The answer did not wait for the instrument: it came before the late change was announced (one
    // socket, so arrival order is send order), however late a loaded machine ran either timer. (Both may
    // have arrived by now, in one read: their order is what counts.)
    const answeredAt = client.messages.indexOf(error);
    const announcedAt = client.messages.findIndex((m) => m.type === 'event' && m.kind === 'setting_changed');
    expect(answeredAt).toBeGreaterThanOrEqual(0);
    expect(announcedAt === -1 || announcedAt > answeredAt).toBe(true);
    expect(lines.some((l) => l.includes('WARN') && l.includes('timed out after 100 ms'))).toBe(true);

    const parameters = await client.request<ErrorMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(parameters).toMatchObject({ type: 'error', code: 'busy' });

    // The simulator applies the setting when its latency has passed: every client hears of it.
    const late = await client.next<EventMessage>((m) => m.type === 'event' && m.kind === 'setting_changed');
    expect(late.details).toMatchObject({ parameter: 'voltage_set', value: 7, late: true });
    psu.configure({ latencyMs: 0 });
    const now = await client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(now.channels['1']!.voltage_set).toBe(7);
  });

  it('answers instrument_fault, not invalid_message, when the instrument link is down', async () => {
    const psu = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 1 }));
    await fixture.start({
      drivers: [psu],
      log: createLogger('silent'),
      instrumentHost: { backoff: { initialMs: 10, maxMs: 10 } },
    });
    const client = await fixture.connect('json');
    psu.disconnect();
    const set = await client.request<ErrorMessage>(setVoltage);
    expect(set).toMatchObject({ type: 'error', code: 'instrument_fault' });
    expect(set.message).toMatch(/disconnected/);
    // The instrument is offline now: refused at once, saying so.
    const get = await client.request<ErrorMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    expect(get).toMatchObject({ type: 'error', code: 'instrument_fault' });
    expect(get.message).toMatch(/psu_1 is offline \(.*disconnected\)/);
    // Validation errors keep their own codes, once the instrument is back.
    psu.reconnect();
    await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'instrument_state' && m.details?.state === 'online',
    );
    const invalid = await client.request<ErrorMessage>({ ...setVoltage, value: true });
    expect(invalid).toMatchObject({ type: 'error', code: 'invalid_message' });
    await until(() => client.ofType('error').length === 3, 'three errors');
  });
});
