/**
 * The instrument catalog returned by `get_info`. The renderer builds its panels from it, so every
 * channel, stream and settable parameter an instrument has is described here with units and ranges.
 */

export const STREAM_TYPES = ['readings', 'waveform', 'measurements'] as const;
export type StreamType = (typeof STREAM_TYPES)[number];

export const ENCODINGS = ['json', 'binary'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type InstrumentKind = 'power_supply' | 'oscilloscope';

export interface ChannelInfo {
  /** Display and wire name, e.g. "CH1". */
  name: string;
  /** SI unit of the channel's primary quantity, e.g. "V". */
  unit: string;
  min: number;
  max: number;
}

export interface StreamInfo {
  stream_type: StreamType;
  min_interval_ms: number;
  max_interval_ms: number;
  encodings: Encoding[];
}

export type ParameterType = 'number' | 'boolean' | 'enum';

export interface ParameterInfo {
  name: string;
  type: ParameterType;
  unit?: string;
  min?: number;
  max?: number;
  choices?: string[];
  /**
   * The discrete values a number parameter takes on this instrument (V/div 1-2-5 steps, timebases, record
   * lengths), ascending. A value between them is rounded to the nearest by the instrument; controls offer
   * these and nothing else.
   */
  values?: number[];
  /** Resolution of a continuous number parameter (a supply's 1 mV setpoint step), in `unit`. */
  step?: number;
  /**
   * Set on per-channel parameters: the channel this entry (and its range) applies to. A per-channel
   * parameter is listed once per channel, because ranges differ between channels (a 5 V output next to
   * 30 V ones); `set_parameter` must then name the channel.
   */
  channel?: number;
  /**
   * On an instrument-wide setting that couples outputs (a supply's `tracking_mode`): the channels it couples,
   * e.g. [1, 2]; when they are paired the first is the one that is set and read.
   */
  coupled_channels?: number[];
  /**
   * With `coupled_channels`: true when, paired, the first channel is set to the combined output's values
   * (series: up to twice the voltage and OVP; parallel: twice the current and OCP; see pairedRangeFactor).
   * Absent: each channel keeps its own range.
   */
  paired_setpoints_combined?: boolean;
  description?: string;
}

/**
 * Where an instrument's link stands: `connecting` while the first attempt runs, `online` once it answered,
 * `offline` after a dropped or failed link (retried with backoff), `error` when it answered but cannot be
 * used (it is not retried).
 */
export const INSTRUMENT_STATES = ['connecting', 'online', 'offline', 'error'] as const;
export type InstrumentState = (typeof INSTRUMENT_STATES)[number];

/** What a driver says about itself: the catalog entry without the backend's view of its link. */
export interface InstrumentDescription {
  id: string;
  kind: InstrumentKind;
  /**
   * The profile it follows (shared/profiles): `power_supply` or `oscilloscope`. The renderer picks its panel
   * by it; an instrument without a known profile gets the generic panel (its parameters as a form).
   */
  profile?: string;
  model: string;
  vendor: string;
  serial: string;
  channels: ChannelInfo[];
  streams: StreamInfo[];
  parameters: ParameterInfo[];
  /**
   * A scope whose driver downloads its whole memory record after a single trigger: the acquisition mode
   * `single_deep` is offered for it. Absent otherwise.
   */
  deep_memory?: true;
}

export interface InstrumentInfo extends InstrumentDescription {
  /** What people call it (from the bench); the id when the bench gives none. */
  label: string;
  /** The bench driver it runs on, e.g. `sim-psu`; absent for an instrument built into the backend. */
  driver?: string;
  /** The link's state; streams of an instrument that is not online are paused. */
  state: InstrumentState;
  /** Why it is in that state, for people (e.g. "connection refused"); absent when online. */
  state_reason?: string;
}
