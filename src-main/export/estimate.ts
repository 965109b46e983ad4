/**
 * Export sizes before anything is written: `estimateExportBytes` for the UI ("about 1.2 GB"), and a hard
 * lower bound the export checks against the free space of the target's disk, so that an export that cannot
 * fit fails at once instead of after minutes of writing.
 */
import type { AcquisitionMeta } from '../acquisition/index.js';
import { csvHeader } from './csv/index.js';
import {
  type ExportFormat,
  type ExportPlan,
  type ExportRange,
  buildProvenance,
  planExport,
  timeOfSample,
} from './common/index.js';
import { npyFileBytes, npzBytes, npzMetadata } from './npy/index.js';

/** Characters of a typical float32 sample in CSV/JSON ("-0.123456789" is 12, "1.5" is 3); for estimates. */
export const TYPICAL_VALUE_CHARS = 11;
/** HDF5 bytes besides the samples: superblock, groups, attributes, chunk indexes (measured, rounded up). */
const HDF5_BASE_BYTES = 16_384;
const HDF5_PER_DATASET_BYTES = 2_048;
const HDF5_PER_CHUNK_BYTES = 64;
const JSON_HEAD_BYTES = 4_096;
/** The CSV metadata block besides the settings it repeats as JSON (measured about 1.3 kB, rounded up). */
const CSV_METADATA_BASE_BYTES = 2_048;

function timeChars(plan: ExportPlan): number {
  const lastS = plan.sampleCount === 0 ? 0 : timeOfSample(plan.axis, plan.toSample - 1);
  const whole = Math.max(1, Math.floor(Math.log10(Math.max(1, lastS))) + 1);
  return whole + (plan.timeDecimals > 0 ? 1 + plan.timeDecimals : 0);
}

/** Size of the export file for an already checked plan (sidecar not included). */
export function planBytes(plan: ExportPlan): number {
  const n = plan.sampleCount;
  const channels = plan.channels.length;
  switch (plan.format) {
    case 'csv':
      return (
        CSV_METADATA_BASE_BYTES +
        JSON.stringify(plan.meta.instrument_settings).length +
        csvHeader(plan.channels).byteLength +
        n * (timeChars(plan) + channels * (1 + TYPICAL_VALUE_CHARS) + 2)
      );
    case 'npy':
      return npyFileBytes('<f4', [n, channels]);
    case 'npz':
      // exported_iso has the same length whatever the date, so the metadata member's size is known now.
      return npzBytes(plan, npzMetadata(buildProvenance(plan, { exportedMs: 0 })).byteLength);
    case 'hdf5':
      return (
        HDF5_BASE_BYTES +
        channels * (HDF5_PER_DATASET_BYTES + Math.ceil(n / 65_536) * HDF5_PER_CHUNK_BYTES + n * 4)
      );
    case 'json':
      return JSON_HEAD_BYTES + n * (timeChars(plan) + 1) + n * channels * (1 + TYPICAL_VALUE_CHARS);
  }
}

/**
 * Expected size in bytes of exporting `channels` (default all) over `range` (default all) of a finished
 * acquisition: exact for npy and npz (npz: unless the instrument's identity adds to its metadata member), within a few kB for hdf5, an estimate for csv and json (they depend
 * on the digits of the values). Throws what the export itself would for the same request:
 * ExportError 'invalid_format', 'out_of_range', or 'too_large' (JSON).
 */
export function estimateExportBytes(
  meta: AcquisitionMeta,
  format: ExportFormat,
  channels?: readonly string[],
  range: ExportRange = {},
): number {
  return planBytes(planExport(meta, meta.sample_count, format, channels, range));
}

/** Fewest bytes the export can take (every value a single digit); used to refuse early on a full disk. */
export function minimumExportBytes(plan: ExportPlan): number {
  const values = plan.sampleCount * plan.channels.length;
  switch (plan.format) {
    case 'npy':
      return planBytes(plan);
    case 'npz':
      return npzBytes(plan, 0);
    case 'hdf5':
      return values * 4;
    case 'csv':
    case 'json':
      return values * 2 + plan.sampleCount * 2;
  }
}
