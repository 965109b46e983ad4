import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AcquisitionReader,
  type AcquisitionStore,
  type SampleBlock,
} from '../../../src-main/acquisition/index.js';
import { ALLOWED_CHANNELS, openTestStore, removeTempDirs, scopeConfig, waitFor } from './helpers.js';
import { firstMismatch, syntheticBlock } from './synthetic.js';

afterEach(removeTempDirs);

const TOTAL = 10_000;

/** A finished 4-channel capture of TOTAL synthetic samples. */
async function finishedCapture(store: AcquisitionStore): Promise<string> {
  const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
  const recorder = await store.start(id);
  for (let first = 0; first < TOTAL; first += 2_500) recorder.append(syntheticBlock(first, 2_500));
  await store.stop(id);
  return id;
}

async function collect(blocks: AsyncIterable<SampleBlock>): Promise<SampleBlock[]> {
  const out: SampleBlock[] = [];
  for await (const block of blocks) out.push(block);
  return out;
}

describe('AcquisitionReader', () => {
  it('streams a channel subset over a sample range in chunks, in the order asked', async () => {
    const store = await openTestStore();
    const reader = await store.openReader(await finishedCapture(store));
    const blocks = await collect(
      reader.chunks({ channels: ['CH4', 'CH2'], fromSample: 1_234, toSample: 5_678, chunkSamples: 1_000 }),
    );
    await reader.close();
    expect(blocks.map((b) => [b.firstSample, b.channels[0]!.length])).toEqual([
      [1_234, 1_000],
      [2_234, 1_000],
      [3_234, 1_000],
      [4_234, 1_000],
      [5_234, 444],
    ]);
    for (const block of blocks) {
      expect(block.channels).toHaveLength(2);
      expect(firstMismatch(block.channels[0]!, 3, block.firstSample)).toBe(-1);
      expect(firstMismatch(block.channels[1]!, 1, block.firstSample)).toBe(-1);
    }
  });

  it('reads everything with defaults, and nothing for an empty range', async () => {
    const store = await openTestStore();
    const reader = await store.openReader(await finishedCapture(store));
    const all = await collect(reader.chunks());
    expect(all).toHaveLength(1);
    expect(all[0]!.channels).toHaveLength(4);
    expect(all[0]!.channels[0]!.length).toBe(TOTAL);
    expect(await collect(reader.chunks({ fromSample: 500, toSample: 500 }))).toEqual([]);
    await reader.close();
  });

  it('readRange returns what is there: fewer at the end, none at the end exactly', async () => {
    const store = await openTestStore();
    const reader = await store.openReader(await finishedCapture(store));
    const tail = await reader.readRange(9_900, 1_000, { channels: ['CH3'] });
    expect(tail.firstSample).toBe(9_900);
    expect(tail.channels[0]!.length).toBe(100);
    expect(firstMismatch(tail.channels[0]!, 2, 9_900)).toBe(-1);
    const none = await reader.readRange(TOTAL, 1_000);
    expect(none.channels.map((c) => c.length)).toEqual([0, 0, 0, 0]);
    await reader.close();
  });

  it('rejects bad ranges, channels and chunk sizes with typed errors', async () => {
    const store = await openTestStore();
    const reader = await store.openReader(await finishedCapture(store));
    await expect(reader.readRange(TOTAL + 1, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(reader.readRange(-1, 1)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(reader.readRange(0, 10_000_000)).rejects.toMatchObject({ code: 'out_of_range' });
    await expect(reader.readRange(0, 1, { channels: ['CH9'] })).rejects.toMatchObject({ code: 'not_found' });
    await expect(reader.readRange(0, 1, { channels: ['CH1', 'CH1'] })).rejects.toMatchObject({
      code: 'invalid_config',
    });
    await expect(collect(reader.chunks({ toSample: TOTAL + 1 }))).rejects.toMatchObject({
      code: 'out_of_range',
    });
    await expect(collect(reader.chunks({ fromSample: 10, toSample: 5 }))).rejects.toMatchObject({
      code: 'out_of_range',
    });
    await expect(collect(reader.chunks({ chunkSamples: 0 }))).rejects.toMatchObject({
      code: 'invalid_config',
    });
    await reader.close();
  });

  it('follows a capture in progress: a live view resumes from the last sample it saw', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const recorder = await store.start(id);
    const reader = await store.openReader(id);
    expect(reader.sampleCount).toBe(0);
    recorder.append(syntheticBlock(0, 1_000));
    await waitFor(() => reader.sampleCount === 1_000);
    const first = await reader.readRange(0, 600);
    recorder.append(syntheticBlock(1_000, 1_000));
    await waitFor(() => reader.sampleCount === 2_000);
    // The client saw samples up to 600 before it reconnected: from_sample = 600.
    const resumed = await reader.readRange(600, 100_000);
    expect(resumed.firstSample).toBe(600);
    expect(resumed.channels[0]!.length).toBe(1_400);
    expect(firstMismatch(first.channels[1]!, 1, 0)).toBe(-1);
    expect(firstMismatch(resumed.channels[1]!, 1, 600)).toBe(-1);
    await store.stop(id);
    expect(reader.sampleCount).toBe(2_000);
    await reader.close();
  });

  it('trusts the sample file over a stale sample_count: every whole frame in it is readable', async () => {
    const store = await openTestStore();
    const id = await finishedCapture(store);
    const meta = await store.get(id);
    // What a capture whose ending could not be written left: meta.json still said 0 samples.
    const reader = await AcquisitionReader.open({
      filePath: path.join(store.acquisitionsDir, id, 'samples.f32'),
      meta: { ...meta, sample_count: 0 },
    });
    expect(reader.sampleCount).toBe(TOTAL);
    const [block] = await collect(reader.chunks({ chunkSamples: TOTAL }));
    await reader.close();
    block!.channels.forEach((values, c) => expect(firstMismatch(values, c, 0)).toBe(-1));
  });

  it('reads an acquisition that never started as empty', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const reader = await store.openReader(id);
    expect(reader.sampleCount).toBe(0);
    expect(await collect(reader.chunks())).toEqual([]);
    await reader.close();
  });
});
