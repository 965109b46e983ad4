/**
 * The events the backend records at the place a change happens, as every client receives them and the
 * journal keeps them: setting changes with their unit and who made them (the client's name from `hello`
 * and its session), CV↔CC changes seen in the readings, protection trips and clears, acquisition states
 * and exports.
 */
import { describe, expect, it } from 'vitest';
import type {
  EventMessage,
  EventsMessage,
  ExportStartedMessage,
  WelcomeMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from '../acquisition/helpers.js';

const isEvent =
  (kind: string, extra: (e: EventMessage) => boolean = () => true) =>
  (m: { type: string }): boolean =>
    m.type === 'event' && (m as EventMessage).kind === kind && extra(m as EventMessage);

describe('recorded events', () => {
  const fixture = useTestBackend({ starter: startAcquisitionBackend });

  it('records a setting change with its unit and the client that made it', async () => {
    const client = fixture.track(await TestClient.handshake(fixture.backend));
    const welcome = client.messages.find((m) => m.type === 'welcome') as WelcomeMessage;
    await client.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      channel: 2,
      parameter: 'voltage_set',
      value: 7.5,
    });
    const event = await client.next<EventMessage>(isEvent('setting_changed'));
    expect(event.message).toBe(
      `psu_1 CH2 voltage_set = 7.5 V by test (session ${welcome.session_id.slice(0, 8)})`,
    );
    expect(event.details).toMatchObject({
      parameter: 'voltage_set',
      value: 7.5,
      unit: 'V',
      by: 'client',
      client: 'test',
      session_id: welcome.session_id,
    });
    // And the journal has it, for a dashboard that opens later.
    const log = await client.request<EventsMessage>({ type: 'get_events', equipment_id: 'psu_1' });
    expect(log.events.at(-1)).toMatchObject({ kind: 'setting_changed', seq: event.seq });
  });

  it('records CV → CC and back where the readings show it, and a protection trip and its clear', async () => {
    const client = await fixture.connect('json');
    await client.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 20,
    });
    const set = (parameter: string, value: number | boolean): Promise<unknown> =>
      client.request({ type: 'set_parameter', equipment_id: 'psu_1', channel: 1, parameter, value });
    // A change is seen against a reading before it: on a loaded machine the first reading can come after
    // the limit below, and CV → CC would then be where the output stands, not a change (it hung here).
    await client.next((m) => m.type === 'stream_data');

    // CH1 of the demo bench: 5 V into 10 Ω draws 0.5 A; a 0.2 A limit puts it in current limiting.
    await set('current_set', 0.2);
    const toCc = await client.next<EventMessage>(
      isEvent('regulation_changed', (e) => e.details?.to === 'CC'),
    );
    expect(toCc).toMatchObject({ level: 'warning', equipment_id: 'psu_1', channel: 1 });
    expect(toCc.message).toMatch(/^psu_1 CH1 CV → CC: current limited at 0\.2\d\d A \(set 0\.2 A\)$/);
    await set('current_set', 1);
    const toCv = await client.next<EventMessage>(
      isEvent('regulation_changed', (e) => e.details?.to === 'CV'),
    );
    expect(toCv).toMatchObject({ level: 'info', details: { from: 'CC', to: 'CV' } });

    await set('ovp_level', 4);
    await client.next(isEvent('protection_trip'));
    await set('clear_protection', true);
    const cleared = await client.next<EventMessage>(isEvent('protection_cleared'));
    expect(cleared).toMatchObject({ equipment_id: 'psu_1', channel: 1, level: 'info' });
    expect(cleared.message).toContain('stays off');
    // One clear, one event: the host once recorded its own beside the driver's.
    const log = await client.request<EventsMessage>({ type: 'get_events', equipment_id: 'psu_1' });
    expect(log.events.filter((e) => e.kind === 'protection_cleared')).toHaveLength(1);
  });

  it('records acquisition states and an export', async () => {
    const client = await fixture.connect('binary');
    const acquisition = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 10_000,
      channels: ['CH1'],
      num_samples: 1_000,
      name: 'events',
    });
    await command(client, 'start_acquisition', acquisition.acquisition_id);
    await stateEvent(client, acquisition.acquisition_id, 'complete');
    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: acquisition.acquisition_id,
      format: 'csv',
    });
    const done = await client.next<EventMessage>(isEvent('export_done'));
    expect(done).toMatchObject({
      level: 'info',
      equipment_id: 'scope_1',
      details: { export_id: started.export_id, acquisition_id: acquisition.acquisition_id, format: 'csv' },
    });
    expect(done.message).toMatch(/exported as csv: .+\.csv \(/);

    const log = await client.request<EventsMessage>({ type: 'get_events', equipment_id: 'scope_1' });
    const kinds = log.events.map((e) => e.kind);
    expect(kinds).toContain('acquisition_state');
    expect(kinds.at(-1)).toBe('export_done');
  });
});
