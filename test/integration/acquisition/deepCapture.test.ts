/**
 * single_deep captures end to end: a backend with the rigol-ds1000z driver on the DS1054Z emulator
 * (loopback, a fast link), driven over the protocol. One record after one trigger, its samples exactly the
 * scope's memory, progress pushed to clients and monotone, cancel by stop_acquisition before the download
 * would have ended, and the faults a real link brings mid-download (a dropped connection, garbage, a
 * stall) ending the capture with source_failed — never a stitched or invented sample — while the
 * instrument goes offline, comes back, and the rest of the backend goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import { hasDeepMemory, type InstrumentDriver } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import type {
  AcquisitionProgressMessage,
  EventMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { create, command, readAll, startAcquisitionBackend, stateEvent } from './helpers.js';

/** 1.2 M points over 12 × 20 ms: 5 MSa/s. */
const DEPTH_POINTS = 1_200_000;
const TIMEBASE_S = 0.02;
const RATE_HZ = DEPTH_POINTS / (12 * TIMEBASE_S);
const SCOPE = 'scope_deep';

interface Rig {
  backend: Backend;
  client: TestClient;
  emulator: EmulatorServer;
  driver: InstrumentDriver;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(
  rateBytesPerS = 20_000_000,
  replyTimeoutMs?: number,
  depth: { points: number; timebaseS: number } = { points: DEPTH_POINTS, timebaseS: TIMEBASE_S },
): Promise<Rig> {
  const emulator = await EmulatorServer.start(ds1054zEmulator, { port: 0, rateBytesPerS });
  cleanups.push(() => emulator.close());
  const driver = await DRIVERS['rigol-ds1000z']!.create(
    SCOPE,
    {
      host: '127.0.0.1',
      port: emulator.address.port,
      ...(replyTimeoutMs !== undefined && { pacing: { timeoutMs: replyTimeoutMs } }),
    },
    { seed: 1 },
  );
  const backend = await startAcquisitionBackend({
    drivers: [new SimPowerSupply({ id: 'psu_1', seed: 3 }), driver],
    instrumentHost: { backoff: { initialMs: 50, maxMs: 200 } },
  });
  cleanups.push(() => backend.close());
  const client = await TestClient.connect(backend);
  cleanups.push(async () => client.ws.close());
  await waitOnline(backend);
  for (const [parameter, value] of [
    ['record_length', depth.points],
    ['timebase', depth.timebaseS],
  ] as const) {
    const reply = await client.request({ type: 'set_parameter', equipment_id: SCOPE, parameter, value });
    expect(reply.type, JSON.stringify(reply)).not.toBe('error');
  }
  return { backend, client, emulator, driver };
}

async function waitOnline(backend: Backend, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (backend.registry.get(SCOPE)?.state !== 'online') {
    if (Date.now() > deadline) throw new Error(`${SCOPE} did not come online`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function progressOf(client: TestClient, id: string): AcquisitionProgressMessage[] {
  return client.ofType('acquisition_progress').filter((m) => m.acquisition_id === id);
}

function isProgress(id: string, phase: string) {
  return (m: ServerMessage): boolean =>
    m.type === 'acquisition_progress' && m.acquisition_id === id && m.phase === phase;
}

async function startDeep(client: TestClient, fields: Record<string, unknown> = {}): Promise<string> {
  const summary = await create(client, {
    equipment_id: SCOPE,
    mode: 'single_deep',
    sample_rate: RATE_HZ,
    channels: ['CH1'],
    ...fields,
  });
  await command(client, 'start_acquisition', summary.acquisition_id);
  return summary.acquisition_id;
}

describe('single_deep capture from the DS1054Z emulator', () => {
  it("writes the scope's whole memory record once, with monotone progress, and completes", async () => {
    const { backend, client, driver } = await rig();
    const id = await startDeep(client);
    const done = await stateEvent(client, id, 'complete');
    expect(done.samples_captured).toBe(DEPTH_POINTS);
    expect(done.segments).toHaveLength(1);

    // The scope is still stopped on that capture: its memory, read again, is what was written.
    if (!hasDeepMemory(driver)) throw new Error('rigol-ds1000z should offer a deep memory');
    const memory = await backend.registry
      .get(SCOPE)!
      .run('check', (signal) => driver.readMemory({ signal }), {
        timeoutMs: 30_000,
      });
    const written = await readAll(backend, id);
    expect(written.count).toBe(DEPTH_POINTS);
    const expected = memory.channels[0]!.samples;
    expect(expected).toHaveLength(DEPTH_POINTS);
    // A loop, not toEqual: a 1.2 M-element diff would take the matcher half a minute.
    expect(written.channels[0]!.findIndex((v, i) => v !== expected[i])).toBe(-1);
    expect(memory.sampleRateHz).toBeCloseTo(RATE_HZ, 3);

    const progress = progressOf(client, id);
    expect(progress[0]!.phase).toBe('waiting_for_trigger');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', received_points: DEPTH_POINTS, percent: 100 });
    const points = progress.map((p) => p.received_points);
    expect(points).toEqual([...points].sort((a, b) => a - b));
    expect(progress.at(-1)!.rate_bytes_per_s).toBeGreaterThan(0);

    // The record's memory depth and trigger position are kept with the acquisition (meta.json).
    const meta = await backend.acquisitions.get(id);
    expect(meta.instrument_settings.capture).toMatchObject({
      method: 'deep_memory',
      memory_depth: DEPTH_POINTS,
    });
  });

  it('cancels on stop_acquisition well before the download would end, keeps nothing, and the link stays in step', async () => {
    // 12 M points at the DS1000Z's own 1.7 MB/s: a download of 7 s or more.
    const { client, backend } = await rig(1_700_000, undefined, { points: 12_000_000, timebaseS: 0.1 });
    const id = await startDeep(client, { sample_rate: 10_000_000 });
    await client.next(
      (m) => m.type === 'acquisition_progress' && m.acquisition_id === id && m.received_points >= 250_000,
      20_000,
    );
    const stopAt = Date.now();
    const stopped = await command(client, 'stop_acquisition', id);
    const stopMs = Date.now() - stopAt;
    expect(stopped.state).toBe('complete');
    expect(stopped.samples_captured).toBe(0);
    // The rest of the download was over 5 s away; a cancel drains at most the window in flight (0.15 s).
    expect(stopMs).toBeLessThan(2_000);
    const cancelled = await client.next<AcquisitionProgressMessage>(isProgress(id, 'cancelled'));
    expect(cancelled.received_points).toBeLessThan(cancelled.total_points);
    const notice = await client.next<EventMessage>(
      (m) => m.type === 'event' && m.kind === 'acquisition_notice' && m.details?.acquisition_id === id,
    );
    expect(notice.message).toMatch(
      /cancelled after \d+ of 12000000 points; the partial record was discarded/,
    );
    // The instrument answers its next read with its own answer.
    const read = await backend.registry.get(SCOPE)!.read('waveform');
    expect(read.kind).toBe('record');
  });

  it.each([
    ['disconnect', /disconnect|closed|lost|reset/i],
    ['garbage', /unreadable reply/],
  ] as const)(
    'a %s mid-download ends the capture with source_failed; the scope reconnects and the supply goes on',
    async (fault, why) => {
      const { client, emulator, backend } = await rig();
      const id = await startDeep(client);
      await client.next(isProgress(id, 'downloading'), 20_000);
      // The next reply is a window's data block.
      emulator.faults.inject(fault);
      const failed = await stateEvent(client, id, 'error');
      expect(failed.error).toMatchObject({ code: 'source_failed' });
      expect(failed.error!.message).toMatch(why);
      expect(failed.samples_captured).toBe(0);
      await client.next(isProgress(id, 'failed'));
      if (fault === 'disconnect') {
        await client.next(
          (m) => m.type === 'event' && m.kind === 'instrument_state' && m.equipment_id === SCOPE,
        );
      }
      await waitOnline(backend);
      const supply = await backend.registry.get('psu_1')!.read('readings');
      expect(supply.kind).toBe('readings');
    },
  );

  it('a stalled download times out into source_failed, not a hang', async () => {
    const { client, emulator } = await rig(20_000_000, 400);
    emulator.faults.setRates({ stall: 0, lostReply: 0, garbage: 0, disconnect: 0, stallMs: 3_000 });
    const id = await startDeep(client);
    await client.next(isProgress(id, 'downloading'), 20_000);
    emulator.faults.inject('stall');
    const failed = await stateEvent(client, id, 'error');
    expect(failed.error).toMatchObject({ code: 'source_failed' });
    expect(failed.error!.message).toMatch(/within 400 ms/);
  });

  it('fails with a clear message when the scope does not trigger in time', async () => {
    const { client } = await rig();
    for (const [parameter, value] of [
      ['trigger_level', 9],
      ['trigger_mode', 'normal'],
    ] as const) {
      const reply = await client.request({ type: 'set_parameter', equipment_id: SCOPE, parameter, value });
      expect(reply.type, JSON.stringify(reply)).not.toBe('error');
    }
    const id = await startDeep(client, { trigger_timeout_s: 0.3 });
    const failed = await stateEvent(client, id, 'error');
    expect(failed.error!.message).toMatch(/did not trigger within 0\.3 s of arming its single capture/);
    expect(failed.trigger_timeout_s).toBe(0.3);
  });

  it('is refused for a rate other than the scope’s, and for a scope without a deep memory', async () => {
    const { client } = await rig();
    const wrongRate = await client.request({
      type: 'create_acquisition',
      equipment_id: SCOPE,
      mode: 'single_deep',
      sample_rate: 1_000,
      channels: ['CH1'],
    });
    expect(wrongRate).toMatchObject({ type: 'error', code: 'out_of_range' });
    expect(JSON.stringify(wrongRate)).toContain(`samples its memory at ${RATE_HZ} Sa/s`);
    const withLength = await client.request({
      type: 'create_acquisition',
      equipment_id: SCOPE,
      mode: 'single_deep',
      sample_rate: RATE_HZ,
      channels: ['CH1'],
      num_samples: 10,
    });
    expect(withLength).toMatchObject({ type: 'error', details: { field: 'num_samples' } });
    const supply = await client.request({
      type: 'create_acquisition',
      equipment_id: 'psu_1',
      mode: 'single_deep',
      sample_rate: 10,
      channels: ['CH1.voltage'],
    });
    expect(supply).toMatchObject({ type: 'error', details: { field: 'mode' } });
    expect(JSON.stringify(supply)).toContain('has no deep-memory capture');
  });
});
