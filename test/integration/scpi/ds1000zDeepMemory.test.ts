/**
 * The DS1000Z deep-memory download over loopback, through the registered driver's transport and the
 * emulator's paced link: windows of at most 250k points with progress, refusal while running, and a
 * cancel in the middle of a window that leaves the link in step for the next read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { DRIVERS } from '../../../src-main/instruments/drivers.js';
import { hasDeepMemory } from '../../../src-main/instruments/rigol-ds1000z/deepMemory.js';
import type { InstrumentDriver } from '../../../src-main/instruments/InstrumentDriver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scope(): Promise<InstrumentDriver> {
  const server = await EmulatorServer.start(ds1054zEmulator, { port: 0 });
  cleanups.push(() => server.close());
  const driver = await DRIVERS['rigol-ds1000z']!.create(
    'deep_ds1054z',
    { host: '127.0.0.1', port: server.address.port },
    { seed: 1 },
  );
  cleanups.push(() => driver.close());
  await driver.connect();
  await driver.identify();
  return driver;
}

describe('DS1000Z deep memory over loopback', () => {
  it('is offered by the registered driver and refused while the scope runs', async () => {
    const driver = await scope();
    if (!hasDeepMemory(driver)) throw new Error('rigol-ds1000z should offer readMemory');
    await expect(driver.readMemory()).rejects.toMatchObject({ code: 'invalid_value' });
  });

  it('downloads a single capture in windows with progress', async () => {
    const driver = await scope();
    if (!hasDeepMemory(driver)) throw new Error('rigol-ds1000z should offer readMemory');
    await driver.setParameter('record_length', 1_200_000);
    await driver.setParameter('trigger_mode', 'single');
    const progress: number[] = [];
    const record = await driver.readMemory({ onProgress: (p) => progress.push(p.receivedPoints) });
    expect(record.channels[0]!.samples.length).toBe(1_200_000);
    expect(progress.at(-1)).toBe(1_200_000);
    // Progress arrives within windows (the block's bytes as they come), not only at their ends.
    expect(progress.some((p) => p % 250_000 !== 0)).toBe(true);
    expect(record.channels[0]!.samples.reduce((a, b) => Math.max(a, b))).toBeCloseTo(1, 1);
  });

  it('cancels in the middle of a window and the next read gets its own answer', async () => {
    const driver = await scope();
    if (!hasDeepMemory(driver)) throw new Error('rigol-ds1000z should offer readMemory');
    await driver.setParameter('record_length', 1_200_000);
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
      details: { cancelled: true, received_points: 250_000, total_points: 1_200_000 },
    });
    const sample = await driver.read('waveform');
    expect(sample.kind).toBe('record');
    if (sample.kind === 'record') expect(sample.record.channels[0]!.samples.length).toBe(1200);
  });
});
