/**
 * Alarms end to end on a real backend: an alarm on the simulated supply's current, defined over the
 * protocol, judged in the backend with no dashboard connected, raised on the first sample after its
 * hold-off (on an injected clock), switching the outputs off through the instrument's host, journaled;
 * and an alarm that stops a capture, whose metadata and exports carry the alarm interval.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { FaultyDriver } from '../../../src-main/instruments/faults/FaultyDriver.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import type {
  AcquisitionMessage,
  AlarmsMessage,
  AlarmSpec,
  EventsMessage,
  ExportDoneMessage,
  ExportStartedMessage,
} from '../../../shared/protocol/index.js';
import type { StreamSample as Sample } from '../../../src-main/instruments/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { readHdf5 } from '../../helpers/exportReadBack.js';
import { manualClock } from '../../helpers/fakeInstruments.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, PLENTY_OF_SPACE, stateEvent } from '../acquisition/helpers.js';

const HOLDOFF_MS = 500;

const overCurrent: AlarmSpec = {
  name: 'CH1 over-current',
  equipment_id: 'psu_1',
  stream_type: 'readings',
  field: 'current',
  channel: 1,
  condition: { kind: 'above', limit: 0.8 },
  level: 'alarm',
  holdoff_ms: HOLDOFF_MS,
  action: { kind: 'outputs_off', scope: 'instrument' },
};

/** The alarms an export carries, where its format carries metadata. */
async function provenanceOf(format: string, done: ExportDoneMessage): Promise<{ alarms?: unknown[] }> {
  if (format === 'json') {
    return (JSON.parse(await readFile(done.path, 'utf8')) as { provenance: { alarms?: unknown[] } })
      .provenance;
  }
  if (format === 'hdf5') {
    const { attrs } = await readHdf5(done.path);
    return { alarms: JSON.parse(attrs.alarms_json as string) as unknown[] };
  }
  return JSON.parse(await readFile(done.sidecars![0]!, 'utf8')) as { alarms?: unknown[] };
}

