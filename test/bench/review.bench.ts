/**
 * Capture review from disk (src-main/review). A capture of BENCH_REVIEW_MB MB (default 1024; 4 channels of
 * float32 at 1 MS/s) is recorded through the real store into a temp dir beside os.tmpdir(), with a
 * ReviewService following it as the backend does (summaries built while capturing). Then spans at every
 * zoom level — the whole capture, then ÷4 each step down to ~1,000 samples, at pseudo-random positions —
 * are drawn at 1,440 columns:
 * - first open: a fresh service per span (no open files, nothing in memory; the summaries on disk). The
 *   page cache cannot be dropped without root, so "cold" here means cold process state, warm OS cache;
 * - warm: the same spans again on one service;
 * - lazy: the summaries deleted, the time of the first review that has to build them (a capture recorded
 *   before summaries existed);
 * - naive: each span's raw samples read from disk (readRange in 1 Mi-sample chunks) and binned per column,
 *   in the same run;
 * - the reply on the wire: JSON (stringify + parse) against a binary review frame (encode + decode), the
 *   time of each and the bytes.
 * Peak RSS growth is sampled every 20 ms while the warm spans run. Everything generated is removed.
 * Quick check: BENCH_REVIEW_MB=64 npm run bench -- review
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AcquisitionStore,
  type AcquisitionServiceEvent,
  type AcquisitionReader,
} from '../../src-main/acquisition/index.js';
import { ReviewService, SUMMARY_DIR } from '../../src-main/review/index.js';
import { toReviewMessage } from '../../src-main/server/review/index.js';
import { Emitter } from '../../src-main/util/index.js';
import { createLogger } from '../../src-main/util/log.js';
import { decodeReviewFrame, encodeReviewFrame } from '../../shared/codec/reviewFrame.js';
import { median } from './measure.js';
import type { BenchResult } from './types.js';

const MB = 1e6;
const CHANNELS = ['CH1', 'CH2', 'CH3', 'CH4'];
const RATE_HZ = 1_000_000;
const PIXELS = 1_440;
const log = createLogger('warn');

function sourceBlock(samples: number, first: number): Float32Array[] {
  return CHANNELS.map((_, c) => {
    const values = new Float32Array(samples);
    for (let i = 0; i < samples; i++) {
      const n = first + i;
      values[i] = (c + 1) * Math.sin(n * 0.0007 * (c + 1)) + ((n * 2654435761) % 1000) * 1e-5;
    }
    return values;
  });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The spans drawn: whole capture, then ÷4 per step down to ~1,000 samples, 3 positions each. */
function spans(total: number): { from: number; to: number }[] {
  const out = [{ from: 0, to: total }];
  let seed = 7;
  for (let length = Math.floor(total / 4); length >= 1_000; length = Math.floor(length / 4)) {
    for (let k = 0; k < 3; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const from = Math.floor((seed / 2 ** 32) * (total - length));
      out.push({ from, to: from + length });
    }
  }
  return out;
}

/** The naive way: every raw sample of the span read and binned into columns. */
async function naiveSpan(reader: AcquisitionReader, from: number, to: number): Promise<number> {
  const span = to - from;
  const min = new Float32Array(PIXELS).fill(Infinity);
  const max = new Float32Array(PIXELS).fill(-Infinity);
  const chunk = 1 << 20;
  for (let start = from; start < to; start += chunk) {
    const block = await reader.readRange(start, Math.min(chunk, to - start));
    for (const values of block.channels) {
      for (let i = 0; i < values.length; i++) {
        const column = Math.min(PIXELS - 1, Math.floor(((start + i - from) * PIXELS) / span));
        const v = values[i]!;
        if (v < min[column]!) min[column] = v;
        if (v > max[column]!) max[column] = v;
      }
    }
  }
  return min[0]! + max[PIXELS - 1]!;
}

