/**
 * What an export will write, worked out and checked before any file is touched: the format, the channels
 * (and where each sits in a stored frame), the sample range from the requested seconds, the time axis.
 * Every refusal here is an ExportError with a message that names the offending value.
 */
import type { AcquisitionMeta } from '../../acquisition/index.js';
import { ExportError } from './ExportError.js';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat, type ExportRange } from './exportTypes.js';
import { sampleAtOrAfter, timeAxisOf, timeDecimals, timeOfSample, type TimeAxis } from './timeAxis.js';

/**
 * JSON is for small selections: at most this many numbers (samples × (channels + 1), the time column
 * included) — about 120 MB of text. Bigger ones get `too_large`, pointing at the other formats.
 */
export const MAX_JSON_NUMBERS = 10_000_000;

export interface PlannedChannel {
  name: string;
  /** Physical unit; empty when dimensionless. */
  unit: string;
  /** Position of the channel's value within a stored frame. */
  frameIndex: number;
}

export interface ExportPlan {
  meta: AcquisitionMeta;
  format: ExportFormat;
  channels: PlannedChannel[];
  /** Values per stored frame (all channels of the acquisition). */
  frameWidth: number;
  /** Samples readable when the export was planned (grows while a capture is in progress). */
  availableSamples: number;
  /** First capture sample exported. */
  fromSample: number;
  /** One past the last capture sample exported. */
  toSample: number;
  /** toSample − fromSample: rows of the export. */
  sampleCount: number;
  axis: TimeAxis;
  /** Decimal places of time_s in the text formats. */
  timeDecimals: number;
}

export function assertExportFormat(format: unknown): ExportFormat {
  if (isExportFormat(format)) return format;
  const shown = typeof format === 'string' ? JSON.stringify(format.slice(0, 32)) : typeof format;
  throw new ExportError(
    'invalid_format',
    `unknown export format ${shown}: expected one of ${EXPORT_FORMATS.join(', ')}`,
  );
}

function planChannels(meta: AcquisitionMeta, wanted: readonly string[] | undefined): PlannedChannel[] {
  const all = meta.channels.map((c, frameIndex) => ({ name: c.name, unit: c.unit, frameIndex }));
  if (wanted === undefined) return all;
  if (!Array.isArray(wanted) || wanted.length === 0) {
    throw new ExportError('out_of_range', 'channels must list at least one channel');
  }
  return wanted.map((name, i) => {
    const channel = all.find((c) => c.name === name);
    if (typeof name !== 'string' || channel === undefined) {
      throw new ExportError(
        'out_of_range',
        `no channel ${JSON.stringify(name)} in ${meta.acquisition_id} (has ${all.map((c) => c.name).join(', ')})`,
        { channel: name },
      );
    }
    if (wanted.indexOf(name) !== i) {
      throw new ExportError('out_of_range', `channel "${name}" is listed twice`, { channel: name });
    }
    return channel;
  });
}

function checkSeconds(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new ExportError('out_of_range', `${name} must be a number of seconds ≥ 0, got ${String(value)}`);
  }
}

/** The sample range [from, to) that `range` covers among `available` samples. */
function planRange(axis: TimeAxis, range: ExportRange, available: number): [number, number] {
  const { startS, endS } = range;
  checkSeconds('startS', startS);
  checkSeconds('endS', endS);
  if (startS !== undefined && endS !== undefined && endS <= startS) {
    throw new ExportError('out_of_range', `endS (${endS} s) must be after startS (${startS} s)`);
  }
  const from = startS === undefined ? 0 : sampleAtOrAfter(axis, startS, available);
  const to = endS === undefined ? available : sampleAtOrAfter(axis, endS, available);
  const lengthS = available === 0 ? 0 : timeOfSample(axis, available - 1) + 1 / axis.sampleRateHz;
  if (startS !== undefined && from >= available) {
    throw new ExportError(
      'out_of_range',
      `startS ${startS} s is at or after the end of the capture (${lengthS} s, ${available} samples)`,
      { available },
    );
  }
  if (to <= from && (startS !== undefined || endS !== undefined)) {
    throw new ExportError('out_of_range', `no sample lies in ${startS ?? 0} s ..${endS ?? lengthS} s`);
  }
  return [from, to];
}

/**
 * Checks a request against an acquisition with `availableSamples` readable samples (meta.sample_count for
 * a finished one). Throws ExportError 'invalid_format', 'out_of_range' or 'too_large'.
 */
export function planExport(
  meta: AcquisitionMeta,
  availableSamples: number,
  format: unknown,
  channels?: readonly string[],
  range: ExportRange = {},
): ExportPlan {
  const checkedFormat = assertExportFormat(format);
  const planned = planChannels(meta, channels);
  const axis = timeAxisOf(meta);
  const [fromSample, toSample] = planRange(axis, range, availableSamples);
  const sampleCount = toSample - fromSample;
  const lastTimeS = sampleCount === 0 ? 0 : timeOfSample(axis, toSample - 1);
  const plan: ExportPlan = {
    meta,
    format: checkedFormat,
    channels: planned,
    frameWidth: meta.channels.length,
    availableSamples,
    fromSample,
    toSample,
    sampleCount,
    axis,
    timeDecimals: timeDecimals(meta.sample_rate_hz, lastTimeS),
  };
  const numbers = sampleCount * (planned.length + 1);
  if (checkedFormat === 'json' && numbers > MAX_JSON_NUMBERS) {
    throw new ExportError(
      'too_large',
      `JSON export is limited to ${MAX_JSON_NUMBERS.toLocaleString('en-US')} numbers and this selection has ` +
        `${numbers.toLocaleString('en-US')} (${sampleCount.toLocaleString('en-US')} samples × ` +
        `${planned.length + 1} columns); export it as CSV, NPY, NPZ or HDF5, or choose a shorter range or fewer channels`,
      { numbers, limit: MAX_JSON_NUMBERS },
    );
  }
  return plan;
}
