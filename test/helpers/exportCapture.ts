/**
 * Captures for the export tests, recorded through the real storage layer (store + recorder): 4 channels
 * whose every value is a function of (channel, sample index) — negative, tiny, huge, NaN, -0 and subnormal
 * included — so any export can be checked value by value without keeping what was written.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AcquisitionStore, type AcquisitionMeta } from '../../src-main/acquisition/index.js';
import { silentLogger } from '../../src-main/util/log.js';

export const EXPORT_CHANNELS = [
  { name: 'CH1', unit: 'V' },
  { name: 'CH2', unit: 'A' },
  { name: 'CH3', unit: '' },
  { name: 'CH4', unit: 'm/s, "peak"' },
] as const;

export const EXPORT_RATE_HZ = 1_000_000;
/** Epoch ms of sample 0 in every test capture. */
export const EXPORT_T0_MS = 1_763_700_000_123;

/**
 * Sample `i` of channel `c`, already a float32. CH1: ±10 with 9 significant digits; CH2: NaN every 97th,
 * milli-scale otherwise; CH3: around 1e-30 with subnormals and -0; CH4: around 1e30 up to float32's max.
 */
export function expectedValue(c: number, i: number): number {
  const x = ((i % 1_000_003) * 7_919 + c * 40_503) % 20_001;
  switch (c) {
    case 0:
      return Math.fround((x - 10_000) / 997);
    case 1:
      return i % 97 === 0 ? NaN : Math.fround((x - 10_000) * 1e-3);
    case 2:
      if (i % 101 === 0) return Math.fround(1.4e-42);
      if (i % 113 === 0) return -0;
      return Math.fround((x - 10_000) * 1e-30);
    default:
      if (i % 89 === 0) return Math.fround(3.4028234e38) * (i % 2 === 0 ? 1 : -1);
      return Math.fround((x - 10_000) * 3.1e30);
  }
}

/** Channel `c` over samples [from, to). */
export function expectedColumn(c: number, from: number, to: number): Float32Array {
  const out = new Float32Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = expectedValue(c, i);
  return out;
}

export interface TestCapture {
  store: AcquisitionStore;
  dataDir: string;
  /** `<dataDir>/exports`, created empty. */
  exportDir: string;
  id: string;
  meta: AcquisitionMeta;
}

export interface CaptureOptions {
  sampleCount: number;
  /** Samples at which the capture pauses and resumes `resumeGapMs` later (new time segments). */
  pauseAt?: readonly number[];
  resumeGapMs?: number;
  /** Samples per append. Default 50,000. */
  blockSamples?: number;
  /** Make each block by this function instead of expectedValue (for big, repetitive captures). */
  block?: (firstSample: number, count: number) => Float32Array[];
}

const made: string[] = [];

/** Removes every data directory made by recordCapture (call in afterEach/afterAll). */
export async function removeCaptures(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

function expectedBlock(first: number, count: number): Float32Array[] {
  return EXPORT_CHANNELS.map((_, c) => expectedColumn(c, first, first + count));
}

/** Records a finished capture of `sampleCount` samples through the store. */
export async function recordCapture(options: CaptureOptions): Promise<TestCapture> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-export-'));
  made.push(dataDir);
  const exportDir = path.join(dataDir, 'exports');
  await mkdir(exportDir);
  const store = await AcquisitionStore.open({
    dataDir,
    log: silentLogger,
    recorder: { diskSpace: async () => ({ freeBytes: 1e12, totalBytes: 2e12 }) },
  });
  const names = EXPORT_CHANNELS.map((c) => c.name);
  const created = await store.create(
    {
      equipment_id: 'scope_1',
      name: 'Bench run #3: ringing (ü)',
      mode: 'continuous',
      sample_rate_hz: EXPORT_RATE_HZ,
      channels: EXPORT_CHANNELS.map((c) => ({ ...c })),
    },
    {
      allowedChannels: names,
      instrumentSettings: { timebase_s_per_div: 1e-6, channels: { CH1: { scale_v_per_div: 0.5 } } },
    },
  );
  const id = created.acquisition_id;
  const recorder = await store.start(id, { t0Ms: EXPORT_T0_MS });
  const blockSamples = options.blockSamples ?? 50_000;
  const pauses = [...(options.pauseAt ?? [])].sort((a, b) => a - b);
  const make = options.block ?? expectedBlock;
  let resumes = 0;
  for (let first = 0; first < options.sampleCount;) {
    const nextPause = pauses.find((p) => p > first) ?? Infinity;
    const count = Math.min(blockSamples, options.sampleCount - first, nextPause - first);
    while (recorder.stats().queuedBytes > 64e6) await new Promise((resolve) => setTimeout(resolve, 1));
    recorder.append({ firstSample: first, channels: make(first, count) });
    first += count;
    if (first === nextPause) {
      await store.pause(id);
      resumes++;
      await store.resume(id, {
        t0Ms: EXPORT_T0_MS + (first / EXPORT_RATE_HZ) * 1000 + resumes * (options.resumeGapMs ?? 250),
      });
    }
  }
  const meta = await store.stop(id);
  if (meta.sample_count !== options.sampleCount) throw new Error(`recorded ${meta.sample_count} samples`);
  return { store, dataDir, exportDir, id, meta };
}
