import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AcquisitionServiceEvent, AcquisitionStore } from '../../../src-main/acquisition/index.js';
import { ReviewService, SUMMARY_DIR } from '../../../src-main/review/index.js';
import { Emitter, silentLogger } from '../../../src-main/util/index.js';
import {
  ALLOWED_CHANNELS,
  openTestStore,
  removeTempDirs,
  scopeConfig,
  waitFor,
} from '../acquisition/helpers.js';
import { sampleValue as rawValue, syntheticBlock } from '../acquisition/synthetic.js';

/** The synthetic value as stored: a float32. */
const sampleValue = (c: number, s: number): number => Math.fround(rawValue(c, s));

afterEach(removeTempDirs);

const services: ReviewService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

function reviewOf(store: AcquisitionStore, events = new Emitter<AcquisitionServiceEvent>()): ReviewService {
  const service = new ReviewService({
    acquisitions: { get: (id) => store.get(id), openReader: (id) => store.openReader(id), events, store },
    log: silentLogger,
  });
  services.push(service);
  return service;
}

/** Brute-force min and max of synthetic channel `c` over samples [from, to). */
function brute(c: number, from: number, to: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let s = from; s < to; s++) {
    const v = sampleValue(c, s);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

async function capture(store: AcquisitionStore, total: number, stop = true): Promise<string> {
  const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
  const recorder = await store.start(id);
  for (let first = 0; first < total; first += 50_000)
    recorder.append(syntheticBlock(first, Math.min(50_000, total - first)));
  if (stop) await store.stop(id);
  else await waitFor(() => recorder.flushedSampleCount === total);
  return id;
}

describe('ReviewService', () => {
  it('draws a whole finished capture (with a partial last block) from its summaries, exactly as a brute force does', async () => {
    const store = await openTestStore();
    const total = 300_007; // not a multiple of 64: the last block is partial
    const id = await capture(store, total);
    const review = reviewOf(store);
    const result = await review.review({ acquisitionId: id, pixels: 50, channels: ['CH3'] });
    expect(result.kind).toBe('minmax');
    expect(result.level).toBe(2); // 6,000 samples per column: blocks of 64² fit
    expect(result.toSample).toBe(total);
    expect(result.min[0]!.length).toBe(50);
    // Global envelope exact; each column's envelope inside its exact column widened by one block each side.
    const [min, max] = brute(2, 0, total);
    expect(Math.min(...result.min[0]!)).toBe(min);
    expect(Math.max(...result.max[0]!)).toBe(max);
    for (const column of [0, 37, 49]) {
      const from = Math.floor((column * total) / 50);
      const to = Math.floor(((column + 1) * total) / 50);
      const [inner] = brute(2, Math.min(to, from + 4096), Math.max(from + 4096, to - 4096));
      const [outerMin, outerMax] = brute(2, Math.max(0, from - 4096), Math.min(total, to + 4096));
      expect(result.min[0]![column]).toBeGreaterThanOrEqual(outerMin);
      expect(result.max[0]![column]).toBeLessThanOrEqual(outerMax);
      expect(result.min[0]![column]).toBeLessThanOrEqual(inner);
    }
    const index = JSON.parse(
      await readFile(path.join(store.folderOf(id), SUMMARY_DIR, 'index.json'), 'utf8'),
    );
    expect(index.entries).toEqual([
      Math.floor(total / 64),
      Math.floor(total / 4096),
      Math.floor(total / 262_144),
    ]);
  });

  it('answers a span shorter than the width with the samples themselves, bit for bit', async () => {
    const store = await openTestStore();
    const id = await capture(store, 100_000);
    const result = await reviewOf(store).review({
      acquisitionId: id,
      pixels: 1_000,
      fromSample: 12_345,
      toSample: 12_345 + 700,
      channels: ['CH2', 'CH4'],
    });
    expect(result.kind).toBe('samples');
    expect(result.min[0]!.length).toBe(700);
    for (let i = 0; i < 700; i += 97) {
      expect(result.min[0]![i]).toBe(sampleValue(1, 12_345 + i));
      expect(result.max[1]![i]).toBe(sampleValue(3, 12_345 + i));
    }
  });

  it('follows a running capture as it grows, summarising only what is new', async () => {
    const store = await openTestStore();
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const recorder = await store.start(id);
    recorder.append(syntheticBlock(0, 10_000));
    await waitFor(() => recorder.flushedSampleCount === 10_000);
    const review = reviewOf(store);
    const first = await review.review({ acquisitionId: id, pixels: 50 });
    expect(first.sampleCount).toBe(10_000);
    expect(first.level).toBe(1);
    const l1 = path.join(store.folderOf(id), SUMMARY_DIR, 'L1.f32');
    expect((await stat(l1)).size).toBe(Math.floor(10_000 / 64) * 32);
    recorder.append(syntheticBlock(10_000, 290_000));
    await waitFor(() => recorder.flushedSampleCount === 300_000);
    const grown = await review.review({ acquisitionId: id, pixels: 50, channels: ['CH1'] });
    expect(grown.sampleCount).toBe(300_000);
    expect(grown.toSample).toBe(300_000);
    const [min, max] = brute(0, 0, 300_000);
    expect(Math.min(...grown.min[0]!)).toBe(min);
    expect(Math.max(...grown.max[0]!)).toBe(max);
    expect((await stat(l1)).size).toBe(Math.floor(300_000 / 64) * 32);
    await store.stop(id);
  });

  it('keeps summaries across service restarts and rebuilds ones that claim more than the file holds', async () => {
    const store = await openTestStore();
    const id = await capture(store, 200_000);
    await reviewOf(store).review({ acquisitionId: id, pixels: 10 });
    const indexPath = path.join(store.folderOf(id), SUMMARY_DIR, 'index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8'));
    // A crash recovered with a shorter file than the summaries knew: the index now overclaims.
    await writeFile(indexPath, JSON.stringify({ ...index, entries: [999_999, 15_000, 200] }));
    const result = await reviewOf(store).review({ acquisitionId: id, pixels: 10, channels: ['CH2'] });
    const [min, max] = brute(1, 0, 200_000);
    expect(Math.min(...result.min[0]!)).toBe(min);
    expect(Math.max(...result.max[0]!)).toBe(max);
    expect(JSON.parse(await readFile(indexPath, 'utf8')).entries).toEqual(index.entries);
  });

  it('builds a running capture’s summaries while it captures, and makes them durable when it ends', async () => {
    const store = await openTestStore();
    const events = new Emitter<AcquisitionServiceEvent>();
    const service = new ReviewService({
      acquisitions: { get: (id) => store.get(id), openReader: (id) => store.openReader(id), events, store },
      log: silentLogger,
      followIntervalMs: 10,
    });
    services.push(service);
    const { acquisition_id: id } = await store.create(scopeConfig(), { allowedChannels: ALLOWED_CHANNELS });
    const recorder = await store.start(id);
    events.emit({ type: 'state', meta: await store.get(id) });
    recorder.append(syntheticBlock(0, 100_000));
    const dir = path.join(store.folderOf(id), SUMMARY_DIR);
    // Extended from the acquisition events alone, with no review asked for.
    await waitFor(async () => {
      const size = await stat(path.join(dir, 'L1.f32')).then(
        (s) => s.size,
        () => 0,
      );
      return size === Math.floor(100_000 / 64) * 32;
    });
    await store.stop(id);
    events.emit({ type: 'state', meta: await store.get(id) });
    await waitFor(async () => {
      const text = await readFile(path.join(dir, 'index.json'), 'utf8').catch(() => '{"entries":[0]}');
      return JSON.parse(text).entries[0] === Math.floor(100_000 / 64);
    });
  });

  it('refuses bad requests with specific errors', async () => {
    const store = await openTestStore();
    const id = await capture(store, 1_000);
    const review = reviewOf(store);
    const fails = (request: Parameters<ReviewService['review']>[0]): Promise<unknown> =>
      review.review(request).then(
        () => undefined,
        (err: { code: string; message: string }) => ({ code: err.code, message: err.message }),
      );
    expect(await fails({ acquisitionId: id, pixels: 0 })).toMatchObject({ code: 'out_of_range' });
    expect(await fails({ acquisitionId: id, pixels: 8193 })).toMatchObject({
      message: expect.stringContaining('1..8192'),
    });
    expect(await fails({ acquisitionId: id, pixels: 10, toSample: 1_001 })).toMatchObject({
      code: 'out_of_range',
      message: expect.stringContaining('0..1000'),
    });
    expect(await fails({ acquisitionId: id, pixels: 10, fromSample: 500, toSample: 500 })).toMatchObject({
      code: 'out_of_range',
    });
    expect(await fails({ acquisitionId: id, pixels: 10, channels: ['CH9'] })).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('has CH1, CH2, CH3, CH4'),
    });
    expect(await fails({ acquisitionId: id, pixels: 10, channels: ['CH1', 'CH1'] })).toMatchObject({
      code: 'invalid_config',
    });
    expect(await fails({ acquisitionId: 'acq_000000000000', pixels: 10 })).toMatchObject({
      code: 'not_found',
    });
  });
});
