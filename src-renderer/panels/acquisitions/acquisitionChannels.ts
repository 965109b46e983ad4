/** What each kind of instrument can capture (docs/PROTOCOL.md, "Acquisition channels"). */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';

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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
