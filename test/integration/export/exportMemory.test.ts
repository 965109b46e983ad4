/**
 * Exports stream: a 256 MiB capture (recorded through the store) goes out as NPY, HDF5 and CSV with RSS
 * growing by a few tens of MB at most — a fraction of the capture — sampled every 50 ms while each runs.
 * (The benchmark, test/bench/export.bench.ts, does the same for 1 GB and more.)
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadH5wasm } from '../../../src-main/export/hdf5/h5wasmLoader.js';
import { exportAcquisition, type ExportFormat, type ExportRange } from '../../../src-main/export/index.js';
import {
  EXPORT_CHANNELS,
  recordCapture,
  removeCaptures,
  type TestCapture,
} from '../../helpers/exportCapture.js';

const MIB = 1024 * 1024;
const SAMPLES = 16 * MIB; // × 4 channels × 4 bytes = 256 MiB
const CAPTURE_MIB = (SAMPLES * EXPORT_CHANNELS.length * 4) / MIB;
/** Growth allowed while exporting; loading the capture would take CAPTURE_MIB on its own. */
const BUDGET_MIB = 80;

let capture: TestCapture;

beforeAll(async () => {
  const block = EXPORT_CHANNELS.map((_, c) => {
    const values = new Float32Array(1 << 20);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.001 * (c + 1)) * (c + 1) + i * 1e-7;
    return values;
  });
  capture = await recordCapture({
    sampleCount: SAMPLES,
    blockSamples: 1 << 20,
    block: (_, count) => block.map((b) => b.subarray(0, count)),
  });
  await loadH5wasm();
}, 120_000);
afterAll(removeCaptures);

async function peakGrowthMiB(
  format: ExportFormat,
  range: ExportRange = {},
): Promise<{ growthMiB: number; bytes: number }> {
  const target = path.join(capture.exportDir, `big.${format}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await exportAcquisition({
      source: { store: capture.store, acquisitionId: capture.id },
      format,
      targetPath: target,
      sync: false,
      ...range,
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    return { growthMiB: (peak - baseline) / MIB, bytes: result.bytes };
  } finally {
    clearInterval(timer);
    await rm(target, { force: true });
    await rm(`${target}.meta.json`, { force: true });
  }
}

describe('export memory', () => {
  // Warm-up: the first export of each kind compiles code and sizes pools that stay.
  beforeAll(async () => {
    for (const format of ['npy', 'hdf5', 'csv'] as const) await peakGrowthMiB(format, { endS: 0.1 });
  });

  for (const [format, range] of [
    ['npy', {}],
    ['hdf5', {}],
    ['csv', { endS: 2 }],
  ] as const) {
    it(`${format}: RSS grows by less than ${BUDGET_MIB} MiB exporting ${'endS' in range ? '2 s of ' : ''}a ${CAPTURE_MIB} MiB capture`, async () => {
      const { growthMiB, bytes } = await peakGrowthMiB(format, range);
      console.info(
        `${format}: ${(bytes / MIB).toFixed(0)} MiB written, RSS growth ${growthMiB.toFixed(1)} MiB`,
      );
      expect(growthMiB).toBeLessThan(BUDGET_MIB);
    }, 120_000);
  }
});
