import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AcquisitionStore,
  SAMPLE_FILE_HEADER_BYTES,
  type AcquisitionStoreEvent,
} from '../../../src-main/acquisition/index.js';
import { writeFileAtomic } from '../../../src-main/util/atomicFile.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig, tempDir, waitFor } from './helpers.js';
import { firstMismatch, syntheticBlock } from './synthetic.js';

afterEach(removeTempDirs);

const create = (store: AcquisitionStore, overrides = {}, settings: unknown = { timebase_s: 0.001 }) =>
  store.create(scopeConfig(overrides), { allowedChannels: ALLOWED_CHANNELS, instrumentSettings: settings });

describe('AcquisitionStore: records', () => {
  it('creates one folder per acquisition with a complete meta.json', async () => {
    const store = await openTestStore({ appVersion: '9.9.9' });
    const meta = await create(store, { name: '../../not a path' });
    expect(meta.acquisition_id).toMatch(/^acq_[0-9a-f]{12}$/);
    const dir = path.join(store.acquisitionsDir, meta.acquisition_id);
    expect(await readdir(dir)).toEqual(['meta.json']);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
    expect(onDisk).toEqual(meta);
    expect(onDisk).toMatchObject({
      format_version: 1,
      equipment_id: 'scope_1',
      name: '../../not a path',
      mode: 'continuous',
      sample_rate_hz: 1_000_000,
      channels: [
        { name: 'CH1', unit: 'V' },
        { name: 'CH2', unit: 'V' },
        { name: 'CH3', unit: 'V' },
        { name: 'CH4', unit: 'V' },
      ],
      app_version: '9.9.9',
      instrument_settings: { timebase_s: 0.001 },
      state: 'idle',
      sample_count: 0,
      segments: [],
    });
    expect(onDisk.created_iso).toBe(new Date(onDisk.created_ms).toISOString());
  });

  it('lists, gets and deletes', async () => {
    const store = await openTestStore();
    const a = await create(store);
    const b = await create(store);
    expect((await store.list()).map((m) => m.acquisition_id).sort()).toEqual(
      [a.acquisition_id, b.acquisition_id].sort(),
    );
    expect(await store.get(a.acquisition_id)).toEqual(a);
    await store.delete(a.acquisition_id);
    await expect(store.get(a.acquisition_id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.delete(a.acquisition_id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.list()).map((m) => m.acquisition_id)).toEqual([b.acquisition_id]);
    expect(await readdir(store.acquisitionsDir)).toEqual([b.acquisition_id]);
  });

  it('rejects a bad config or settings without creating anything', async () => {
    const store = await openTestStore();
    await expect(create(store, { sample_rate_hz: 0 })).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(create(store, {}, [1, 2])).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(create(store, {}, { n: 10n })).rejects.toMatchObject({ code: 'invalid_config' });
    expect(await readdir(store.acquisitionsDir)).toEqual([]);
  });

  it('keeps at most maxAcquisitions, even when creates race for the last place', async () => {
    const store = await openTestStore({ maxAcquisitions: 3 });
    await create(store);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => create(store)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toMatchObject({ code: 'limit_exceeded', details: { limit: 3, count: 3 } });
    }
    const ids = (await readdir(store.acquisitionsDir)).filter((n) => n.startsWith('acq_'));
    expect(ids).toHaveLength(3);
    await store.delete(ids[0]!);
    await expect(create(store)).resolves.toMatchObject({ state: 'idle' });
  });

  it('keeps a snapshot of the settings: later changes by the caller do not reach it', async () => {
    const store = await openTestStore();
    const settings = { channels: { CH1: { scale_v: 1 } } };
    const meta = await create(store, {}, settings);
    settings.channels.CH1.scale_v = 99;
    expect((await store.get(meta.acquisition_id)).instrument_settings).toEqual({
      channels: { CH1: { scale_v: 1 } },
    });
  });
});

