/**
 * Oscilloscope stream payloads and limits. Waveforms go out as binary frames (shared/codec/frame.ts,
 * FrameKind.waveform) to clients that accept `binary`, and as `stream_data` JSON (WaveformJsonData) to
 * the rest; measurements are always JSON (MeasurementsData).
 */

/** `start_stream.width` (waveform only): display width in points, decimated to this many min/max buckets. */
export const WAVEFORM_WIDTH_DEFAULT = 1200;
export const WAVEFORM_WIDTH_MIN = 16;
export const WAVEFORM_WIDTH_MAX = 8192;

/** Oscilloscope trigger status, reported as `trigger_state` by `get_parameters`. */
export type TriggerState = 'armed' | 'triggered' | 'waiting' | 'stopped';

/**
 * `stream_data.data` of a waveform stream for a JSON client. Value i of a channel sits at time
 * `x0 + i / sample_rate` relative to the trigger. When `min_max` is true the values are interleaved
 * (min, max) pairs of consecutive buckets of the record (so `sample_rate` is two values per bucket
 * duration); otherwise they are the record's samples. At most `width` values per channel.
 */
export interface WaveformJsonData {
  /** Values per channel in this message. */
  num_samples: number;
  /** Values per second along the time axis of this message, Hz. */
  sample_rate: number;
  /** Time of the first value relative to the trigger point, s (negative: before the trigger). */
  x0: number;
  /** False for a free-running (auto mode) record without a trigger event. */
  triggered: boolean;
  min_max: boolean;
  /** Points in the acquired record before decimation. */
  record_length: number;
  /** Sample rate of the acquired record, Hz. */
  record_sample_rate: number;
  /** Enabled channels by name ("CH1"), V. */
  channels: Record<string, number[]>;
}

/**
 * One channel's automatic measurements, computed from the record's samples. Units: V, Hz, s, %. A
 * timing key is absent when the record cannot support it (e.g. `frequency` needs one full period on
 * screen, `rise_time` a rising edge; noise has neither).
 */
export interface ScopeChannelMeasurements {
  vpp: number;
  vmax: number;
  vmin: number;
  vavg: number;
  vrms: number;
  frequency?: number;
  period?: number;
  duty?: number;
  rise_time?: number;
  fall_time?: number;
}

/** `stream_data.data` of a measurements stream: enabled channels by name ("CH1"). */
export type MeasurementsData = Record<string, ScopeChannelMeasurements>;
