import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openFileSink,
  SAMPLE_FILE_HEADER_BYTES,
  withWriteFault,
  type AcquisitionStore,
  type AcquisitionStoreEvent,
  type OpenSampleSink,
  type RecorderEvent,
} from '../../../src-main/acquisition/index.js';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig, sleep, waitFor } from './helpers.js';
import { firstMismatch, syntheticBlock } from './synthetic.js';

afterEach(removeTempDirs);

const FRAME_BYTES = 16; // 4 channels × float32

async function startCapture(store: AcquisitionStore, overrides = {}) {
  const meta = await store.create(scopeConfig(overrides), { allowedChannels: ALLOWED_CHANNELS });
  const recorder = await store.start(meta.acquisition_id, { t0Ms: 1_700_000_000_000 });
  const events: RecorderEvent[] = [];
  recorder.events.on((e) => events.push(e));
  return {
    id: meta.acquisition_id,
    recorder,
    events,
    file: path.join(store.acquisitionsDir, meta.acquisition_id, 'samples.f32'),
  };
}

/** Reads the whole capture back and checks every sample of every channel bit for bit. */
async function expectSyntheticOnDisk(
  store: AcquisitionStore,
  id: string,
  sampleCount: number,
): Promise<void> {
  const reader = await store.openReader(id);
  try {
    expect(reader.sampleCount).toBe(sampleCount);
    let next = 0;
    for await (const block of reader.chunks({ chunkSamples: 4_099 })) {
      expect(block.firstSample).toBe(next);
      block.channels.forEach((values, c) => expect(firstMismatch(values, c, block.firstSample)).toBe(-1));
      next += block.channels[0]!.length;
    }
    expect(next).toBe(sampleCount);
  } finally {
    await reader.close();
  }
}

describe('AcquisitionRecorder: continuous capture', () => {
  it('records 4 channels exactly: sample count, continuity, bit-exact values', async () => {
    const store = await openTestStore();
    const { id, recorder } = await startCapture(store);
    let next = 0;
    for (const size of [1, 999, 4_096, 10_000, 37, 65_536, 12_345]) {
      expect(recorder.append(syntheticBlock(next, size))).toBe(true);
      next += size;
      if (size > 10_000) await sleep(1); // let the writer interleave with appends
    }
    const final = await store.stop(id);
    expect(final.state).toBe('complete');
    expect(final.sample_count).toBe(next);
    expect(final.error).toBeUndefined();
    const stats = recorder.stats();
    expect(stats).toMatchObject({
      receivedSampleCount: next,
      flushedSampleCount: next,
      durableSampleCount: next,
    });
    expect(stats.refusedSampleCount).toBe(0);
    expect(stats.lostSampleCount).toBe(0);
    // A figure, reported (its size is the machine's load; `npm run bench -- acquisitionCapture` measures it).
    expect(stats.maxLagMs).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(stats.maxLagMs)).toBe(true);
    const { size } = await stat(path.join(store.acquisitionsDir, id, 'samples.f32'));
    expect(size).toBe(SAMPLE_FILE_HEADER_BYTES + next * FRAME_BYTES);
    await expectSyntheticOnDisk(store, id, next);
  });

  it('keeps special float values bit-exact (NaN payloads, -0, infinities, subnormals)', async () => {
    const store = await openTestStore();
    const { id, recorder } = await startCapture(store);
    const bits = Uint32Array.of(
      0x7fc00001,
      0xffc12345,
      0x80000000,
      0x7f800000,
      0xff800000,
      0x00000001,
      0x807fffff,
    );
    const special = new Float32Array(bits.buffer);
    recorder.append({ firstSample: 0, channels: [special, special, special, special] });
    await store.stop(id);
    const reader = await store.openReader(id);
    const block = await reader.readRange(0, special.length);
    await reader.close();
    for (const values of block.channels)
      expect(Array.from(new Uint32Array(values.buffer))).toEqual(Array.from(bits));
  });

  it('has the samples on disk without a stop (seen through another handle), and synced', async () => {
    const store = await openTestStore();
    const { file, recorder } = await startCapture(store);
    const sizeOnDisk = async (): Promise<number> => (await stat(file)).size;
    // Written and fdatasync'd (every 250 ms) while the capture runs: nothing waits for stop(). How soon
    // is the machine's load; that it happens is the logic (without it these waits would time out).
    recorder.append(syntheticBlock(0, 1_000));
    await waitFor(async () => (await sizeOnDisk()) === SAMPLE_FILE_HEADER_BYTES + 1_000 * FRAME_BYTES);
    await waitFor(() => recorder.stats().durableSampleCount === 1_000);
    recorder.append(syntheticBlock(1_000, 500));
    await waitFor(async () => (await sizeOnDisk()) === SAMPLE_FILE_HEADER_BYTES + 1_500 * FRAME_BYTES);
    await waitFor(() => recorder.stats().durableSampleCount === 1_500);
    await recorder.stop();
  });

  it('reports flushed progress as events, ending with finished', async () => {
    const store = await openTestStore();
    const { recorder, events } = await startCapture(store);
    recorder.append(syntheticBlock(0, 100));
    recorder.append(syntheticBlock(100, 100));
    const result = await recorder.stop();
    expect(result).toMatchObject({ reason: 'stopped', sampleCount: 200 });
    const flushed = events.filter((e) => e.type === 'flushed').map((e) => e.flushedSampleCount);
    expect(flushed.at(-1)).toBe(200);
    expect(events.at(-1)).toEqual({ type: 'finished', result });
  });
});