export async function run(): Promise<BenchResult[]> {
  const sizeMB = Number(process.env.BENCH_REVIEW_MB ?? 1024);
  const total = Math.floor((sizeMB * MB) / (4 * CHANNELS.length));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-review-bench-'));
  const events = new Emitter<AcquisitionServiceEvent>();
  let store: AcquisitionStore | undefined;
  const services: ReviewService[] = [];
  try {
    store = await AcquisitionStore.open({ dataDir, log });
    const opened = store;
    const acquisitions = {
      get: (id: string) => opened.get(id),
      openReader: (id: string) => opened.openReader(id),
      events,
      store: opened,
    };
    const follower = new ReviewService({ acquisitions, log, followIntervalMs: 500 });
    services.push(follower);
    const meta = await store.create(
      {
        equipment_id: 'scope_bench',
        mode: 'continuous',
        sample_rate_hz: RATE_HZ,
        channels: CHANNELS.map((name) => ({ name, unit: 'V' })),
      },
      { allowedChannels: CHANNELS },
    );
    const id = meta.acquisition_id;
    const recorder = await store.start(id);
    events.emit({ type: 'state', meta: await store.get(id) });
    const captureStart = performance.now();
    const blockSamples = 1 << 18;
    for (let first = 0; first < total; first += blockSamples) {
      while (recorder.stats().queuedBytes > 64 * MB) await new Promise((resolve) => setTimeout(resolve, 1));
      const count = Math.min(blockSamples, total - first);
      recorder.append({ firstSample: first, channels: sourceBlock(count, first) });
    }
    await store.stop(id);
    const captureS = (performance.now() - captureStart) / 1000;
    // The follower's last catch-up runs on the state change, as in the backend.
    const finishStart = performance.now();
    events.emit({ type: 'state', meta: await store.get(id) });
    await follower.review({ acquisitionId: id, pixels: 1 });
    const finishMs = performance.now() - finishStart;

    const list = spans(total);
    // First open: a fresh service per span.
    const firstOpen: number[] = [];
    for (const span of list) {
      const fresh = new ReviewService({ acquisitions, log });
      const t = performance.now();
      await fresh.review({ acquisitionId: id, pixels: PIXELS, fromSample: span.from, toSample: span.to });
      firstOpen.push(performance.now() - t);
      await fresh.close();
    }
    // Warm: one service, every span twice, RSS sampled.
    const warmService = new ReviewService({ acquisitions, log });
    services.push(warmService);
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const warm: number[] = [];
    let lastReply = await warmService.review({ acquisitionId: id, pixels: PIXELS });
    for (let round = 0; round < 2; round++) {
      for (const span of list) {
        const t = performance.now();
        lastReply = await warmService.review({
          acquisitionId: id,
          pixels: PIXELS,
          fromSample: span.from,
          toSample: span.to,
        });
        warm.push(performance.now() - t);
      }
    }
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    // Naive: the same spans' raw samples (the whole capture once; each zoom level's first position).
    const naive: number[] = [];
    const reader = await store.openReader(id);
    try {
      for (const span of list.filter((_, i) => i === 0 || i % 3 === 1)) {
        const t = performance.now();
        await naiveSpan(reader, span.from, span.to);
        naive.push(performance.now() - t);
      }
    } finally {
      await reader.close();
    }
    // The whole-capture reply both ways, as the server sends it and the dashboard reads it: JSON text
    // (stringify, parse) against one binary review frame (encodeReviewFrame, decodeReviewFrame).
    const whole = await warmService.review({ acquisitionId: id, pixels: PIXELS });
    lastReply = whole;
    const wire = {
      json: { encode: [] as number[], decode: [] as number[], bytes: 0 },
      binary: { encode: [] as number[], decode: [] as number[], bytes: 0 },
    };
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      const text = JSON.stringify(toReviewMessage(lastReply, i));
      wire.json.encode.push(performance.now() - t);
      t = performance.now();
      JSON.parse(text);
      wire.json.decode.push(performance.now() - t);
      wire.json.bytes = Buffer.byteLength(text);
      t = performance.now();
      const frame = encodeReviewFrame(toReviewMessage(lastReply, i));
      wire.binary.encode.push(performance.now() - t);
      t = performance.now();
      decodeReviewFrame(frame);
      wire.binary.decode.push(performance.now() - t);
      wire.binary.bytes = frame.byteLength;
    }
    // Lazy: no summaries on disk, the first review builds them.
    await Promise.all(services.map((s) => s.close()));
    services.length = 0;
    await rm(path.join(store.folderOf(id), SUMMARY_DIR), { recursive: true, force: true });
    const lazyService = new ReviewService({ acquisitions, log });
    services.push(lazyService);
    const lazyStart = performance.now();
    await lazyService.review({ acquisitionId: id, pixels: PIXELS });
    const lazyS = (performance.now() - lazyStart) / 1000;

    const note = `${sizeMB} MB capture (${total.toLocaleString('en-US')} samples × 4 ch), ${list.length} spans from the whole capture down to ~1,000 samples, ${PIXELS} columns; under load unless rerun on a quiet machine`;
    const p95First = percentile(firstOpen, 95);
    const p95Warm = percentile(warm, 95);
    return [
      {
        name: 'review span p95, first open (fresh service; OS page cache warm)',
        value: p95First,
        unit: 'ms',
        target: '≤ 100 ms',
        pass: p95First <= 100,
        notes: `p50 ${median(firstOpen).toFixed(1)} ms; ${note}`,
      },
      {
        name: 'review span p95, warm',
        value: p95Warm,
        unit: 'ms',
        baseline: { name: 'naive raw read of the span, p95', value: percentile(naive, 95) },
        ratio: percentile(naive, 95) / p95Warm,
        target: '≤ 100 ms',
        pass: p95Warm <= 100,
        notes: `p50 ${median(warm).toFixed(1)} ms; naive p50 ${median(naive).toFixed(1)} ms, whole capture ${naive[0]!.toFixed(0)} ms`,
      },
      {
        name: 'review peak RSS growth while drawing',
        value: (rssPeak - rssBefore) / MB,
        unit: 'MB',
        notes: 'reads are bounded to 65,536 items per read whatever the span',
      },
      {
        name: 'summaries built while capturing: catch-up after stop',
        value: finishMs,
        unit: 'ms',
        notes: `capture written in ${captureS.toFixed(1)} s (${(sizeMB / captureS).toFixed(0)} MB/s) with the follower extending every 500 ms`,
      },
      {
        name: 'lazy first open without summaries (build from the whole file)',
        value: lazyS,
        unit: 's',
        notes: `${(sizeMB / lazyS).toFixed(0)} MB/s; what a capture recorded before summaries existed pays once`,
      },
      ...(['json', 'binary'] as const).map((encoding) => ({
        name: `review reply encode + decode, whole capture at ${PIXELS} columns × 4 ch: ${encoding}`,
        value: median(wire[encoding].encode) + median(wire[encoding].decode),
        unit: 'ms',
        notes: `encode ${median(wire[encoding].encode).toFixed(2)} ms, decode ${median(wire[encoding].decode).toFixed(2)} ms (medians of 20), ${(wire[encoding].bytes / 1024).toFixed(0)} KiB${encoding === 'binary' ? '; what the dashboard asks for' : ''}`,
      })),
    ];
  } finally {
    await Promise.all(services.map((s) => s.close()));
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