/** Resolves once `check` is true, polled every few ms (bounded: a hang fails instead of blocking). */
async function until(check: () => boolean | Promise<boolean>, what: string, boundMs = 10_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function ch1Current(sample: Sample): number | undefined {
  return sample.kind === 'readings'
    ? sample.readings.find((r) => r.channel === 1)?.current_actual
    : undefined;
}

describe('alarm with outputs off, judged with no dashboard open', () => {
  const clock = manualClock(1_800_000_000_000);
  const fixture = useTestBackend({
    options: () => ({
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 7, initial: DEMO_BENCH })],
      clock,
      acquisitionRecorder: { diskSpace: PLENTY_OF_SPACE },
    }),
  });

  it('raises on the first sample after the hold-off, switches every output off and journals both', async () => {
    const backend: Backend = fixture.backend;
    const client = await fixture.connect();
    const defined = await client.request<AlarmsMessage>({ type: 'define_alarm', alarm: overCurrent });
    expect(defined.type).toBe('alarms');
    const alarmId = defined.alarms[0]!.id;
    await client.close();
    expect(backend.server.sessions().filter((s) => s.ready)).toHaveLength(0);

    // The test watches the same readings the engine does (it joins the engine's producer: same ticks).
    const samples: { current: number | undefined; phase: string }[] = [];
    const phaseOf = (): string => backend.alarms.snapshot().states.find((s) => s.alarm_id === alarmId)!.phase;
    const watch = backend.streams.subscribe({
      ownerId: 'test',
      equipmentId: 'psu_1',
      streamType: 'readings',
      onSample: (sample) => samples.push({ current: ch1Current(sample), phase: phaseOf() }),
      onStopped: () => undefined,
    });
    try {
      const host = backend.registry.get('psu_1')!;
      const startMs = clock.nowMs();
      // 5 V into 2 Ω wants 2.5 A: the 1 A limit holds it in CC at 1 A, above the alarm's 0.8 A.
      await host.setParameter('load_resistance', 2, 1);
      await until(() => phaseOf() === 'pending', 'the alarm to see the over-current');
      expect(backend.alarms.snapshot().states[0]).toMatchObject({ phase: 'pending', since: startMs });

      // One ms short of the hold-off, on two more samples: still pending.
      clock.advance(HOLDOFF_MS - 1);
      const before = samples.length;
      await until(() => samples.length >= before + 2, 'two more samples');
      expect(phaseOf()).toBe('pending');

      // The hold-off runs out: the very next sample raises it.
      clock.advance(1);
      const at = samples.length;
      await until(() => samples.length > at, 'the next sample');
      expect(samples[at]!.current).toBeGreaterThan(0.8);
      expect(samples[at]!.phase).toBe('raised');
      expect(backend.alarms.snapshot().states[0]).toMatchObject({
        phase: 'raised',
        since: startMs + HOLDOFF_MS,
        acked: false,
        raise_count: 1,
      });

      // The action: every output of psu_1 off (CH1 was on), none switched on.
      await until(async () => {
        const { channels } = await host.getParameters();
        return [1, 2, 3].every((ch) => channels[ch]!.output_enabled === false);
      }, 'the outputs to go off');
      await until(
        () => backend.journal.recent().filter((e) => e.details?.by === 'alarm').length === 3,
        'the action to be journaled',
      );
    } finally {
      backend.streams.unsubscribe(watch);
    }

    const raised = backend.journal.recent().find((e) => e.kind === 'alarm_raised');
    expect(raised).toMatchObject({ level: 'alarm', equipment_id: 'psu_1', channel: 1 });
    expect(raised!.message).toContain('CH1 over-current');
    const offs = backend.journal
      .recent()
      .filter((e) => e.kind === 'setting_changed' && e.details?.by === 'alarm');
    expect(offs.map((e) => e.channel)).toEqual([1, 2, 3]);
    expect(offs[0]!.message).toBe('psu_1 CH1 output_enabled = false by alarm "CH1 over-current"');

    // A dashboard that opens now finds the alarm in the journal.
    const later = await fixture.connect();
    const events = await later.request<EventsMessage>({ type: 'get_events' });
    expect(events.events.map((e) => e.kind)).toContain('alarm_raised');

    // With the output off the current falls to 0: the alarm clears (and the acknowledgement with it).
    await until(() => phaseOf() === 'normal', 'the alarm to clear');
    expect(backend.alarms.snapshot().states[0]).toMatchObject({ acked: false });
    expect(backend.journal.recent().some((e) => e.kind === 'alarm_cleared' && e.level === 'alarm')).toBe(
      true,
    );
  });
});

describe('acknowledging an alarm', () => {
  const fixture = useTestBackend({
    options: () => ({ drivers: [new SimPowerSupply({ id: 'psu_1', seed: 7, initial: DEMO_BENCH })] }),
  });

  it('marks the raise as seen without clearing it, and is refused when nothing is raised', async () => {
    const backend = fixture.backend;
    const client = await fixture.connect();
    // CH2 is off (0 V): an under-voltage alarm on it holds, and keeps holding.
    const defined = await client.request<AlarmsMessage>({
      type: 'define_alarm',
      alarm: {
        ...overCurrent,
        name: 'CH2 low',
        field: 'voltage',
        channel: 2,
        condition: { kind: 'below', limit: 1 },
        holdoff_ms: 0,
        action: { kind: 'notify' },
      },
    });
    const alarmId = defined.alarms[0]!.id;
    const refused = await client.request({ type: 'acknowledge_alarm', alarm_id: 'no-such-alarm' });
    expect(refused).toMatchObject({ type: 'error', code: 'not_found' });
    await until(() => backend.alarms.snapshot().states[0]!.phase === 'raised', 'the alarm to be raised');
    const pushed = await client.next<AlarmsMessage>(
      (m) => m.type === 'alarms' && m.request_id === undefined && m.states[0]?.phase === 'raised',
    );
    expect(pushed.states[0]).toMatchObject({ acked: false, unit: 'V', raise_count: 1 });
    const acked = await client.request<AlarmsMessage>({ type: 'acknowledge_alarm', alarm_id: alarmId });
    expect(acked.states[0]).toMatchObject({ phase: 'raised', acked: true });
    expect(backend.journal.recent().find((e) => e.kind === 'alarm_acknowledged')).toMatchObject({
      level: 'info',
      details: { alarm_id: alarmId, name: 'CH2 low' },
    });

    // Nothing raised: a second alarm that does not hold cannot be acknowledged.
    const second = await client.request<AlarmsMessage>({
      type: 'define_alarm',
      alarm: { ...overCurrent, name: 'never', condition: { kind: 'above', limit: 100 } },
    });
    const quiet = second.alarms.find((a) => a.name === 'never')!;
    const notRaised = await client.request({ type: 'acknowledge_alarm', alarm_id: quiet.id });
    expect(notRaised).toMatchObject({ type: 'error', code: 'invalid_state' });
  });
});

