/**
 * Export throughput and memory (src-main/export). A capture of BENCH_EXPORT_MB MB (default 1024; 4 channels
 * of float32, realistic digits: sines plus noise) is recorded through the real store into a temp dir beside
 * os.tmpdir(), then:
 * - CSV over the first BENCH_EXPORT_CSV_MB MB of it (default 128; about 4× that in text): MB/s of CSV
 *   written, ours against the naive join-based writer doing the same job (hash, write, fdatasync), in
 *   alternating rounds; and the formatting alone, in memory, per core;
 * - NPY, HDF5 and NPZ of the whole capture: MB/s of output, with the peak RSS growth sampled every 50 ms,
 *   against a plain copy of the sample file (what the disk itself manages).
 * BENCH_EXPORT_FORMATS (comma-separated, default csv,npy,hdf5,npz) runs only some of them.
 * Exports run with their defaults (fdatasync before the rename). Everything generated is removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AcquisitionStore } from '../../src-main/acquisition/index.js';
import { formatCsvRows, maxCsvRowBytes } from '../../src-main/export/csv/csvFormat.js';
import { loadH5wasm } from '../../src-main/export/hdf5/h5wasmLoader.js';
import { HDF5_LAYOUT_SHARE } from '../../src-main/export/hdf5/hdf5Writer.js';
import { exportAcquisition, type ExportFormat, type ExportResult } from '../../src-main/export/index.js';
import { timeAxisOf, timeDecimals, TimeTicks } from '../../src-main/export/common/timeAxis.js';
import { createLogger } from '../../src-main/util/log.js';
import { naiveCsvExport, plainCopy } from './lib/exportBaselines.js';
import { consume, timeInterleaved } from './measure.js';
import type { BenchResult } from './types.js';

const MB = 1e6;
const CHANNELS = ['CH1', 'CH2', 'CH3', 'CH4'];
const RATE_HZ = 1_000_000;
const FRAME_BYTES = 4 * CHANNELS.length;
const log = createLogger('warn');

function sourceBlock(samples: number): Float32Array[] {
  let seed = 12345;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  return CHANNELS.map((_, c) => {
    const values = new Float32Array(samples);
    for (let i = 0; i < samples; i++) values[i] = (c + 1) * Math.sin(i * 0.0007 * (c + 1)) + 0.002 * noise();
    return values;
  });
}

async function recordCapture(
  dataDir: string,
  samples: number,
): Promise<{ store: AcquisitionStore; id: string }> {
  const store = await AcquisitionStore.open({ dataDir, log });
  const meta = await store.create(
    {
      equipment_id: 'scope_bench',
      mode: 'continuous',
      sample_rate_hz: RATE_HZ,
      channels: CHANNELS.map((name) => ({ name, unit: 'V' })),
    },
    { allowedChannels: CHANNELS },
  );
  const recorder = await store.start(meta.acquisition_id);
  const blockSamples = 1 << 20;
  const block = sourceBlock(blockSamples);
  for (let first = 0; first < samples; first += blockSamples) {
    while (recorder.stats().queuedBytes > 64 * MB) await new Promise((resolve) => setTimeout(resolve, 1));
    const count = Math.min(blockSamples, samples - first);
    recorder.append({ firstSample: first, channels: block.map((b) => b.subarray(0, count)) });
  }
  await store.stop(meta.acquisition_id);
  return { store, id: meta.acquisition_id };
}

interface Measured {
  bytes: number;
  seconds: number;
  rssGrowthMB: number;
}

/** Runs `work` sampling RSS every 50 ms; growth is the peak over the RSS just before. */
async function measured(work: () => Promise<number>): Promise<Measured> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const start = performance.now();
  try {
    const bytes = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { bytes, seconds: (performance.now() - start) / 1000, rssGrowthMB: (peak - baseline) / MB };
  } finally {
    clearInterval(timer);
  }
}

