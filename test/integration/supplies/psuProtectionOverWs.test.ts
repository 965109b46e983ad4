/**
 * Supply protection and coupling over the WebSocket protocol, against the simulated supply on a manual
 * clock: a trip and its clear reach every client as events, clearing never turns the output on, and the
 * coupling is set, refused and reported like any other setting.
 */
import { describe, expect, it } from 'vitest';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { createLogger } from '../../../src-main/util/log.js';
import type {
  ErrorMessage,
  EventMessage,
  ParametersMessage,
  ParameterSetMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';

function manualClock(startMs = 1_700_000_000_000) {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

describe('supply protection and coupling over WebSocket', () => {
  const fixture = useTestBackend({ lazy: true });

  async function start() {
    const clock = manualClock();
    const psu = new SimPowerSupply({ id: 'psu_1', seed: 1, clock, voltageNoiseV: 0, currentNoiseA: 0 });
    await fixture.start({ drivers: [psu], log: createLogger('silent') });
    const client = await fixture.connect('json');
    const other = await fixture.connect('json');
    const set = (parameter: string, value: number | boolean | string, channel?: number) =>
      client.request<ParameterSetMessage | ErrorMessage>({
        type: 'set_parameter',
        equipment_id: 'psu_1',
        parameter,
        value,
        ...(channel === undefined ? {} : { channel }),
      });
    const parameters = () =>
      client.request<ParametersMessage>({ type: 'get_parameters', equipment_id: 'psu_1' });
    return { clock, client, other, set, parameters };
  }

  it('a trip and its clear are events every client receives; the output stays off after the clear', async () => {
    const { clock, other, set, parameters } = await start();
    await set('load_resistance', 1_000, 1);
    await set('voltage_set', 12, 1);
    await set('output_enabled', true, 1);
    clock.advance(100);
    expect(await set('ovp_level', 5, 1)).toMatchObject({ type: 'parameter_set', value: 5 });
    clock.advance(10);
    expect((await parameters()).channels['1']).toMatchObject({
      protection_tripped: 'ovp',
      output_enabled: false,
    });
    const trip = await other.next<EventMessage>((m) => m.type === 'event' && m.kind === 'protection_trip');
    expect(trip).toMatchObject({
      level: 'alarm',
      equipment_id: 'psu_1',
      channel: 1,
      details: { trip: 'ovp' },
    });

    // Switching on while tripped is refused with the reason, and changes nothing.
    const refused = await set('output_enabled', true, 1);
    expect(refused).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect((refused as ErrorMessage).message).toBe('channel 1 tripped on OVP; clear protection first');

    expect(await set('clear_protection', true, 1)).toMatchObject({ type: 'parameter_set', value: true });
    const cleared = await other.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'protection_cleared',
    );
    expect(cleared).toMatchObject({
      level: 'info',
      channel: 1,
      message: 'CH1 OVP trip cleared; the output stays off until turned on',
    });
    clock.advance(100);
    expect((await parameters()).channels['1']).toMatchObject({
      protection_tripped: 'none',
      output_enabled: false,
    });
  });

  it('an OVP level beyond the model’s limit is refused before it reaches the output', async () => {
    const { set, parameters } = await start();
    const before = (await parameters()).channels['1']!.ovp_level;
    const refused = await set('ovp_level', 40, 1);
    expect(refused).toMatchObject({ type: 'error', code: 'out_of_range' });
    expect((await parameters()).channels['1']!.ovp_level).toBe(before);
  });

  it('sets the coupling, refuses it while an output is on, and pairs CH1/CH2 as one output', async () => {
    const { set, parameters } = await start();
    await set('output_enabled', true, 2);
    expect(await set('tracking_mode', 'series')).toMatchObject({
      type: 'error',
      code: 'invalid_message',
      message: 'turn CH1 and CH2 off before changing tracking_mode',
    });
    await set('output_enabled', false, 2);
    expect(await set('tracking_mode', 'series')).toMatchObject({ type: 'parameter_set', value: 'series' });
    expect((await parameters()).global).toEqual({ tracking_mode: 'series' });
    expect(await set('voltage_set', 45, 1)).toMatchObject({ type: 'parameter_set', value: 45 });
    expect(await set('voltage_set', 5, 2)).toMatchObject({
      type: 'error',
      code: 'invalid_message',
      message: 'CH2 is paired with CH1 in series: set CH1, the paired output',
    });
    expect(await set('tracking_mode', 'diagonal')).toMatchObject({ type: 'error', code: 'out_of_range' });
  });
});
