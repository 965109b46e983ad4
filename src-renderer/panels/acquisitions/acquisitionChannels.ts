/** What each kind of instrument can capture (docs/PROTOCOL.md, "Acquisition channels"). */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { mathTraces } from '../scope/mathSettings';

// Sizes in the panel use the backend's formatting (binary units, labelled KiB/MiB/GiB).
export { formatBytes } from '../../../shared/format/bytes';

export interface CaptureChannel {
  name: string;
  /** "V", "A", "W", "V²"; "" for a ratio (a math channel A/B). */
  unit: string;
  /** What the form shows for a math channel ("M1 = CH1 − CH2"); the name otherwise. */
  label?: string;
}

export interface CaptureCapability {
  channels: CaptureChannel[];
  maxSampleRateHz: number;
  defaultSampleRateHz: number;
}

/**
 * What `instrument` can capture. An oscilloscope's math channels that are on in `settings` (its
 * `get_parameters` values: `math1_function` …) are captured like inputs, under M1, M2 with their unit; the
 * backend computes them from their sources as it captures.
 */
export function captureCapability(
  instrument: InstrumentInfo,
  settings?: Record<string, string | number | boolean | undefined>,
): CaptureCapability {
  if (instrument.kind === 'oscilloscope') {
    const math = settings === undefined ? [] : mathTraces(settings);
    return {
      channels: [
        ...instrument.channels.map((c) => ({ name: c.name, unit: c.unit })),
        ...math.flatMap((m, i) => (m.on ? [{ name: `M${i + 1}`, unit: m.unit, label: m.label }] : [])),
      ],
      maxSampleRateHz: 10_000_000,
      defaultSampleRateHz: 100_000,
    };
  }
  return {
    channels: instrument.channels.flatMap((c) => [
      { name: `${c.name}.voltage`, unit: 'V' },
      { name: `${c.name}.current`, unit: 'A' },
      { name: `${c.name}.power`, unit: 'W' },
    ]),
    maxSampleRateHz: 1_000,
    defaultSampleRateHz: 100,
  };
}

/** Bytes a capture takes on disk: 4 bytes per channel per sample (float32), plus a 64-byte header. */
export function captureBytes(samples: number, channelCount: number): number {
  return 64 + samples * channelCount * 4;
}
