/**
 * A `spectrum` reply as the FFT view shows it: levels in dBV or V rms against frequency, the level at a
 * cursor, the visible part as VisibleData (for "export what you see") and as CSV text ("Copy values").
 * Pure, so it is tested without a DOM.
 */
import type { VisibleData } from '../../../shared/analysis/visibleData';
import { dbvOf } from '../../../shared/dsp/fft/spectrum';
import { FFT_WINDOW_LABELS } from '../../../shared/dsp/fft/windows';
import type { SpectrumMessage } from '../../../shared/protocol/spectrum';

export type SpectrumUnit = 'dBV' | 'V';

/** The levels in the unit shown. */
export function levelsIn(reply: Pick<SpectrumMessage, 'rms_v'>, unit: SpectrumUnit): Float64Array {
  return Float64Array.from(reply.rms_v, (v) => (unit === 'dBV' ? dbvOf(v) : v));
}

/** The point nearest `frequencyHz` (a cursor's reading): its frequency and level in `unit`. */
export function levelNear(
  reply: Pick<SpectrumMessage, 'frequency_hz' | 'rms_v'>,
  frequencyHz: number,
  unit: SpectrumUnit,
): { frequencyHz: number; level: number } | undefined {
  const f = reply.frequency_hz;
  if (f.length === 0) return undefined;
  let lo = 0;
  let hi = f.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (f[mid]! < frequencyHz) lo = mid;
    else hi = mid;
  }
  const i = Math.abs(f[lo]! - frequencyHz) <= Math.abs(f[hi]! - frequencyHz) ? lo : hi;
  const rms = reply.rms_v[i]!;
  return { frequencyHz: f[i]!, level: unit === 'dBV' ? dbvOf(rms) : rms };
}

/** What the FFT view shows between `fromHz` and `toHz` (all of it when absent), as VisibleData. */
export function spectrumVisibleData(
  reply: SpectrumMessage,
  unit: SpectrumUnit,
  label: string,
  range?: { fromHz: number; toHz: number },
): VisibleData {
  const keep: number[] = [];
  reply.frequency_hz.forEach((f, i) => {
    if (range === undefined || (f >= range.fromHz && f <= range.toHz)) keep.push(i);
  });
  const levels = levelsIn(reply, unit);
  return {
    title: `FFT ${reply.channel}`,
    x: Float64Array.from(keep, (i) => reply.frequency_hz[i]!),
    x_name: 'frequency',
    x_unit: 'Hz',
    series: [
      {
        name: `${label} ${unit === 'dBV' ? 'level' : 'rms'}`,
        unit,
        values: Float64Array.from(keep, (i) => levels[i]!),
      },
    ],
    provenance: {
      equipment_id: reply.equipment_id,
      channel: reply.channel,
      window: FFT_WINDOW_LABELS[reply.window],
      record_timestamp_ms: reply.timestamp,
      sample_rate_hz: reply.sample_rate,
      record_length: reply.record_length,
      fft_size: reply.fft_size,
      bin_hz: reply.bin_hz,
      reduction: 'highest bin per display bucket',
    },
  };
}
