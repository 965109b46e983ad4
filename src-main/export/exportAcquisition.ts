/**
 * The export engine's entry point: checks the request, streams the selection into a temp file beside the
 * target with the format's writer, hashes it, writes the provenance sidecar, and renames both into place.
 * A refused, failed or cancelled export leaves nothing under the target's name and removes its temp
 * files. Memory stays at a few chunks whatever the capture's size. See docs/ARCHITECTURE.md, "Export".
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { type DiskSpaceProbe, silentLogger, statfsProbe, withWriteFault } from '../util/index.js';
import type { AcquisitionReader, JsonObject } from '../acquisition/index.js';
import { writeCsv } from './csv/index.js';
import { minimumExportBytes, planBytes } from './estimate.js';
import {
  assertExportFormat,
  assertFree,
  buildProvenance,
  commitExport,
  ExportError,
  ExportFile,
  type ExportFormat,
  type ExportOptions,
  type ExportPlan,
  type ExportResult,
  type ExportSource,
  isExportTempName,
  isInside,
  openExportSink,
  planExport,
  PROGRESS_INTERVAL_MS,
  ProgressReporter,
  removeQuietly,
  reservedNameMessage,
  sidecarPathFor,
  type StreamWriterContext,
  tempPathFor,
  toExportError,
  writeJsonFile,
  type WriterContext,
} from './common/index.js';
import { writeHdf5 } from './hdf5/index.js';
import { writeJson } from './json/index.js';
import { npzMembers, writeNpy, writeNpz } from './npy/index.js';

const WRITERS: Record<ExportFormat, (ctx: StreamWriterContext) => Promise<void>> = {
  csv: writeCsv,
  npy: writeNpy,
  npz: (ctx) => writeNpz(ctx),
  hdf5: (ctx) => writeHdf5(ctx),
  json: writeJson,
};

/** Expected size from which the SHA-256 runs on a worker thread (see Sha256Worker). */
const HASH_ON_WORKER_BYTES = 32 << 20;

/**
 * HDF5 (when syncing) fdatasyncs every this many bytes while it writes, so that the disk works alongside
 * and the final sync is short: about 0.04 s less per GB here (4 %), which HDF5 needed to reach 1 GB/s. The
 * other formats sync once at the end, as they did.
 */
const HDF5_SYNC_EVERY_BYTES = 128 << 20;

/** Formats whose provenance goes in a `<file>.meta.json` sidecar (HDF5 and JSON carry it inside). */
const SIDECAR_FORMATS: ReadonlySet<ExportFormat> = new Set(['csv', 'npy', 'npz']);

const LAYOUTS: Record<ExportFormat, string> = {
  csv:
    'RFC 4180 text, UTF-8, CRLF line ends. First a metadata block of 12 "# key: value" lines (provenance ' +
    "as one JSON line; pandas.read_csv(path, comment='#'), numpy.genfromtxt(..., skip_header=12)). " +
    'Header row: time_s, then "<channel> (<unit>)" per channel. ' +
    'time_s in fixed decimals; samples with 9 significant digits (float32 round-trips); NaN is an empty ' +
    'field, infinities are inf / -inf.',
  npy: 'NumPy .npy v1.0: little-endian float32, shape (sample_count, channels), C order, columns in the order of "channels". numpy.load(path).',
  npz:
    'Uncompressed zip in the numpy.savez layout: time_s (float64) and one float32 array per channel, keys in ' +
    '"npz_keys", then metadata.json (this provenance). numpy.load(path).',
  hdf5: 'HDF5: /channels/<channel> float32 datasets; provenance in attributes.',
  json: 'JSON: {provenance, channels, time_s, values: {<channel>: [...]}}; NaN and infinities are null.',
};

function cancelled(): ExportError {
  return new ExportError('cancelled', 'export cancelled');
}

async function openSource(source: ExportSource): Promise<{ reader: AcquisitionReader; owned: boolean }> {
  if ('reader' in source) return { reader: source.reader, owned: false };
  return { reader: await source.store.openReader(source.acquisitionId), owned: true };
}

/** Never write into the store's own folders, whoever chose the path: an export could replace a capture. */
async function assertOutsideStore(source: ExportSource, targetPath: string): Promise<void> {
  if (!('store' in source)) return;
  const [store, folder] = await Promise.all([
    realpath(source.store.acquisitionsDir).catch(() => source.store.acquisitionsDir),
    realpath(path.dirname(targetPath)).catch(() => path.dirname(targetPath)),
  ]);
  if (isInside(folder, store)) {
    throw new ExportError(
      'invalid_path',
      `${path.basename(targetPath)}: exports cannot go inside the acquisition store`,
    );
  }
}

/** Refuses at once when even the smallest possible export would not fit on the target's disk. */
async function assertRoom(plan: ExportPlan, folder: string, probe: DiskSpaceProbe): Promise<void> {
  const needed = minimumExportBytes(plan);
  const space = await probe(folder).catch(() => undefined);
  if (space === undefined) return; // no statfs here (or no folder: the write will say so)
  const free = space.freeBytes;
  if (free < needed) {
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    throw new ExportError(
      'disk_full',
      `the export needs at least ${mb(needed)} and only ${mb(free)} is free`,
      {
        neededBytes: needed,
        freeBytes: free,
      },
    );
  }
}

