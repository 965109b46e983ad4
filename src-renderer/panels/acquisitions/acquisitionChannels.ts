/** What each kind of instrument can capture (docs/PROTOCOL.md, "Acquisition channels"). */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';

// Sizes in the panel use the backend's formatting (binary units, labelled KiB/MiB/GiB).
export { formatBytes } from '../../../shared/format/bytes';

export interface CaptureChannel {
  name: string;
  unit: string;
}

export interface CaptureCapability {
  channels: CaptureChannel[];
  maxSampleRateHz: number;
  defaultSampleRateHz: number;
}

export function captureCapability(instrument: InstrumentInfo): CaptureCapability {
  if (instrument.kind === 'oscilloscope') {
    return {
      channels: instrument.channels.map((c) => ({ name: c.name, unit: c.unit })),
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
