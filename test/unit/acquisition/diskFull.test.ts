/**
 * A capture that ends on a full disk (issue 15: the ending could not be written, so the acquisition stayed
 * "running, 0 flushed" for good — stop and pause `invalid_state`, delete `busy`, an export of 0 rows, and
 * `crash` after a restart). ENOSPC is injected through the file layer: the sample sink's fault wrapper and
 * a MetaFiles that fails as a full disk does, so this runs anywhere; diskFullTmpfs.test.ts does the same
 * on a real full file system where it can.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AcquisitionError,
  AcquisitionStore,
  openFileSink,
  SAMPLE_FILE_HEADER_BYTES,
  isFinalState,
  withWriteFault,
  type AcquisitionMeta,
} from '../../../src-main/acquisition/index.js';
import { KeyedMutex } from '../../../src-main/acquisition/storage/KeyedMutex.js';
import { newMeta, withState } from '../../../src-main/acquisition/storage/meta.js';
import {
  diskMetaFiles,
  META_RESERVE_SLACK_BYTES,
  type MetaFiles,
} from '../../../src-main/acquisition/storage/metaFile.js';
import { PendingFinals } from '../../../src-main/acquisition/storage/PendingFinals.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig, tempDir } from './helpers.js';
import { firstMismatch, syntheticBlock } from './synthetic.js';

afterEach(async () => {
  vi.useRealTimers();
  await removeTempDirs();
});

/** Frames the sample file holds when the disk fills: 1,528 whole ones and a torn one. */
const KEPT = 1_528;
const FRAME_BYTES = 4 * 4;
const FAIL_AFTER_BYTES = SAMPLE_FILE_HEADER_BYTES + KEPT * FRAME_BYTES + 5;

/** A disk that can be filled and freed: while `full`, the chosen meta operations fail with ENOSPC. */
function fillableDisk(fails: readonly (keyof MetaFiles)[] = ['write', 'reserve', 'writeFinal']): {
  files: MetaFiles;
  full: boolean;
} {
  const disk = { full: false, files: { ...diskMetaFiles } };
  for (const op of fails) {
    disk.files[op] = (dir, meta) =>
      disk.full
        ? Promise.reject(
            new AcquisitionError('io_error', `${meta.acquisition_id}: cannot write meta.json: ENOSPC`, {
              errno: 'ENOSPC',
            }),
          )
        : diskMetaFiles[op](dir, meta);
  }
  return disk;
}

const onDisk = async (store: AcquisitionStore, id: string): Promise<AcquisitionMeta> =>
  JSON.parse(await readFile(path.join(store.acquisitionsDir, id, 'meta.json'), 'utf8')) as AcquisitionMeta;

/** Resolves with the final metadata the store announces for `id` (subscribe before the end comes). */
function endOf(store: AcquisitionStore, id: () => string): Promise<AcquisitionMeta> {
  return new Promise((resolve) => {
    const off = store.events.on((event) => {
      if (event.type !== 'state_changed' || event.meta.acquisition_id !== id()) return;
      if (!isFinalState(event.meta.state)) return;
      off();
      resolve(event.meta);
    });
  });
}

/** Starts a 4-channel capture and feeds it until the sample file hits the full disk; returns its id. */
async function captureUntilFull(store: AcquisitionStore, disk: { full: boolean }): Promise<string> {
  const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
  const ended = endOf(store, () => id);
  const recorder = await store.start(id);
  disk.full = true;
  recorder.append(syntheticBlock(0, 3_000));
  await ended;
  return id;
}

/** A capture of `count` samples abandoned as a crash leaves it: meta.json still says running. */
async function abandonedCapture(dataDir: string, count: number): Promise<string> {
  const store = await openTestStore({ dataDir });
  const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
  const ended = endOf(store, () => id);
  const recorder = await store.start(id);
  const running = await store.get(id);
  recorder.append(syntheticBlock(0, count));
  await recorder.stop();
  await ended;
  await writeFile(path.join(dataDir, 'acquisitions', id, 'meta.json'), JSON.stringify(running));
  return id;
}

function openFullStore(dataDir: string | undefined, disk: { files: MetaFiles }): Promise<AcquisitionStore> {
  return openTestStore({
    ...(dataDir !== undefined && { dataDir }),
    metaFiles: disk.files,
    recorder: { openSink: withWriteFault(openFileSink, { failAfterBytes: FAIL_AFTER_BYTES }) },
  });
}