/**
 * Exports (part of) an acquisition to `options.targetPath` and resolves with its path, size and SHA-256.
 * Rejects with ExportError: 'invalid_format', 'not_found', 'out_of_range', 'too_large' (JSON), 'exists',
 * 'invalid_path' (inside the acquisition store), 'disk_full', 'cancelled' or 'io_error'. The request is
 * checked before any file is created.
 */
export async function exportAcquisition(options: ExportOptions): Promise<ExportResult> {
  const format = assertExportFormat(options.format);
  if (options.signal?.aborted) throw cancelled();
  const targetPath = path.resolve(options.targetPath);
  const label = path.basename(targetPath);
  let source: { reader: AcquisitionReader; owned: boolean } | undefined;
  try {
    // Whoever chose the path: a file under a temp name would be deleted by the next start-up's sweep.
    if (isExportTempName(label)) throw new ExportError('invalid_path', reservedNameMessage(label));
    await assertOutsideStore(options.source, targetPath);
    source = await openSource(options.source);
    const { reader } = source;
    const plan = planExport(reader.meta, reader.sampleCount, format, options.channels, options);
    const archive = format === 'npy' && options.npyArchive === true;
    const sidecarPath = SIDECAR_FORMATS.has(format) && !archive ? sidecarPathFor(targetPath) : undefined;
    await assertFree(
      [targetPath, ...(sidecarPath === undefined ? [] : [sidecarPath])],
      options.overwrite ?? false,
    );
    await assertRoom(plan, path.dirname(targetPath), options.diskSpace ?? statfsProbe);
    return await writeExport(options, plan, reader, targetPath, sidecarPath);
  } catch (err) {
    throw toExportError(err, `exporting to ${label}`);
  } finally {
    if (source?.owned) await source.reader.close();
  }
}

async function writeExport(
  options: ExportOptions,
  plan: ExportPlan,
  reader: AcquisitionReader,
  targetPath: string,
  sidecarPath: string | undefined,
): Promise<ExportResult> {
  const { format } = plan;
  const log = options.log ?? silentLogger;
  const sync = options.sync ?? true;
  const tempPath = tempPathFor(targetPath);
  const sidecarTemp = sidecarPath === undefined ? undefined : tempPathFor(sidecarPath);
  const provenance = buildProvenance(plan, { instrument: options.instrument, exportedMs: Date.now() });
  let file: ExportFile | undefined;
  const progress = new ProgressReporter(
    options.onProgress,
    () => file?.bytesWritten ?? 0,
    log,
    Math.min(250, Math.max(1, options.progressIntervalMs ?? PROGRESS_INTERVAL_MS)),
  );
  const checkCancelled = (): void => {
    if (options.signal?.aborted) throw cancelled();
  };
  const ctx: WriterContext = {
    plan,
    provenance,
    reader,
    checkCancelled,
    progress: (f) => progress.set(f),
    log,
  };
  progress.start();
  try {
    const openSink = options.writeFault ? withWriteFault(openExportSink, options.writeFault) : openExportSink;
    const syncEveryBytes = format === 'hdf5' && sync ? HDF5_SYNC_EVERY_BYTES : 0;
    file = await ExportFile.create(
      tempPath,
      openSink,
      planBytes(plan) >= HASH_ON_WORKER_BYTES,
      syncEveryBytes,
    );
    await (format === 'npy' && options.npyArchive === true ? writeNpz : WRITERS[format])({ ...ctx, file });
    checkCancelled();
    const written = await file.finish(sync);
    if (sidecarTemp !== undefined) {
      await writeJsonFile(sidecarTemp, sidecarContent(plan, provenance, targetPath, written), sync);
    }
    checkCancelled();
    const identity = await commitExport(
      {
        tempPath,
        targetPath,
        ...(sidecarTemp !== undefined && sidecarPath !== undefined
          ? { sidecar: [sidecarTemp, sidecarPath] }
          : {}),
        overwrite: options.overwrite ?? false,
        sync,
      },
      options.commitOps,
    );
    progress.finish(written.bytes);
    log.info(`exported ${plan.meta.acquisition_id} as ${format} to ${targetPath} (${written.bytes} bytes)`);
    return {
      path: targetPath,
      bytes: written.bytes,
      sha256: written.sha256,
      identity,
      ...(sidecarPath !== undefined ? { sidecarPath } : {}),
      format,
      sampleCount: plan.sampleCount,
      channels: plan.channels.map((c) => c.name),
    };
  } catch (err) {
    progress.stop();
    await file?.discard();
    await removeQuietly([tempPath, sidecarTemp]);
    throw err;
  }
}

/** The sidecar: provenance plus what the file is and how to check it. */
function sidecarContent(
  plan: ExportPlan,
  provenance: JsonObject,
  targetPath: string,
  written: { bytes: number; sha256: string },
): JsonObject {
  const fileInfo: JsonObject = {
    name: path.basename(targetPath),
    format: plan.format,
    bytes: written.bytes,
    sha256: written.sha256,
    layout: LAYOUTS[plan.format],
  };
  if (plan.format === 'csv') fileInfo.time_decimals = plan.timeDecimals;
  if (plan.format === 'npz') {
    const members = npzMembers(plan).slice(1);
    fileInfo.npz_keys = Object.fromEntries(
      plan.channels.map((c, i) => [c.name, members[i]!.name.slice(0, -4)]),
    );
  }
  return { ...provenance, file: fileInfo };
}
