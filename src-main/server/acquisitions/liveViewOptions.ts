/**
 * The options of `start_acquisition_stream`, checked against their ranges before anything is looked up:
 * the period, the window size (smaller for JSON than for binary frames) and where to start.
 */
import {
  ACQUISITION_STREAM_INTERVAL_DEFAULT_MS,
  ACQUISITION_STREAM_INTERVAL_MAX_MS,
  ACQUISITION_STREAM_INTERVAL_MIN_MS,
  ACQUISITION_STREAM_MAX_BINARY_SAMPLES,
  ACQUISITION_STREAM_MAX_JSON_SAMPLES,
  ACQUISITION_STREAM_SAMPLES_DEFAULT,
  type ProtocolError,
  type StartAcquisitionStreamMessage,
} from '../../../shared/protocol/index.js';

/** A view's period and window size, defaults applied. */
export interface LiveViewTiming {
  intervalMs: number;
  /** Most samples per channel in one window. */
  numSamples: number;
}

/** `out_of_range` naming the field, with its range and the value given. */
export function outOfRange(field: string, min: number, max: number, value: number): ProtocolError {
  return {
    code: 'out_of_range',
    message: `${field} must be between ${min} and ${max}; got ${value}`,
    details: { field, min, max, value },
  };
}

/** Defaults filled in and ranges checked; `binary` allows larger windows. */
export function resolveLiveViewTiming(
  message: StartAcquisitionStreamMessage,
  binary: boolean,
): LiveViewTiming | ProtocolError {
  const intervalMs = message.interval_ms ?? ACQUISITION_STREAM_INTERVAL_DEFAULT_MS;
  const [minMs, maxMs] = [ACQUISITION_STREAM_INTERVAL_MIN_MS, ACQUISITION_STREAM_INTERVAL_MAX_MS];
  if (!(intervalMs >= minMs && intervalMs <= maxMs))
    return outOfRange('interval_ms', minMs, maxMs, intervalMs);
  const maxSamples = binary ? ACQUISITION_STREAM_MAX_BINARY_SAMPLES : ACQUISITION_STREAM_MAX_JSON_SAMPLES;
  const numSamples = message.num_samples ?? ACQUISITION_STREAM_SAMPLES_DEFAULT;
  if (!(numSamples >= 1 && numSamples <= maxSamples))
    return outOfRange('num_samples', 1, maxSamples, numSamples);
  return { intervalMs, numSamples };
}

/**
 * Where the view starts: `from_sample` (contiguous delivery; at most the samples flushed so far), or the
 * newest window (live delivery).
 */
export function resolveStart(
  fromSample: number | undefined,
  available: number,
  numSamples: number,
): { fromSample: number; delivery: 'live' | 'contiguous' } | ProtocolError {
  if (fromSample === undefined) return { fromSample: Math.max(0, available - numSamples), delivery: 'live' };
  if (fromSample > available) return outOfRange('from_sample', 0, available, fromSample);
  return { fromSample, delivery: 'contiguous' };
}
