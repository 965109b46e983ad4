/**
 * What the scope shows, as VisibleData for "Export view" and "Copy values": the points of the latest record
 * inside the time span on screen (zoomed or not), for the channels switched on, with the instrument and its
 * settings as they were. The record is the display's: decimated by the server to the display width, as
 * min/max pairs per column when it is — the provenance says which, so nobody mistakes it for the raw
 * acquisition (a capture exports that from disk).
 */
import type { VisibleData } from '../../../shared/analysis/visibleData';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import type { WaveformView } from '../../data/WaveformFeed';
import type { InstrumentSettings } from '../../store/benchState';

export interface ScopeViewSource {
  view: WaveformView | undefined;
  /** The time span on screen, s relative to the trigger; undefined ends: the record's. */
  xMinS: number | undefined;
  xMaxS: number | undefined;
  /** Channels switched on, CH1 first. */
  enabled: readonly boolean[];
  /** Math channels M1… in order: shown (on) ones are exported like a channel, in their own unit. */
  math?: readonly { on: boolean; label: string; unit: string }[];
  instrument: Pick<InstrumentInfo, 'id' | 'label' | 'vendor' | 'model' | 'serial'>;
  settings: InstrumentSettings | undefined;
  benchId: string;
}

export function scopeVisibleData(source: ScopeViewSource): VisibleData | undefined {
  const { view, instrument } = source;
  if (view === undefined) return undefined;
  const { xs } = view;
  const lo = source.xMinS ?? -Infinity;
  const hi = source.xMaxS ?? Infinity;
  let first = 0;
  while (first < xs.length && xs[first]! < lo) first++;
  let end = first;
  while (end < xs.length && xs[end]! <= hi) end++;
  const series = source.enabled.flatMap((on, i) => {
    const values = view.ys[i];
    return on && values !== undefined
      ? [{ name: `CH${i + 1}`, unit: 'V', values: Float64Array.from(values.subarray(first, end)) }]
      : [];
  });
  (source.math ?? []).forEach((m, i) => {
    const values = view.math[i];
    // The series is named as the display labels it ("M1 = CH1 − CH2"), so the file says what it holds.
    if (m.on && values !== undefined)
      series.push({ name: m.label, unit: m.unit, values: Float64Array.from(values.subarray(first, end)) });
  });
  const periodS = xs.length > 1 ? xs[1]! - xs[0]! : undefined;
  return {
    title: `Scope ${instrument.model || instrument.label}`,
    x: xs.slice(first, end),
    x_name: 'time',
    x_unit: 's',
    // The record's time axis is relative to the trigger; its first sample is at wall time t0Ms.
    ...(xs.length > 0 ? { t0_ms: view.t0Ms - xs[0]! * 1000 } : {}),
    ...(!view.minMax && periodS !== undefined && periodS > 0 ? { sample_rate_hz: 1 / periodS } : {}),
    series,
    provenance: {
      bench: source.benchId,
      equipment_id: instrument.id,
      label: instrument.label,
      vendor: instrument.vendor,
      model: instrument.model,
      serial: instrument.serial,
      settings: source.settings ?? {},
      time_axis: 'seconds relative to the trigger (x = 0 is the trigger point, at t0)',
      display_record: view.minMax
        ? 'decimated by the server to the display width: a min/max pair per display column'
        : 'every point of the display record',
      triggered: view.triggered,
      visible_span_s: [source.xMinS ?? xs[0] ?? 0, source.xMaxS ?? xs.at(-1) ?? 0],
    },
  };
}
