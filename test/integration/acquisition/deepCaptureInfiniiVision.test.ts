/**
 * single_deep captures from an InfiniiVision X, end to end: a backend with the keysight-infiniivision
 * driver on the dsox1204g emulator (loopback, a fast link), driven over the protocol. The capture arms
 * `:SING`, waits for the scope to stop, downloads the raw record (2 M points with one channel of the pair
 * on), writes exactly the scope's memory with monotone progress, and keeps the raw depth (not the normal
 * read length) as the capture's memory depth; cancel by stop_acquisition keeps nothing and leaves the link
 * in step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dsox1204gEmulator } from '../../../src-main/emulators/dsox1204g/index.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import { hasDeepMemory, type InstrumentDriver } from '../../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import type { AcquisitionProgressMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { command, create, readAll, startAcquisitionBackend, stateEvent, waitFor } from './helpers.js';

const SCOPE = 'scope_dsox';
const DEPTH_POINTS = 2_000_000;
const TIMEBASE_S = 0.01;
/** 2 M points over 10 × 10 ms: 20 MSa/s. */
const RATE_HZ = DEPTH_POINTS / (10 * TIMEBASE_S);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(
  rateBytesPerS = 20_000_000,
): Promise<{ backend: Backend; client: TestClient; driver: InstrumentDriver }> {
  const emulator = await EmulatorServer.start(dsox1204gEmulator, { port: 0, rateBytesPerS });
  cleanups.push(() => emulator.close());
  const driver = await DRIVERS['keysight-infiniivision']!.create(
    SCOPE,
    { host: '127.0.0.1', port: emulator.address.port },
    { seed: 1 },
  );
  const backend = await startAcquisitionBackend({
    drivers: [new SimPowerSupply({ id: 'psu_1', seed: 3 }), driver],
    instrumentHost: { backoff: { initialMs: 50, maxMs: 200 } },
  });
  cleanups.push(() => backend.close());
  const client = await TestClient.connect(backend);
  cleanups.push(async () => client.ws.close());
  await waitFor(() => backend.registry.get(SCOPE)?.state === 'online', 10_000);
  for (const [parameter, value, channel] of [
    ['enabled', false, 2],
    ['timebase', TIMEBASE_S, undefined],
  ] as const) {
    const reply = await client.request({
      type: 'set_parameter',
      equipment_id: SCOPE,
      parameter,
      value,
      ...(channel !== undefined && { channel }),
    });
    expect(reply.type, JSON.stringify(reply)).not.toBe('error');
  }
  return { backend, client, driver };
}

async function startDeep(client: TestClient): Promise<string> {
  const summary = await create(client, {
    equipment_id: SCOPE,
    mode: 'single_deep',
    sample_rate: RATE_HZ,
    channels: ['CH1'],
  });
  await command(client, 'start_acquisition', summary.acquisition_id);
  return summary.acquisition_id;
}

describe('single_deep capture from the DSO-X 1204G emulator', () => {
  it("writes the scope's whole raw record once, with monotone progress, and completes", async () => {
    const { backend, client, driver } = await rig();
    const id = await startDeep(client);
    const done = await stateEvent(client, id, 'complete');
    expect(done.samples_captured).toBe(DEPTH_POINTS);

    if (!hasDeepMemory(driver)) throw new Error('keysight-infiniivision should offer a deep memory');
    const memory = await backend.registry
      .get(SCOPE)!
      .run('check', (signal) => driver.readMemory({ signal }), { timeoutMs: 30_000 });
    const written = await readAll(backend, id);
    expect(written.count).toBe(DEPTH_POINTS);
    const expected = memory.channels[0]!.samples;
    // A loop, not toEqual: a 2 M-element diff would take the matcher far too long.
    expect(written.channels[0]!.findIndex((v, i) => v !== expected[i])).toBe(-1);
    expect(memory.sampleRateHz).toBeCloseTo(RATE_HZ, 3);

    const progress = client
      .ofType('acquisition_progress')
      .filter((m: AcquisitionProgressMessage) => m.acquisition_id === id);
    expect(progress[0]!.phase).toBe('waiting_for_trigger');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', received_points: DEPTH_POINTS, percent: 100 });
    const points = progress.map((p) => p.received_points);
    expect(points).toEqual([...points].sort((a, b) => a - b));

    const meta = await backend.acquisitions.get(id);
    expect(meta.instrument_settings.capture).toMatchObject({
      method: 'deep_memory',
      memory_depth: DEPTH_POINTS,
    });
  });

  it('cancels on stop_acquisition mid-download, keeps nothing, and the link stays in step', async () => {
    // The 2 MB block at the emulated 1.7 MB/s: over a second.
    const { backend, client } = await rig(1_700_000);
    const id = await startDeep(client);
    await client.next(
      (m) => m.type === 'acquisition_progress' && m.acquisition_id === id && m.received_points >= 200_000,
      20_000,
    );
    const stopped = await command(client, 'stop_acquisition', id);
    expect(stopped.state).toBe('complete');
    expect(stopped.samples_captured).toBe(0);
    const read = await backend.registry.get(SCOPE)!.read('waveform');
    expect(read.kind).toBe('record');
  });
});