describe('AcquisitionStore: life cycle', () => {
  it('goes idle → armed → running → paused → running → complete, announcing each change', async () => {
    const store = await openTestStore();
    const events: AcquisitionStoreEvent[] = [];
    store.events.on((e) => events.push(e));
    const { acquisition_id: id } = await create(store);
    expect((await store.arm(id)).state).toBe('armed');
    expect((await store.disarm(id)).state).toBe('idle');
    await store.arm(id);
    const recorder = await store.start(id, { t0Ms: 1_700_000_000_000 });
    expect(await store.get(id)).toMatchObject({
      state: 'running',
      t0_ms: 1_700_000_000_000,
      t0_iso: '2023-11-14T22:13:20.000Z',
    });
    recorder.append(syntheticBlock(0, 10));
    await store.pause(id);
    await store.resume(id);
    expect((await store.stop(id)).state).toBe('complete');
    const transitions = events.flatMap((e) =>
      e.type === 'state_changed' ? [`${e.previousState}→${e.meta.state}`] : [],
    );
    expect(transitions).toEqual([
      'idle→armed',
      'armed→idle',
      'idle→armed',
      'armed→running',
      'running→paused',
      'paused→running',
      'running→complete',
    ]);
    expect(events[0]).toMatchObject({ type: 'created' });
  });

  it('throws typed errors for illegal transitions and changes nothing', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await create(store);
    await expect(store.pause(id)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(store.stop(id)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(store.disarm(id)).rejects.toMatchObject({ code: 'invalid_state' });
    await store.start(id);
    await expect(store.start(id)).rejects.toMatchObject({ code: 'busy' });
    await expect(store.arm(id)).rejects.toMatchObject({ code: 'busy' });
    await expect(store.resume(id)).rejects.toMatchObject({ code: 'busy' });
    await store.stop(id);
    await expect(store.start(id)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(store.stop(id)).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await store.get(id)).state).toBe('complete');
  });

  it('refuses to delete while armed, running or paused', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await create(store);
    await store.arm(id);
    await expect(store.delete(id)).rejects.toMatchObject({ code: 'busy' });
    await store.start(id);
    await expect(store.delete(id)).rejects.toMatchObject({ code: 'busy' });
    await store.pause(id);
    await expect(store.delete(id)).rejects.toMatchObject({ code: 'busy' });
    await store.stop(id);
    await store.delete(id);
    await expect(store.get(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('serialises concurrent commands on one acquisition: exactly one start wins', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await create(store);
    const results = await Promise.allSettled([store.start(id), store.start(id), store.delete(id)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await store.stop(id);
  });

  it('close() ends captures in progress as interrupted and refuses new ones', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await create(store);
    const recorder = await store.start(id);
    recorder.append(syntheticBlock(0, 500));
    await store.close();
    const meta = await store.get(id);
    expect(meta).toMatchObject({ state: 'interrupted', sample_count: 500, error: { code: 'shutdown' } });
    await expect(create(store)).rejects.toMatchObject({ code: 'invalid_state' });
  });
});

describe('AcquisitionStore: atomic metadata', () => {
  it('replaces a file atomically, leaving no temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'meta.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(await readFile(file, 'utf8')).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(['meta.json']);
  });

  it('never reads a leftover temp file in place of a good meta.json; recovery removes it', async () => {
    const dataDir = await tempDir();
    const store = await openTestStore({ dataDir });
    const meta = await create(store);
    const dir = path.join(store.acquisitionsDir, meta.acquisition_id);
    // What a crash between writing the temp file and renaming it leaves behind.
    await writeFile(path.join(dir, 'meta.json.tmp-deadbeef'), '{"state": "complete", "sample_c');
    expect(await store.get(meta.acquisition_id)).toEqual(meta);
    expect(await store.list()).toEqual([meta]);
    await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(await readdir(dir)).toEqual(['meta.json']);
    expect(await store.get(meta.acquisition_id)).toEqual(meta);
  });

  it('reports a corrupt meta.json as corrupt, skips it in list(), and still lets it be deleted', async () => {
    const store = await openTestStore();
    const good = await create(store);
    const bad = await create(store);
    await writeFile(
      path.join(store.acquisitionsDir, bad.acquisition_id, 'meta.json'),
      '{"format_version": 1}',
    );
    await expect(store.get(bad.acquisition_id)).rejects.toMatchObject({ code: 'corrupt' });
    expect((await store.list()).map((m) => m.acquisition_id)).toEqual([good.acquisition_id]);
    await store.delete(bad.acquisition_id);
  });
});

describe('AcquisitionStore: recovery', () => {
  it('marks an abandoned capture interrupted, truncates a torn frame, keeps every flushed sample', async () => {
    const dataDir = await tempDir();
    const first = await openTestStore({ dataDir });
    const { acquisition_id: id } = await create(first);
    const recorder = await first.start(id);
    recorder.append(syntheticBlock(0, 3_000));
    await waitFor(() => recorder.flushedSampleCount === 3_000);
    const file = path.join(first.acquisitionsDir, id, 'samples.f32');
    await appendFile(file, Buffer.alloc(7, 0xab)); // a frame torn by the crash
    // The first store is abandoned as a crashed process would leave it; a new one starts up.
    const second = await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(second.recovered).toMatchObject([
      { acquisitionId: id, previousState: 'running', sampleCount: 3_000, truncatedBytes: 7 },
    ]);
    const meta = await second.get(id);
    expect(meta).toMatchObject({ state: 'interrupted', sample_count: 3_000, error: { code: 'crash' } });
    expect((await stat(file)).size).toBe(SAMPLE_FILE_HEADER_BYTES + 3_000 * 16);
    const reader = await second.openReader(id);
    const block = await reader.readRange(0, 3_000);
    await reader.close();
    block.channels.forEach((values, c) => expect(firstMismatch(values, c, 0)).toBe(-1));
    await recorder.stop(); // release the abandoned handle before the temp dir goes
  });

  it('recovers armed and paused acquisitions too, and leaves idle and finished ones alone', async () => {
    const dataDir = await tempDir();
    const first = await openTestStore({ dataDir });
    const idle = await create(first);
    const armed = await create(first);
    await first.arm(armed.acquisition_id);
    const done = await create(first);
    await first.start(done.acquisition_id);
    await first.stop(done.acquisition_id);
    const paused = await create(first);
    const recorder = await first.start(paused.acquisition_id);
    recorder.append(syntheticBlock(0, 10));
    await first.pause(paused.acquisition_id);
    const second = await AcquisitionStore.open({ dataDir, log: silentLogger });
    const byId = Object.fromEntries(second.recovered.map((r) => [r.acquisitionId, r]));
    expect(Object.keys(byId).sort()).toEqual([armed.acquisition_id, paused.acquisition_id].sort());
    expect(await second.get(armed.acquisition_id)).toMatchObject({ state: 'interrupted', sample_count: 0 });
    expect(await second.get(paused.acquisition_id)).toMatchObject({ state: 'interrupted', sample_count: 10 });
    expect((await second.get(idle.acquisition_id)).state).toBe('idle');
    expect((await second.get(done.acquisition_id)).state).toBe('complete');
    await recorder.stop();
  });

  it('finishes a delete that a crash interrupted, and ignores stray folders', async () => {
    const store = await openTestStore();
    const keep = await create(store);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(store.acquisitionsDir, '.deleting-acq_0123456789ab-1234abcd'));
    await mkdir(path.join(store.acquisitionsDir, 'not-an-acquisition'));
    await store.recover();
    expect((await readdir(store.acquisitionsDir)).sort()).toEqual([
      keep.acquisition_id,
      'not-an-acquisition',
    ]);
    expect((await store.list()).map((m) => m.acquisition_id)).toEqual([keep.acquisition_id]);
  });
});