const rate = (m: Measured): number => m.bytes / MB / m.seconds;
const best = (runs: Measured[]): Measured => runs.reduce((a, b) => (rate(a) >= rate(b) ? a : b));

/** The CSV formatting alone: MB of text per second of one core, ours against toPrecision + join. */
function formattingInMemory(): BenchResult {
  const samples = 65_536;
  const block = sourceBlock(samples);
  const frames = new Float32Array(samples * 4);
  block.forEach((ch, c) => ch.forEach((v, i) => (frames[i * 4 + c] = v)));
  const axis = timeAxisOf({ sample_rate_hz: RATE_HZ, t0_ms: 0, segments: [] });
  const ticks = new TimeTicks(axis, timeDecimals(RATE_HZ, 1000));
  const out = new Uint8Array(samples * maxCsvRowBytes(4));
  const view = new DataView(out.buffer);
  const source = {
    frames,
    bits: new Int32Array(frames.buffer),
    frameWidth: 4,
    firstSample: 0,
    count: samples,
    columns: [0, 1, 2, 3],
  };
  let oursBytes = 0;
  let naiveBytes = 0;
  const [ours, naive] = timeInterleaved([
    () => (oursBytes = formatCsvRows(out, view, 0, source, ticks)),
    () => {
      const lines: string[] = [];
      for (let i = 0; i < samples; i++) {
        lines.push([(i / RATE_HZ).toFixed(6), ...block.map((ch) => ch[i]!.toPrecision(9))].join(','));
      }
      const text = `${lines.join('\r\n')}\r\n`;
      naiveBytes = text.length;
      consume(text.charCodeAt(text.length >> 1));
      return text.length;
    },
  ]);
  const oursRate = oursBytes / MB / (ours!.medianNs / 1e9);
  const naiveRate = naiveBytes / MB / (naive!.medianNs / 1e9);
  return {
    name: 'CSV formatting alone, in memory (65,536 rows × 4 channels)',
    value: oursRate,
    unit: 'MB/s',
    baseline: { name: 'toFixed/toPrecision(9) + join', value: naiveRate },
    ratio: naiveRate / oursRate,
    notes: `one core; ${(oursBytes / samples).toFixed(1)} bytes/row; ratio < 1 means ours is faster`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const captureMB = Number(process.env.BENCH_EXPORT_MB ?? 1024);
  const csvMB = Math.min(captureMB, Number(process.env.BENCH_EXPORT_CSV_MB ?? 128));
  const samples = Math.floor((captureMB * 2 ** 20) / FRAME_BYTES);
  const csvSamples = Math.floor((csvMB * 2 ** 20) / FRAME_BYTES);
  const formats = (process.env.BENCH_EXPORT_FORMATS ?? 'csv,npy,hdf5,npz').split(',').map((f) => f.trim());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-bench-export-'));
  const load = os.loadavg()[0]!.toFixed(1);
  const results: BenchResult[] = [formattingInMemory()];
  try {
    await loadH5wasm(); // before any RSS baseline: loading the module is a one-off, not per export
    const { store, id } = await recordCapture(path.join(dir, 'data'), samples);
    const captureBytes = samples * FRAME_BYTES;
    const target = (name: string): string => path.join(dir, name);
    /** Seconds from the start of the last export until its HDF5 layout pass ended. */
    let layoutS = 0;
    const exportTo = async (format: ExportFormat, name: string, endS?: number): Promise<number> => {
      const start = performance.now();
      layoutS = 0;
      const result: ExportResult = await exportAcquisition({
        source: { store, acquisitionId: id },
        format,
        targetPath: target(name),
        overwrite: true,
        progressIntervalMs: 10,
        onProgress: ({ fraction }) => {
          if (layoutS === 0 && fraction >= HDF5_LAYOUT_SHARE) layoutS = (performance.now() - start) / 1000;
        },
        ...(endS === undefined ? {} : { endS }),
      });
      return result.bytes;
    };

    // CSV, alternating ours and naive; best of two each.
    const reader = await store.openReader(id);
    const ours: Measured[] = [];
    const naive: Measured[] = [];
    for (let round = 0; round < 2 && formats.includes('csv'); round++) {
      ours.push(await measured(() => exportTo('csv', 'ours.csv', csvSamples / RATE_HZ)));
      await rm(target('ours.csv'));
      await rm(target('ours.csv.meta.json'));
      naive.push(await measured(() => naiveCsvExport(reader, 0, csvSamples, target('naive.csv'), 6)));
      await rm(target('naive.csv'));
    }
    await reader.close();
    const bestOurs = ours.length > 0 ? best(ours) : undefined;
    const bestNaive = naive.length > 0 ? best(naive) : undefined;
    if (bestOurs !== undefined && bestNaive !== undefined)
      results.push({
        name: `CSV export of ${csvMB} MB of samples (4 ch, 1 MSa/s), end to end`,
        value: rate(bestOurs),
        unit: 'MB/s',
        baseline: { name: 'naive join-based writer, same job', value: rate(bestNaive) },
        ratio: rate(bestNaive) / rate(bestOurs),
        target: '≥ 300 MB/s of CSV',
        pass: rate(bestOurs) >= 300,
        notes: `load average ${load} at the start; ${(bestOurs.bytes / MB).toFixed(0)} MB of CSV in ${bestOurs.seconds.toFixed(2)} s (naive ${bestNaive.seconds.toFixed(2)} s); peak RSS growth ${bestOurs.rssGrowthMB.toFixed(0)} MB; read + format + SHA-256 + write + fdatasync; best of 2; ratio < 1 means ours is faster`,
      });

    const copies: Measured[] = [];
    for (let round = 0; round < 2; round++) {
      const samplesFile = path.join(store.acquisitionsDir, id, 'samples.f32');
      copies.push(await measured(() => plainCopy(samplesFile, target('copy.f32'))));
      await rm(target('copy.f32'));
    }
    const copy = best(copies);
    for (const format of (['npy', 'hdf5', 'npz'] as const).filter((f) => formats.includes(f))) {
      const name = `all.${format}`;
      const runs: Measured[] = [];
      const layouts: number[] = [];
      for (let round = 0; round < 2; round++) {
        runs.push(await measured(() => exportTo(format, name)));
        layouts.push(layoutS);
        await rm(target(name));
        await rm(`${target(name)}.meta.json`, { force: true });
      }
      const m = best(runs);
      const rssGrowthMB = Math.max(...runs.map((r) => r.rssGrowthMB));
      const targeted = format !== 'npz';
      results.push({
        name: `${format.toUpperCase()} export of a ${captureMB} MB capture`,
        value: rate(m),
        unit: 'MB/s',
        baseline: { name: 'plain copy of the sample file', value: rate(copy) },
        ratio: rate(copy) / rate(m),
        ...(targeted ? { target: '≥ 1000 MB/s', pass: rate(m) >= 1000 } : {}),
        notes: `${(m.bytes / MB).toFixed(0)} MB in ${m.seconds.toFixed(2)} s, best of 2 (other: ${runs.map((r) => rate(r).toFixed(0)).join(' / ')} MB/s); capture ${(captureBytes / MB).toFixed(0)} MB${format === 'npz' ? '; one pass per array' : ''}${format === 'hdf5' ? `; of which the layout pass (h5wasm, chunks marked, not written) ${layouts[runs.indexOf(m)]!.toFixed(2)} s` : ''}`,
      });
      results.push({
        name: `${format.toUpperCase()} export of a ${captureMB} MB capture: peak RSS growth`,
        value: rssGrowthMB,
        unit: 'MB',
        target: '< 150 MB',
        pass: rssGrowthMB < 150,
        notes: 'worst of 2, sampled every 50 ms over the RSS just before the export',
      });
    }
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
