/**
 * HDF5 export through h5wasm (HDF5 2.0 compiled to WebAssembly, writing to the host file system):
 *
 *   /                    provenance as attributes (scalars and strings, plus `provenance_json`)
 *   /channels/<name>     float32 [samples], chunked by HDF5_CHUNK_SAMPLES; attributes `units`,
 *                        `sample_rate_hz`, `start_time_s`, `name`
 *
 * Datasets are created at their final size and filled chunk by chunk with hyperslab writes, so memory is
 * one chunk of frames plus HDF5's chunk cache. HDF5 writes its metadata out of order (the superblock is
 * finished at close), so unlike the other formats the SHA-256 is taken by reading the closed file back
 * once (see exportAcquisition.ts); the data phase counts for most of the progress.
 */
import type { JsonObject } from '../acquisition/meta.js';
import type { WriteFaultOptions } from '../acquisition/sampleSink.js';
import { ExportError } from './ExportError.js';
import type { ExportPlan } from './exportPlan.js';
import { frameChunks } from './frameChunks.js';
import { loadH5wasm, summarizeHdf5Error, type H5wasm } from './h5wasmLoader.js';
import type { WriterContext } from './writerTypes.js';

/** Samples per HDF5 chunk: 256 KiB of float32. */
export const HDF5_CHUNK_SAMPLES = 65_536;
/** Samples per hyperslab write: four whole chunks, so each call to h5wasm carries 1 MiB per channel. */
const HDF5_WRITE_SAMPLES = 4 * HDF5_CHUNK_SAMPLES;
/** Share of the progress bar the data phase takes; the read-back for the digest takes the rest. */
export const HDF5_DATA_SHARE = 0.85;

type H5File = InstanceType<H5wasm['File']>;
type H5Group = ReturnType<H5File['create_group']>;
type H5Dataset = ReturnType<H5Group['create_dataset']>;

/** A dataset name for a channel: HDF5 paths cannot hold "/", and "." names the group itself. */
export function hdf5DatasetName(channelName: string): string {
  const name = channelName.replaceAll('/', '_');
  return name === '.' ? '_' : name;
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
    ...(n > 0 ? { maxshape: [n], chunks: [Math.min(HDF5_CHUNK_SAMPLES, n)] } : {}),
  });
  if (n > 0) dataset.resize([n]);
  setString(dataset, 'name', channel.name);
  setString(dataset, 'units', channel.unit);
  setFloat64(dataset, 'sample_rate_hz', plan.meta.sample_rate_hz);
  setFloat64(dataset, 'start_time_s', startS);
  return dataset;
}

/** Throws as a full disk would, for tests: h5wasm does its own I/O, so the fault sits before each write. */
function faultCheck(fault: WriteFaultOptions | undefined, writtenBytes: number, nextBytes: number): void {
  if (fault !== undefined && writtenBytes + nextBytes > fault.failAfterBytes) {
    const code = fault.code ?? 'ENOSPC';
    throw Object.assign(new Error(`${code}: injected write fault`), { code });
  }
}

/** Writes the HDF5 file at `tempPath` (created exclusively) and closes it. */
export async function writeHdf5(
  ctx: WriterContext,
  tempPath: string,
  fault?: WriteFaultOptions,
): Promise<void> {
  const h5wasm = await loadH5wasm();
  const { plan, reader, provenance } = ctx;
  let file: H5File;
  try {
    file = new h5wasm.File(tempPath, 'x', { track_order: true });
  } catch (err) {
    throw new ExportError('io_error', `cannot create HDF5 file: ${summarizeHdf5Error(err)}`);
  }
  let open = true;
  try {
    writeRootAttributes(file, plan, provenance);
    const group = file.create_group('channels', true);
    const startS = provenance.start_time_s as number;
    const datasets = plan.channels.map((_, i) => createChannelDataset(group, plan, i, startS));
    const values = new Float32Array(Math.min(HDF5_WRITE_SAMPLES, Math.max(1, plan.sampleCount)));
    let dataBytes = 0;
    for await (const chunk of frameChunks(reader, plan.fromSample, plan.toSample, HDF5_WRITE_SAMPLES)) {
      ctx.checkCancelled();
      const { frames, count, firstSample } = chunk;
      const row = firstSample - plan.fromSample;
      for (const [c, channel] of plan.channels.entries()) {
        for (let i = 0, at = channel.frameIndex; i < count; i++, at += plan.frameWidth)
          values[i] = frames[at]!;
        faultCheck(fault, dataBytes, count * 4);
        datasets[c]!.write_slice([[row, row + count]], values.subarray(0, count));
        dataBytes += count * 4;
      }
      ctx.progress((HDF5_DATA_SHARE * (row + count)) / plan.sampleCount);
    }
    open = false;
    file.close();
  } catch (err) {
    if (open) {
      try {
        file.close();
      } catch {
        // Already failing; the temp file is removed by the caller.
      }
    }
    if (err instanceof ExportError || (err as NodeJS.ErrnoException).code !== undefined) throw err;
    // HDF5's stack names the errno of a failed write; a full disk must read as one.
    const text = err instanceof Error ? err.message : String(err);
    const diskFull = /errno = (28|122)\b|no space left|quota exceeded/i.test(text);
    throw Object.assign(new Error(`HDF5: ${summarizeHdf5Error(err)}`), diskFull ? { code: 'ENOSPC' } : {});
  }
}
