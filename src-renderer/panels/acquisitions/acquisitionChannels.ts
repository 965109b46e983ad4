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

/**
 * A size in binary units, labelled as such (1 KiB = 1,024 B, 1 MiB = 1,048,576 B): "512 B", "1.50 KiB",
 * "38.1 MiB". Labelled "MB", a figure computed in MiB reads 4.9 % low at that scale (7.4 % in GB).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  const decimals = (v: number): number => (v < 10 ? 2 : 1);
  // Rounding may reach the next unit (1023.96 KiB would read "1024.0 KiB"): carry it over first.
  while (Number(value.toFixed(decimals(value))) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(decimals(value))} ${units[unit]}`;
}