describe('AcquisitionRecorder: continuity', () => {
  it.each([
    ['gap', 150, 'gap of 50 samples'],
    ['overlap', 60, 'overlap of 40 samples'],
  ])('reports a %s, stops with state error and keeps every sample before it', async (_kind, first, text) => {
    const store = await openTestStore();
    const storeEvents: AcquisitionStoreEvent[] = [];
    store.events.on((e) => storeEvents.push(e));
    const { id, recorder, events } = await startCapture(store);
    expect(recorder.append(syntheticBlock(0, 100))).toBe(true);
    expect(recorder.append(syntheticBlock(first, 100))).toBe(false);
    expect(recorder.append(syntheticBlock(100, 100))).toBe(false); // stopped: later blocks are refused
    const faults = events.filter((e) => e.type === 'fault');
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ fault: { code: 'discontinuity' } });
    const final = await store.stop(id);
    expect(final.state).toBe('error');
    expect(final.error?.code).toBe('discontinuity');
    expect(final.error?.message).toContain(text);
    expect(final.sample_count).toBe(100);
    expect(recorder.stats().refusedSampleCount).toBe(200);
    expect(storeEvents.some((e) => e.type === 'fault' && e.acquisitionId === id)).toBe(true);
    expect(storeEvents.at(-1)).toMatchObject({
      type: 'state_changed',
      previousState: 'running',
      meta: { state: 'error' },
    });
    await expectSyntheticOnDisk(store, id, 100);
  });

  it('throws on a block of the wrong shape (a caller bug), without faulting the capture', async () => {
    const store = await openTestStore();
    const { recorder } = await startCapture(store);
    const three = syntheticBlock(0, 10, 3);
    expect(() => recorder.append(three)).toThrow(RangeError);
    const ragged = syntheticBlock(0, 10);
    expect(() =>
      recorder.append({ ...ragged, channels: [...ragged.channels.slice(0, 3), new Float32Array(9)] }),
    ).toThrow(RangeError);
    expect(recorder.fault).toBeUndefined();
    expect(recorder.append(syntheticBlock(0, 10))).toBe(true);
    await recorder.stop();
  });
});