describe('alarm definitions', () => {
  const fixture = useTestBackend();

  it('refuses fields, streams and channels that do not exist, naming what does', async () => {
    const client = await fixture.connect();
    const bad = async (alarm: Record<string, unknown>): Promise<{ code: string; message: string }> => {
      const reply = await client.request({ type: 'define_alarm', alarm: { ...overCurrent, ...alarm } });
      if (reply.type !== 'error') throw new Error(`accepted: ${JSON.stringify(reply)}`);
      return reply;
    };
    // LabLink's monitor read a status field that does not exist: here that is refused up front.
    expect(await bad({ field: 'status_ocp' })).toMatchObject({
      code: 'invalid_message',
      message: 'readings has no field "status_ocp"; it has voltage, current, power',
    });
    expect(await bad({ stream_type: 'measurements', field: 'vpp' })).toMatchObject({
      code: 'unknown_stream_type',
      message: 'psu_1 has no measurements stream; alarms can watch its readings',
    });
    expect(await bad({ channel: 4 })).toMatchObject({
      code: 'out_of_range',
      message: 'psu_1 has channels 1 to 3; got 4',
    });
    expect(await bad({ equipment_id: 'psu_9' })).toMatchObject({ code: 'unknown_equipment' });
    expect(await bad({ condition: { kind: 'outside', low: 5, high: 4 } })).toMatchObject({
      code: 'out_of_range',
    });
    const list = await client.request<AlarmsMessage>({ type: 'list_alarms' });
    expect(list.alarms).toEqual([]);
  });

  it('survives a restart (alarms.json) and can be replaced whole, reporting what could not be applied', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-alarms-'));
    try {
      await fixture.stop();
      const first = await fixture.start({ dataDir });
      await first.alarms.define(overCurrent);
      const saved = JSON.parse(await readFile(path.join(dataDir, 'alarms.json'), 'utf8')) as {
        alarms: unknown[];
      };
      expect(saved.alarms).toHaveLength(1);
      await fixture.stop();
      const again = await fixture.start({ dataDir });
      expect(again.alarms.definitions()).toMatchObject([
        { name: 'CH1 over-current', holdoff_ms: HOLDOFF_MS },
      ]);

      const report = await again.alarms.replaceDefinitions([
        { ...overCurrent, name: 'kept' },
        { ...overCurrent, name: 'no such field', field: 'temperature' },
        { nonsense: true },
      ]);
      expect(report.applied.map((a) => a.name)).toEqual(['kept']);
      expect(report.rejected).toEqual([
        {
          index: 1,
          name: 'no such field',
          reason: 'readings has no field "temperature"; it has voltage, current, power',
        },
        { index: 2, name: undefined, reason: expect.stringContaining('not an alarm definition') },
      ]);
      expect(again.alarms.definitions().map((a) => a.name)).toEqual(['kept']);
    } finally {
      await fixture.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('alarm on an instrument not reached yet', () => {
  const fixture = useTestBackend({ lazy: true });

  it('is kept, reported as not watching, and watches by itself once the instrument answers', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-alarms-'));
    try {
      const first = await fixture.start({ dataDir });
      await first.alarms.define({ ...overCurrent, holdoff_ms: 0 });
      await fixture.stop();

      const supply = new FaultyDriver(new SimPowerSupply({ id: 'psu_1', seed: 3, initial: DEMO_BENCH }), {
        disconnectAfterReads: 0,
      });
      const backend = await fixture.start({
        dataDir,
        drivers: [supply],
        instrumentHost: { backoff: { initialMs: 20, maxMs: 20 } },
      });
      expect(backend.registry.get('psu_1')!.state).toBe('offline');
      const [status] = backend.alarms.snapshot().states;
      expect(status).toMatchObject({ watching: false, phase: 'normal' });
      expect(status!.watch_reason).toMatch(/psu_1 has not been reached yet/);

      supply.reconnect();
      await until(() => backend.alarms.snapshot().states[0]!.watching, 'the alarm to watch');
      await backend.registry.get('psu_1')!.setParameter('load_resistance', 2, 1);
      await until(() => backend.alarms.snapshot().states[0]!.phase === 'raised', 'the alarm to be raised');
    } finally {
      await fixture.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('alarm in a capture', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [new SimPowerSupply({ id: 'psu_1', seed: 9, initial: DEMO_BENCH })],
      acquisitionRecorder: { diskSpace: PLENTY_OF_SPACE },
    }),
  });

  it('stops the running capture, whose metadata and exports carry the alarm interval', async () => {
    const backend = fixture.backend;
    const client = await TestClient.handshake(backend);
    fixture.track(client);
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'psu_1',
      mode: 'continuous',
      sample_rate: 50,
      channels: ['CH1.current'],
    });
    await command(client, 'start_acquisition', id);
    await stateEvent(client, id, 'running');
    await client.request({
      type: 'define_alarm',
      alarm: { ...overCurrent, holdoff_ms: 0, action: { kind: 'stop_acquisition' } },
    });
    await backend.registry.get('psu_1')!.setParameter('load_resistance', 2, 1);
    await stateEvent(client, id, 'complete');

    const { acquisition } = await client.request<AcquisitionMessage>({
      type: 'get_acquisition',
      acquisition_id: id,
    });
    expect(acquisition.alarms).toHaveLength(1);
    const interval = acquisition.alarms![0]!;
    expect(interval).toMatchObject({
      name: 'CH1 over-current',
      level: 'alarm',
      field: 'current',
      unit: 'A',
      channel: 1,
    });
    expect(interval.value).toBeGreaterThan(0.8);
    expect(interval.raised_ms).toBeGreaterThanOrEqual(acquisition.t0_ms!);
    const stopped = backend.journal.recent().find((e) => e.kind === 'acquisition_stopped_by_alarm');
    expect(stopped?.details).toMatchObject({ acquisition_id: id, alarm_name: 'CH1 over-current' });

    for (const format of ['csv', 'npz', 'json', 'hdf5'] as const) {
      const started = await client.request<ExportStartedMessage>({
        type: 'export_acquisition',
        acquisition_id: id,
        format,
      });
      const done = await client.next<ExportDoneMessage>(
        (m) => m.type === 'export_done' && m.export_id === started.export_id,
      );
      const provenance = await provenanceOf(format, done);
      expect(provenance.alarms, format).toEqual([
        expect.objectContaining({
          name: 'CH1 over-current',
          level: 'alarm',
          raised_ms: interval.raised_ms,
          raised_s: (interval.raised_ms - acquisition.t0_ms!) / 1000,
          value: interval.value,
        }),
      ]);
    }
  });
});
