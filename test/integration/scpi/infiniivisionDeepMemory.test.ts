/**
 * The InfiniiVision X deep-memory download over loopback, through the registered driver's transport and
 * the dsox1204g emulator's paced link: refused while running, a single capture's raw record read whole
 * with progress as the block arrives, and a cancel in the middle of a block that leaves the link in step
 * (the port drains the rest) for the next read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dsox1204gEmulator } from '../../../src-main/emulators/dsox1204g/index.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import { hasDeepMemory, type DeepMemoryCapture } from '../../../src-main/instruments/InstrumentDriver.js';
import type { InstrumentDriver } from '../../../src-main/instruments/InstrumentDriver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scope(rateBytesPerS?: number): Promise<InstrumentDriver & DeepMemoryCapture> {
  const server = await EmulatorServer.start(dsox1204gEmulator, { port: 0, rateBytesPerS });
  cleanups.push(() => server.close());
  const driver = await DRIVERS['keysight-infiniivision']!.create(
    'deep_dsox',
    { host: '127.0.0.1', port: server.address.port },
    { seed: 1 },
  );
  cleanups.push(() => driver.close());
  await driver.connect();
  await driver.identify();
  if (!hasDeepMemory(driver)) throw new Error('keysight-infiniivision should offer readMemory');
  // One channel of the pair on: the whole 2 M points of a DSO-X 1204G.
  await driver.setParameter('enabled', false, 2);
  return driver;
}

describe('InfiniiVision X deep memory over loopback', () => {
  it('is refused while the scope runs', async () => {
    const driver = await scope();
    await expect(driver.readMemory()).rejects.toMatchObject({ code: 'invalid_value' });
  });

  it('downloads a single capture’s raw record with progress as its block arrives', async () => {
    const driver = await scope(20_000_000);
    await driver.armSingle();
    expect(await driver.singleDone()).toBe(true);
    const progress: number[] = [];
    const record = await driver.readMemory({ onProgress: (p) => progress.push(p.receivedPoints) });
    expect(record.channels).toHaveLength(1);
    expect(record.channels[0]!.samples).toHaveLength(2_000_000);
    expect(progress.at(-1)).toBe(2_000_000);
    // Progress within the one block, not only at its end.
    expect(progress.filter((p) => p > 0 && p < 2_000_000).length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect((await driver.getParameters()).global).toMatchObject({ record_length: 1_000, run_state: 'stop' });
  });

  it('cancels in the middle of the block and the next read gets its own answer', async () => {
    // At the emulated 1.7 MB/s the 2 MB block takes over a second.
    const driver = await scope();
    await driver.setParameter('run_state', 'stop');
    const abort = new AbortController();
    const download = driver.readMemory({
      signal: abort.signal,
      onProgress: (p) => {
        if (p.receivedPoints >= 300_000) abort.abort();
      },
    });
    await expect(download).rejects.toMatchObject({
      code: 'fault',
      details: { cancelled: true, total_points: 2_000_000 },
    });
    const sample = await driver.read('waveform');
    expect(sample.kind).toBe('record');
    if (sample.kind === 'record') expect(sample.record.channels[0]!.samples).toHaveLength(1_000);
  });
});
