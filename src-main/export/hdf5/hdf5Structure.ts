/**
 * What an HDF5 export contains apart from the samples: the file with its root attributes (provenance) and
 * one chunked float32 dataset per channel with its attributes, created at its final size. Both passes of
 * the HDF5 writer (see hdf5Writer.ts) create the file through here, so the layout they produce is the same.
 */
import type { JsonObject } from '../../acquisition/index.js';
import { ExportError, type ExportPlan } from '../common/index.js';
import { summarizeHdf5Error, type H5wasm } from './h5wasmLoader.js';

/** Samples per HDF5 chunk: 256 KiB of float32. */
export const HDF5_CHUNK_SAMPLES = 65_536;

export type H5File = InstanceType<H5wasm['File']>;
type H5Group = ReturnType<H5File['create_group']>;
export type H5Dataset = ReturnType<H5Group['create_dataset']>;

/** A dataset name for a channel: HDF5 paths cannot hold "/", and "." names the group itself. */
export function hdf5DatasetName(channelName: string): string {
  const name = channelName.replaceAll('/', '_');
  return name === '.' ? '_' : name;
}

/** Samples per chunk of every dataset of the plan (a capture shorter than a chunk is one chunk). */
export function hdf5ChunkSamples(plan: ExportPlan): number {
  return Math.max(1, Math.min(HDF5_CHUNK_SAMPLES, plan.sampleCount));
}

function setString(target: H5File | H5Dataset, name: string, value: string): void {
  target.create_attribute(name, value);
}

function setFloat64(target: H5File | H5Dataset, name: string, value: number): void {
  target.create_attribute(name, value, [], '<d');
}

function setInt64(target: H5File | H5Dataset, name: string, value: number): void {
  target.create_attribute(name, new BigInt64Array([BigInt(value)]), [], '<q');
}

/** Provenance numbers that are counts (int64 attributes); every other number is a float64. */
const INTEGER_KEYS = new Set([
  'benchtop_export_version',
  'capture_sample_count',
  'first_sample',
  'sample_count',
  'num_samples',
]);

/** Root attributes: the provenance's scalars by name, arrays as typed attributes, all of it as JSON. */
function writeRootAttributes(file: H5File, plan: ExportPlan, provenance: JsonObject): void {
  for (const [key, value] of Object.entries(provenance)) {
    if (typeof value === 'string') setString(file, key, value);
    else if (typeof value === 'number') {
      if (INTEGER_KEYS.has(key)) setInt64(file, key, value);
      else setFloat64(file, key, value);
    }
  }
  const instrument = provenance.instrument as JsonObject;
  for (const [key, value] of Object.entries(instrument)) {
    if (typeof value === 'string') setString(file, key === 'equipment_id' ? key : `instrument_${key}`, value);
  }
  file.create_attribute('instrument_settings_json', JSON.stringify(instrument.settings ?? {}));
  file.create_attribute(
    'channel_names',
    plan.channels.map((c) => c.name),
  );
  file.create_attribute(
    'channel_units',
    plan.channels.map((c) => c.unit),
  );
  const segments = provenance.segments as JsonObject[];
  if (segments.length > 0) {
    const rows = segments.map((s) => BigInt(s.first_row as number));
    file.create_attribute('segment_first_row', new BigInt64Array(rows), [rows.length], '<q');
    const times = new Float64Array(segments.map((s) => s.time_s as number));
    file.create_attribute('segment_time_s', times, [times.length], '<d');
  }
  // Alarms raised during the capture (also inside provenance_json), under a name of their own.
  if (provenance.alarms !== undefined) setString(file, 'alarms_json', JSON.stringify(provenance.alarms));
  setString(file, 'provenance_json', JSON.stringify(provenance));
}

function createChannelDataset(group: H5Group, plan: ExportPlan, index: number, startS: number): H5Dataset {
  const channel = plan.channels[index]!;
  const n = plan.sampleCount;
  const dataset = group.create_dataset({
    name: hdf5DatasetName(channel.name),
    data: new Float32Array(0),
    shape: [0],
    dtype: '<f',
    ...(n > 0 ? { maxshape: [n], chunks: [hdf5ChunkSamples(plan)] } : {}),
  });
  if (n > 0) dataset.resize([n]);
  setString(dataset, 'name', channel.name);
  setString(dataset, 'units', channel.unit);
  setFloat64(dataset, 'sample_rate_hz', plan.meta.sample_rate_hz);
  setFloat64(dataset, 'start_time_s', startS);
  return dataset;
}

/**
 * Creates the HDF5 file at `filePath` (exclusively) with its attributes and empty datasets, one per
 * channel of the plan in its order. The caller writes the samples and closes the file.
 */
export function createHdf5File(
  h5wasm: H5wasm,
  filePath: string,
  plan: ExportPlan,
  provenance: JsonObject,
): { file: H5File; datasets: H5Dataset[] } {
  let file: H5File;
  try {
    file = new h5wasm.File(filePath, 'x', { track_order: true });
  } catch (err) {
    throw new ExportError('io_error', `cannot create HDF5 file: ${summarizeHdf5Error(err)}`);
  }
  try {
    writeRootAttributes(file, plan, provenance);
    const group = file.create_group('channels', true);
    const startS = provenance.start_time_s as number;
    return { file, datasets: plan.channels.map((_, i) => createChannelDataset(group, plan, i, startS)) };
  } catch (err) {
    closeQuietly(file);
    throw err;
  }
}

/** Closes a file on a path that is already failing. */
export function closeQuietly(file: H5File): void {
  try {
    file.close();
  } catch {
    // Already failing; the caller removes the file.
  }
}

/**
 * An error from h5wasm as the export reports it. HDF5's stack names the errno of a failed write; a full
 * disk must read as one (ENOSPC), so that the export says disk_full.
 */
export function hdf5Failure(err: unknown): unknown {
  if (err instanceof ExportError || (err as NodeJS.ErrnoException).code !== undefined) return err;
  const text = err instanceof Error ? err.message : String(err);
  const diskFull = /errno = (28|122)\b|no space left|quota exceeded/i.test(text);
  return Object.assign(new Error(`HDF5: ${summarizeHdf5Error(err)}`), diskFull ? { code: 'ENOSPC' } : {});
}