describe('a capture that fills the disk', () => {
  it('records its end (error, disk_full) in the space held for it when no new file can be written', async () => {
    // Only fresh files fail: the reserve, written at start, still takes the ending in place.
    const disk = fillableDisk(['write', 'reserve']);
    const store = await openFullStore(undefined, disk);
    const id = await captureUntilFull(store, disk);
    const meta = await onDisk(store, id);
    expect(meta).toMatchObject({ state: 'error', sample_count: KEPT, error: { code: 'disk_full' } });
    expect(store.unsavedEndings).toBe(0);
    expect((await readdir(path.join(store.acquisitionsDir, id))).sort()).toEqual([
      'meta.json',
      'samples.f32',
    ]);
  });

  it('keeps its end in memory when nothing can be written: get, list, reader, stop, pause tell the truth', async () => {
    const disk = fillableDisk();
    const store = await openFullStore(undefined, disk);
    const id = await captureUntilFull(store, disk);
    expect((await onDisk(store, id)).state).toBe('running'); // nothing could reach the disk
    const expected = { state: 'error', sample_count: KEPT, error: { code: 'disk_full' } };
    expect(await store.get(id)).toMatchObject(expected);
    expect(await store.list()).toMatchObject([expected]);
    expect(store.unsavedEndings).toBe(1);
    const reader = await store.openReader(id);
    expect(reader.sampleCount).toBe(KEPT);
    const block = await reader.readRange(0, KEPT);
    await reader.close();
    block.channels.forEach((values, c) => expect(firstMismatch(values, c, 0)).toBe(-1));
    // It has ended: stop and pause say so (not "marked running but not capturing").
    await expect(store.stop(id)).rejects.toMatchObject({
      code: 'invalid_state',
      message: `${id} is error; cannot go to complete`,
    });
    await expect(store.pause(id)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('writes the kept end once there is room again, so a restart says disk_full, not crash', async () => {
    const dataDir = await tempDir();
    const disk = fillableDisk();
    const store = await openFullStore(dataDir, disk);
    const id = await captureUntilFull(store, disk);
    expect(await store.saveEndings()).toBe(1); // still full
    disk.full = false;
    expect(await store.saveEndings()).toBe(0);
    expect(await onDisk(store, id)).toMatchObject({
      state: 'error',
      sample_count: KEPT,
      error: { code: 'disk_full' },
    });
    expect(await readdir(path.join(store.acquisitionsDir, id))).not.toContain('meta.reserve');
    const restarted = await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(restarted.recovered).toEqual([]);
    expect(await restarted.get(id)).toMatchObject({ state: 'error', error: { code: 'disk_full' } });
  });

  it('can be deleted while its end is only in memory', async () => {
    const disk = fillableDisk();
    const store = await openFullStore(undefined, disk);
    const id = await captureUntilFull(store, disk);
    await store.delete(id);
    expect(await readdir(store.acquisitionsDir)).toEqual([]);
    expect(store.unsavedEndings).toBe(0);
    await expect(store.get(id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the space held for the final meta.json', () => {
  it('is there while capturing, grows with the metadata, and is gone once the end is recorded', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const recorder = await store.start(id);
    const dir = path.join(store.acquisitionsDir, id);
    const metaBytes = (await stat(path.join(dir, 'meta.json'))).size;
    expect((await stat(path.join(dir, 'meta.reserve'))).size).toBe(metaBytes + META_RESERVE_SLACK_BYTES);
    recorder.append(syntheticBlock(0, 100));
    await store.stop(id);
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'samples.f32']);
    expect(await onDisk(store, id)).toMatchObject({ state: 'complete', sample_count: 100 });
  });

  it('tells recovery how a capture ended that died before renaming its end into place', async () => {
    const dataDir = await tempDir();
    const id = await abandonedCapture(dataDir, 2_000);
    // The in-place write of the ending completed; the rename did not (the process died between them).
    const running = JSON.parse(
      await readFile(path.join(dataDir, 'acquisitions', id, 'meta.json'), 'utf8'),
    ) as AcquisitionMeta;
    const ending = withState(running, 'error', 1_765_000_000_000, {
      sample_count: 2_000,
      error: { code: 'disk_full', message: 'disk full (ENOSPC): capture stopped with 2000 samples kept' },
    });
    await writeFile(path.join(dataDir, 'acquisitions', id, 'meta.reserve'), JSON.stringify(ending));
    const second = await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(second.recovered).toMatchObject([
      { acquisitionId: id, previousState: 'running', sampleCount: 2_000 },
    ]);
    expect(await second.get(id)).toMatchObject({
      state: 'error',
      sample_count: 2_000,
      error: { code: 'disk_full' },
    });
    expect(await readdir(path.join(dataDir, 'acquisitions', id))).not.toContain('meta.reserve');
  });

  it('is used by recovery on a disk that is still full, and its result kept in memory if even that fails', async () => {
    const dataDir = await tempDir();
    const id = await abandonedCapture(dataDir, 700);
    const disk = fillableDisk(['writeFinal']);
    disk.full = true;
    const second = await openTestStore({ dataDir, metaFiles: disk.files });
    expect(second.recovered).toMatchObject([{ acquisitionId: id, saved: false }]);
    expect(await second.get(id)).toMatchObject({
      state: 'interrupted',
      sample_count: 700,
      error: { code: 'crash' },
    });
    expect(second.unsavedEndings).toBe(1);
    disk.full = false;
    expect(await second.saveEndings()).toBe(0);
    expect(await onDisk(second, id)).toMatchObject({ state: 'interrupted', sample_count: 700 });
  });
});

describe('PendingFinals', () => {
  it('retries on its interval until the write succeeds, then stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const attempts: string[] = [];
    let full = true;
    const files: MetaFiles = {
      ...diskMetaFiles,
      writeFinal: async (_dir, meta) => {
        attempts.push(meta.acquisition_id);
        if (full) throw new AcquisitionError('io_error', 'ENOSPC');
      },
    };
    const pending = new PendingFinals({
      files,
      dirOf: (id) => `/nowhere/${id}`,
      locks: new KeyedMutex(),
      log: silentLogger,
      retryIntervalMs: 1_000,
    });
    const meta = newMeta('acq_0123456789ab', scopeConfig(), {}, '0.0.0', 0);
    pending.add(meta);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveLength(1);
    expect(pending.has(meta.acquisition_id)).toBe(true);
    full = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveLength(2);
    expect(pending.size).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toHaveLength(2);
  });
});