describe('AcquisitionRecorder: faults', () => {
  it('stops cleanly on a full disk: state error, files valid, sample_count = readable samples', async () => {
    const limit = SAMPLE_FILE_HEADER_BYTES + 1_000 * FRAME_BYTES + 6; // the failing write tears a frame
    const store = await openTestStore({
      recorder: { openSink: withWriteFault(openFileSink, { failAfterBytes: limit }) },
    });
    const { id, recorder, events, file } = await startCapture(store);
    for (let first = 0; first < 1_500; first += 300) recorder.append(syntheticBlock(first, 300));
    const final = await store.stop(id);
    expect(events.filter((e) => e.type === 'fault')).toMatchObject([{ fault: { code: 'disk_full' } }]);
    expect(final.state).toBe('error');
    expect(final.error?.message).toMatch(/disk full.*ENOSPC.*1000 samples kept/);
    expect(final.sample_count).toBe(1_000);
    expect((await stat(file)).size).toBe(SAMPLE_FILE_HEADER_BYTES + 1_000 * FRAME_BYTES);
    expect(recorder.stats().lostSampleCount + recorder.stats().refusedSampleCount).toBe(500);
    expect((await store.get(id)).sample_count).toBe(1_000);
    await expectSyntheticOnDisk(store, id, 1_000);
  });

  it('reports any other write error the same way', async () => {
    const openSink = withWriteFault(openFileSink, {
      failAfterBytes: SAMPLE_FILE_HEADER_BYTES + 160,
      code: 'EIO',
    });
    const store = await openTestStore({ recorder: { openSink } });
    const { id, recorder } = await startCapture(store);
    recorder.append(syntheticBlock(0, 100));
    const final = await store.stop(id);
    expect(final).toMatchObject({ state: 'error', sample_count: 10, error: { code: 'write_failed' } });
    await expectSyntheticOnDisk(store, id, 10);
  });

  it('reports a writer that falls behind its byte budget, and still writes everything it accepted', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowSink: OpenSampleSink = async (filePath) => {
      const sink = await openFileSink(filePath);
      return {
        ...sink,
        writev: async (chunks, position) =>
          (position > 0 ? gate : Promise.resolve()).then(() => sink.writev(chunks, position)),
      };
    };
    const store = await openTestStore({ recorder: { openSink: slowSink, maxQueuedBytes: 64 * 1024 } });
    const { id, recorder, events } = await startCapture(store);
    for (let i = 0; i < 4; i++) expect(recorder.append(syntheticBlock(i * 1_000, 1_000))).toBe(true); // 64 000 B
    expect(recorder.append(syntheticBlock(4_000, 1_000))).toBe(false);
    expect(events.filter((e) => e.type === 'fault')).toMatchObject([{ fault: { code: 'backlog' } }]);
    release();
    const final = await store.stop(id);
    expect(final).toMatchObject({ state: 'error', sample_count: 4_000, error: { code: 'backlog' } });
    expect(recorder.stats()).toMatchObject({ refusedSampleCount: 1_000, lostSampleCount: 0 });
    await expectSyntheticOnDisk(store, id, 4_000);
  });

  it('refuses to start below the free-space margin, and stops cleanly when space runs low during capture', async () => {
    let freeBytes = 10e9;
    const diskSpace = async () => ({ freeBytes, totalBytes: 100e9 });
    const store = await openTestStore({ recorder: { diskSpace, diskCheckIntervalMs: 10 } });
    const low = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    freeBytes = 100e6;
    await expect(store.start(low.acquisition_id)).rejects.toMatchObject({ code: 'low_disk' });
    expect((await store.get(low.acquisition_id)).state).toBe('idle');

    freeBytes = 10e9;
    const { id, recorder, events } = await startCapture(store);
    recorder.append(syntheticBlock(0, 2_000));
    freeBytes = 400e6; // below the 500 MiB default margin
    // The capture ends by itself; the store records it once the recorder has closed the file.
    await waitFor(() => store.recorder(id) === undefined);
    expect(events.filter((e) => e.type === 'fault')).toMatchObject([{ fault: { code: 'low_disk' } }]);
    await expect(store.stop(id)).rejects.toMatchObject({ code: 'invalid_state' });
    const final = await store.get(id);
    expect(final).toMatchObject({ state: 'error', sample_count: 2_000, error: { code: 'low_disk' } });
    expect(final.error?.message).toContain('below the 500 MiB margin');
    await expectSyntheticOnDisk(store, id, 2_000);
  });
});

describe('AcquisitionRecorder: length and pauses', () => {
  it('completes by itself at num_samples, keeping exactly that many', async () => {
    const store = await openTestStore();
    const { id, recorder } = await startCapture(store, { mode: 'single', num_samples: 1_000 });
    expect(recorder.append(syntheticBlock(0, 600))).toBe(true);
    expect(recorder.append(syntheticBlock(600, 600))).toBe(true);
    expect(recorder.append(syntheticBlock(1_200, 600))).toBe(false);
    const result = await recorder.finished;
    expect(result).toMatchObject({ reason: 'target_reached', sampleCount: 1_000 });
    await waitFor(() => store.recorder(id) === undefined);
    expect(await store.get(id)).toMatchObject({ state: 'complete', sample_count: 1_000 });
    await expectSyntheticOnDisk(store, id, 1_000);
  });

  it('refuses blocks while paused and records a new time segment on resume', async () => {
    const store = await openTestStore();
    const { id, recorder } = await startCapture(store);
    recorder.append(syntheticBlock(0, 100));
    expect((await store.pause(id)).state).toBe('paused');
    expect(recorder.append(syntheticBlock(100, 50))).toBe(false);
    const resumed = await store.resume(id, { t0Ms: 1_700_000_005_000 });
    expect(resumed.segments).toEqual([
      { first_sample: 0, t0_ms: 1_700_000_000_000 },
      { first_sample: 100, t0_ms: 1_700_000_005_000 },
    ]);
    expect(recorder.append(syntheticBlock(100, 100))).toBe(true);
    const final = await store.stop(id);
    expect(final).toMatchObject({ state: 'complete', sample_count: 200 });
    expect(final.segments).toHaveLength(2);
    expect(recorder.stats().refusedSampleCount).toBe(50);
  });
});
