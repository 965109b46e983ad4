/**
 * `get_spectrum`: the amplitude spectrum of one scope channel (an input or a math channel) over its latest
 * record, computed by the backend (it holds the full record; the wire carries only what a chart shows).
 * docs/PROTOCOL.md ("Spectrum") is the prose authority; shared/dsp/fft holds the arithmetic.
 */
import { z } from 'zod';
import { FFT_WINDOWS } from '../dsp/fft/windows.js';
import { MAX_REQUEST_ID_LENGTH } from './constants.js';

const requestId = z.union([z.string().min(1).max(MAX_REQUEST_ID_LENGTH), z.number().int().safe()]).optional();

/** Points a spectrum reply carries at most (and at least), as a waveform's display width. */
export const SPECTRUM_WIDTH_MIN = 16;
export const SPECTRUM_WIDTH_MAX = 8192;
export const SPECTRUM_WIDTH_DEFAULT = 1200;

export const getSpectrumSchema = z.strictObject({
  type: z.literal('get_spectrum'),
  request_id: requestId,
  equipment_id: z.string().min(1).max(64),
  /** "CH1".."CH4" or a math channel "M1", "M2". */
  channel: z.string().regex(/^(CH|M)[1-9]\d?$/, 'a scope channel name such as CH1 or M1'),
  window: z.enum(FFT_WINDOWS),
  /** Points wanted (the chart's width in pixels): the spectrum is reduced to that many, keeping peaks. */
  width: z.number().int().min(SPECTRUM_WIDTH_MIN).max(SPECTRUM_WIDTH_MAX).optional(),
  /** Buckets equal in log frequency (for a log axis) instead of in frequency. */
  log_frequency: z.boolean().optional(),
});

export type GetSpectrumMessage = z.infer<typeof getSpectrumSchema>;

export const spectrumCommandSchemas = { get_spectrum: getSpectrumSchema } as const;

/** The reply to `get_spectrum`. Levels in V rms; dBV is 20·log10(V rms). */
export interface SpectrumMessage {
  type: 'spectrum';
  request_id?: string | number;
  equipment_id: string;
  channel: string;
  window: (typeof FFT_WINDOWS)[number];
  /** Wall time of the record's first sample, ms since epoch. */
  timestamp: number;
  /** The record's sample rate, Hz, and its length, points. */
  sample_rate: number;
  record_length: number;
  /** Transform length (the record zero-padded to a power of two) and the bin spacing, Hz. */
  fft_size: number;
  bin_hz: number;
  /** Ascending frequencies of the points sent, Hz (each a real bin: the highest of its bucket). */
  frequency_hz: number[];
  /** Level at each frequency, V rms (a sine of amplitude A reads A/√2 in every window). */
  rms_v: number[];
  /** The highest peak above the DC lobe, its frequency interpolated between bins; absent if none. */
  peak?: { frequency_hz: number; rms_v: number; dbv: number };
}
