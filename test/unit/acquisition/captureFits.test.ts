import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { captureTooBigMessage } from '../../../src-main/acquisition/storage/captureFits.js';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig } from './helpers.js';

afterEach(removeTempDirs);

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('captureTooBigMessage', () => {
  it('names what the capture needs and what the data folder has free', () => {
    // 250 000 s of 4 channels at 10 MSa/s (the report's "36.4 TB") against 77 GiB free on a 1 TB disk.
    const needed = 64 + 250_000 * 10_000_000 * 4 * 4;
    expect(captureTooBigMessage(needed, { freeBytes: 77 * GiB, totalBytes: 1e12 })).toBe(
      'the capture needs about 36.4 TiB on disk but the data folder has 77.0 GiB free, of which 500 MiB ' +
        'must stay free; shorten the capture, lower its rate, capture fewer channels or free disk space',
    );
  });

  it('lets a capture through that leaves exactly the margin free, and not a byte more', () => {
    const space = { freeBytes: 10 * GiB, totalBytes: 1e12 };
    expect(captureTooBigMessage(10 * GiB - 500 * MiB, space)).toBeUndefined();
    expect(captureTooBigMessage(10 * GiB - 500 * MiB + 1, space)).toBeDefined();
  });

  it('keeps the smaller margin on a small volume (5 %), as the low-disk check does', () => {
    const small = { freeBytes: 1 * GiB, totalBytes: 4 * GiB }; // 5 % = 204.8 MiB < 500 MiB
    expect(captureTooBigMessage(800 * MiB, small)).toBeUndefined();
    expect(captureTooBigMessage(900 * MiB, small)).toMatch(/of which 205 MiB must stay free/);
  });
});

describe('AcquisitionStore: captures that would not fit', () => {
  it('refuses to record a capture bigger than the free space, and records nothing', async () => {
    const store = await openTestStore({
      recorder: { diskSpace: async () => ({ freeBytes: 77 * GiB, totalBytes: 1e12 }) },
    });
    const huge = scopeConfig({ sample_rate_hz: 10_000_000, duration_s: 250_000 });
    await expect(store.create(huge, { allowedChannels: ALLOWED_CHANNELS })).rejects.toMatchObject({
      code: 'low_disk',
      message: expect.stringContaining('needs about 36.4 TiB on disk but the data folder has 77.0 GiB free'),
      details: { freeBytes: 77 * GiB, neededBytes: 64 + 250_000 * 10_000_000 * 16 },
    });
    expect(await readdir(store.acquisitionsDir)).toEqual([]);
    // The same capture for a minute fits (9.4 GiB), and one until stopped has no size to check.
    await expect(
      store.create(scopeConfig({ sample_rate_hz: 10_000_000, duration_s: 60 }), {
        allowedChannels: ALLOWED_CHANNELS,
      }),
    ).resolves.toMatchObject({ state: 'idle' });
    await expect(
      store.create(scopeConfig({ sample_rate_hz: 10_000_000 }), { allowedChannels: ALLOWED_CHANNELS }),
    ).resolves.toMatchObject({ state: 'idle' });
  });

  it('checks again at start and arm: space taken since the capture was recorded refuses it', async () => {
    let freeBytes = 100 * GiB;
    const store = await openTestStore({
      recorder: { diskSpace: async () => ({ freeBytes, totalBytes: 1e12 }) },
    });
    // 60 s of 4 channels at 10 MSa/s: 8.9 GiB.
    const minute = { sample_rate_hz: 10_000_000, num_samples: 600_000_000 };
    const single = await store.create(scopeConfig({ ...minute, mode: 'single' }), {
      allowedChannels: ALLOWED_CHANNELS,
    });
    const triggered = await store.create(
      scopeConfig({ ...minute, mode: 'triggered', trigger: { channel: 'CH1', level: 0, edge: 'rising' } }),
      { allowedChannels: ALLOWED_CHANNELS },
    );
    freeBytes = 5 * GiB;
    await expect(store.start(single.acquisition_id)).rejects.toMatchObject({
      code: 'low_disk',
      message: expect.stringContaining('needs about 8.94 GiB on disk but the data folder has 5.00 GiB free'),
    });
    await expect(store.arm(triggered.acquisition_id)).rejects.toMatchObject({ code: 'low_disk' });
    expect((await store.get(single.acquisition_id)).state).toBe('idle');
    expect((await store.get(triggered.acquisition_id)).state).toBe('idle');
  });
});
